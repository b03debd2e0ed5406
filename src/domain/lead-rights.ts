import { PERSON_REF } from "./campaign-settings.js";

/** Someone asking for a lead's power, as the platform presented them. */
export interface LeadCandidate {
  platform: string;
  /** The Slack team or Discord guild the request came from ("dm" in a Discord DM). */
  workspaceId: string;
  userId: string;
  /** The platform says they administer that workspace (Discord: Manage Server in this guild). */
  platformAdmin: boolean;
}

/** A person named in configuration: `slack:U0123ABC` parsed. */
export interface PersonRef {
  platform: string;
  userId: string;
}

/** A workspace (Slack team, Discord guild) on a platform. */
export interface WorkspaceRef {
  platform: string;
  workspaceId: string;
}

/** What lead power is asked over. */
export type LeadTarget =
  /** A campaign: the people its file names, and the workspaces its channels are in. */
  | { kind: "campaign"; leads: readonly PersonRef[]; workspaces: readonly WorkspaceRef[] }
  /** A poll: it belongs to the workspace it was posted in. */
  | { kind: "poll"; workspace: WorkspaceRef }
  /** Anything at all (help, listing the campaigns someone leads): named anywhere, or an admin. */
  | { kind: "any"; namedInSomeCampaign: boolean };

/** `slack:U0123ABC` → platform and user id (PAIRWISE_LEADS entries and the campaign file's `leads`). */
export function parsePersonRef(ref: string): PersonRef | undefined {
  const m = PERSON_REF.exec(ref.trim());
  return m ? { platform: m[1]!, userId: m[2]! } : undefined;
}

const named = (who: LeadCandidate, refs: readonly PersonRef[]) => refs.some((p) => p.platform === who.platform && p.userId === who.userId);

const inWorkspace = (who: LeadCandidate, w: WorkspaceRef) => w.platform === who.platform && w.workspaceId === who.workspaceId;

/**
 * Who may lead what. Global leads (PAIRWISE_LEADS) lead every campaign; a campaign's own leads
 * (`leads:` in its file) lead it; a platform admin (Discord's Manage Server) leads only the
 * campaigns with a channel in the workspace they administer. A poll belongs to its workspace:
 * nobody acts on it from elsewhere, and inside it global leads and its admins may. The terminal
 * playground's user leads their own playground.
 */
export function mayLead(who: LeadCandidate, globalLeads: readonly PersonRef[], target: LeadTarget): boolean {
  if (who.platform === "terminal") return true;
  const global = named(who, globalLeads);
  switch (target.kind) {
    case "campaign":
      return global || named(who, target.leads) || (who.platformAdmin && target.workspaces.some((w) => inWorkspace(who, w)));
    case "poll":
      return inWorkspace(who, target.workspace) && (global || who.platformAdmin);
    case "any":
      return global || who.platformAdmin || target.namedInSomeCampaign;
  }
}
