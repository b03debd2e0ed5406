import { toScreenChoice, type Choice, type ScreenChoice } from "../../src/domain/choice.js";
import { createScheduler, type Scheduler } from "../../src/scheduler/scheduler.js";
import { JOBS } from "../../src/scheduler/jobs.js";
import { seedCampaign, seedComparisons, type TestCore } from "./core.js";
import { helpfulnessCampaign } from "./campaign-yaml.js";

/**
 * Shared ground for the end-to-end quality tests (Slack and Discord): one campaign file with a
 * weekly calibration round, its items, and a driver that moves the real job table through
 * simulated time on the core's manual clock. Nothing here asserts; the test files do.
 */

/** Monday 09:00 UTC, 3 reference items, a 48 h window: the reminder falls at Tuesday 21:00, the close at Wednesday 09:00. */
function calibrationCampaign(channel: string, leads: string): string {
  return helpfulnessCampaign([channel], `leadsChannels: [${leads}]\ncalibration: { cron: "0 9 * * MON", items: 3, window: "48h" }`, "calib");
}

/** A campaign that injects gold items at half the assignments and shows feedback after each. */
export function goldCampaign(channel: string, leads: string): string {
  return `
name: gold
title: Gold checks
status: active
guidelines: Pick the more helpful response.
goldRate: 0.5
goldFeedback: true
overlap: 1
qualificationGate: false
peerReviewRate: 0
channels: [${channel}]
leadsChannels: [${leads}]
`;
}

/** The reference explanation of calibration item `cal-i`: distinctive, so a test can find it in a thread. */
export const explanationOf = (i: number) => `Response A names the right unit for item ${i}; B guesses.`;

/** Creates the calibration campaign with 10 regular items and 3 calibration items whose reference is A. */
export async function seedCalibrationCampaign(core: TestCore, channel: string, leads: string) {
  const campaign = await seedCampaign(core, calibrationCampaign(channel, leads));
  seedComparisons(core, campaign.id, 10);
  const ids = seedComparisons(core, campaign.id, 3, { kind: "calibration", gold: "a", prefix: "cal" });
  const explain = core.services.db.$client.prepare("UPDATE comparisons SET gold_explanation = ? WHERE id = ?");
  ids.forEach((id, i) => explain.run(explanationOf(i), id));
  return campaign;
}

/** Where a stored choice sits on the screen of an assignment (its display order is random). */
export function screenChoiceOf(core: TestCore, assignmentId: number, stored: Choice): ScreenChoice {
  const row = core.services.db.$client.prepare("SELECT display_order FROM assignments WHERE id = ?").get(assignmentId) as
    | { display_order: "ab" | "ba" }
    | undefined;
  if (!row) throw new Error(`no assignment ${assignmentId}`);
  return toScreenChoice(stored, row.display_order);
}

/** The kind of an assignment (regular, gold, calibration), which a card never shows before the vote. */
export function assignmentKind(core: TestCore, assignmentId: number): string {
  return (core.services.db.$client.prepare("SELECT kind FROM assignments WHERE id = ?").get(assignmentId) as { kind: string }).kind;
}

/** Annotator statuses by user id. */
export function statuses(core: TestCore): Record<string, string> {
  const rows = core.services.db.$client.prepare("SELECT user_id, status FROM annotators ORDER BY user_id").all() as { user_id: string; status: string }[];
  return Object.fromEntries(rows.map((r) => [r.user_id, r.status]));
}

/** Every user id and display name the database knows: none may appear in an anonymized excerpt. */
export function identities(core: TestCore): string[] {
  const rows = core.services.db.$client.prepare("SELECT user_id, display_name FROM annotators").all() as { user_id: string; display_name: string | null }[];
  return rows.flatMap((r) => [r.user_id, ...(r.display_name ? [r.display_name] : [])]);
}

export const roundCount = (core: TestCore) => (core.services.db.$client.prepare("SELECT count(*) AS n FROM calibration_rounds").get() as { n: number }).n;

export interface WeekDriver {
  scheduler: Scheduler;
  /** Moves the clock `hours` ahead and runs every job fire in between (the minute sweep included), then lets the adapter finish. */
  step(hours: number): Promise<string[]>;
}

/** The real job table on the core's manual clock: the week passes in seconds, with every minute's sweep. */
export function weekDriver(core: TestCore, settle: () => Promise<void>): WeekDriver {
  const scheduler = createScheduler({ jobs: JOBS, deps: core.deps, clock: core.clock, timezone: "UTC", logger: core.deps.logger });
  return {
    scheduler,
    async step(hours) {
      const since = core.clock.now();
      core.clock.advance(hours * 3_600_000);
      const ran = await scheduler.advance(since, core.clock.now());
      await settle();
      return ran;
    },
  };
}
