import { createHmac, randomBytes } from "node:crypto";

/** A new random secret for an anonymous poll's voter hashes (deleted at the close, with the hashes). */
export const newPollSecret = (): string => randomBytes(24).toString("hex");

/**
 * An anonymous voter's key: a hash of who they are under the poll's own secret. It refuses a
 * second vote and says nothing about the choice; without the secret it cannot be tested against a
 * person.
 */
export const anonymousVoterHash = (secret: string, voterId: string): string => createHmac("sha256", secret).update(voterId).digest("hex");
