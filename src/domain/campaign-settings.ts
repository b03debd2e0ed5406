import { z } from "zod";
import { AiJudgeSettings } from "./ai-judge/settings.js";
import { platformAlternation } from "./platform-names.js";

const CAMPAIGN_STATUSES = ["draft", "active", "paused", "closed"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const FLAGS = ["hallucination", "unsafe", "sycophancy", "refusal", "other"] as const;
export const DIFFICULTIES = ["easy", "moderate", "ambiguous"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** A rubric dimension, scored 1–5 for each response. */
export const RubricDimension = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, "must be lowercase letters, digits and _ (at most 31), starting with a letter"),
  description: z.string().min(1, "describe what the dimension measures").max(500),
  label: z.string().min(1).max(40).optional(),
});
export type RubricDimension = z.infer<typeof RubricDimension>;

const Cron = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression with 5 or 6 fields, for example "0 9 * * MON"');
const Duration = z.string().regex(/^\d+\s*[mhd]$/, 'must be a duration such as "90m", "48h" or "2d"');

/** Channels are written `slack:C0123ABC` or `discord:123456789012345678`. */
export const ChannelSpec = z
  .string()
  .regex(new RegExp(`^(${platformAlternation()}):[A-Za-z0-9_-]+$`), 'must be platform:channelId, for example "slack:C0123ABC" or "discord:1234567890"');

/** A person named by platform and user id: `slack:U0123ABC`, `discord:80351110224678912`. */
export const PERSON_REF = new RegExp(`^(${platformAlternation()}):([A-Za-z0-9_.-]+)$`);
export const PersonRef = z.string().regex(PERSON_REF, 'must be platform:userId, for example "slack:U0123ABC" or "discord:80351110224678912"');

/** Who made the annotations, in the Hugging Face card's words. */
const ANNOTATIONS_CREATORS = ["crowdsourced", "expert-generated", "found", "machine-generated", "other"] as const;

/**
 * What the dataset card cannot learn from the data: its license, language and source datasets.
 * Without them the card says so (`license: other`, `license_name: unspecified`) instead of guessing.
 */
const CardSettings = z
  .object({
    /** A license id from hf.co/docs/hub/repositories-licenses (apache-2.0, cc-by-4.0 …), or `other`. */
    license: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.+-]*$/, "must be a license id such as apache-2.0 or cc-by-4.0 (hf.co/docs/hub/repositories-licenses), or other")
      .optional(),
    /** With `license: other`: a short id for it, such as my-license-1.0. */
    licenseName: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, "must be a short lowercase id such as my-license-1.0")
      .optional(),
    /** With `license: other`: LICENSE, LICENSE.md, or a URL. */
    licenseLink: z.string().min(1).max(500).optional(),
    /** ISO 639 codes of the texts (en, fr …). Default en. */
    language: z
      .array(z.string().regex(/^([a-z]{2,3}|code|multilingual)$/, "must be an ISO 639 code such as en or fr"))
      .min(1)
      .optional(),
    /** Hub ids (or names) of the datasets the items come from, such as WeOpenML/PandaLM. */
    sourceDatasets: z.array(z.string().min(1).max(200)).optional(),
    /** Who labeled on the platforms; imported labels are always `found`. Default crowdsourced. */
    annotationsCreators: z.array(z.enum(ANNOTATIONS_CREATORS)).min(1).optional(),
  })
  .strict()
  .superRefine((card, ctx) => {
    const other = card.license === undefined || card.license === "other";
    if (card.license === "other" && (!card.licenseName || !card.licenseLink))
      ctx.addIssue({ code: "custom", message: "license other needs licenseName and licenseLink (LICENSE, LICENSE.md or a URL)", path: ["license"] });
    if (!other && (card.licenseName || card.licenseLink))
      ctx.addIssue({ code: "custom", message: "licenseName and licenseLink go with license: other only", path: ["licenseName"] });
  });

/** Everything a lead can set per campaign, with the defaults the design names. */
export const CampaignSettings = z.object({
  overlap: z.number().int().min(1).max(25).default(3),
  /** Adaptive overlap stops adding judgments here. */
  maxOverlap: z.number().int().min(1).max(50).default(5),
  goldRate: z.number().min(0).max(0.5).default(0.06),
  /** Show the expected answer and its explanation right after a gold vote. */
  goldFeedback: z.boolean().default(true),
  thresholds: z
    .object({
      calibrationKappa: z.number().min(-1).max(1).default(0.65),
      goldAccuracy: z.number().min(0).max(1).default(0.88),
      agreementTarget: z.number().min(-1).max(1).default(0.72),
    })
    .prefault({}),
  rationale: z.enum(["required", "optional"]).default("optional"),
  rubric: z.array(RubricDimension).max(6, "at most 6 rubric dimensions").default([]),
  leaseMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** New annotators answer calibration items before regular ones. */
  qualificationGate: z.boolean().default(true),
  peerReviewRate: z.number().min(0).max(1).default(0.15),
  /** A weekly drop in agreement or gold accuracy larger than this schedules a recalibration. */
  driftThreshold: z.number().min(0.01).max(1).default(0.15),
  calibration: z.object({ cron: Cron, items: z.number().int().min(1).max(50).default(10), window: Duration.default("48h") }).optional(),
  goldChecks: z.object({ cron: Cron }).optional(),
  /** People who lead this campaign besides PAIRWISE_LEADS (and Manage Server in the guild of its Discord channels). */
  leads: z.array(PersonRef).default([]),
  /** Dataset card metadata for exports. */
  card: CardSettings.optional(),
  /** The AI first pass (src/domain/ai-judge/settings.ts); without it, `prescore` uses the defaults. */
  aiJudge: AiJudgeSettings.optional(),
});
export type CampaignSettings = z.infer<typeof CampaignSettings>;

/** The campaign file (YAML or JSON) a lead writes. */
export const CampaignFile = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be lowercase letters, digits, - and _ (at most 63), starting with a letter or digit"),
    title: z.string().min(1).max(150).optional(),
    description: z.string().max(2000).optional(),
    status: z.enum(CAMPAIGN_STATUSES).default("draft"),
    channels: z.array(ChannelSpec).default([]),
    leadsChannels: z.array(ChannelSpec).default([]),
    guidelines: z.string().min(1, "write the guidelines annotators follow").max(20_000),
  })
  .extend(CampaignSettings.shape)
  .strict();
export type CampaignFile = z.infer<typeof CampaignFile>;

/** Splits a parsed campaign file into the columns and the settings JSON. */
export function settingsOf(file: CampaignFile): CampaignSettings {
  const { name: _n, title: _t, description: _d, status: _s, channels: _c, leadsChannels: _l, guidelines: _g, ...settings } = file;
  return CampaignSettings.parse(settings);
}

/** Reads stored settings; they were validated on write, but old rows may predate new defaults. */
export function parseStoredSettings(json: string): CampaignSettings {
  return CampaignSettings.parse(JSON.parse(json));
}
