import { createHmac } from "node:crypto";

/**
 * A stable pseudonym for an annotator: HMAC-SHA256 of the identity under the database's secret
 * salt, so the same person keeps the same pseudonym across exports of one deployment, and nobody
 * can recompute it from a Slack or Discord user id.
 */
export function pseudonymize(salt: string, identity: { platform: string; workspaceId: string; userId: string }): string {
  const mac = createHmac("sha256", salt).update(`${identity.platform}\u0000${identity.workspaceId}\u0000${identity.userId}`).digest("hex");
  return `annotator-${mac.slice(0, 12)}`;
}
