/**
 * The session advisory locks Pairwise takes on PostgreSQL, all in one place so that no two
 * purposes ever share a key. PostgreSQL's two-key form: the first key names Pairwise (the bytes
 * "PWIS"), so another application sharing the database does not collide with us; the second names
 * the purpose.
 */
export const ADVISORY_LOCK_NAMESPACE = 0x50574953;

/** Second keys, one per purpose. */
export const ADVISORY_LOCKS = {
  /** Applying migrations: replicas starting together wait for each other (postgres/migrate.ts). */
  migrations: 1,
  /** `pairwise db copy` into a database: one copy at a time (copy/connect.ts). */
  copy: 20,
  /** Running scheduled jobs: one replica at a time (postgres/scheduler-leadership.ts). */
  scheduler: 30,
} as const;

/**
 * Locks on one row (a channel post being settled, an import batch being written, a campaign's
 * imports): the two-key form with a first key per kind ("PWPC", "PWIB", "PWIC": Pairwise, then the
 * kind) and the row's id as the second key. Ids past 2^31 wrap ({@link rowLockKey}), which can only
 * make two rows share a lock, never let one row be locked twice.
 */
export const ROW_LOCK_NAMESPACES = {
  /** A channel post being sent or looked for: one process at a time settles it (storage/claims.ts). */
  channelPost: 0x50575043,
  /** An import batch being written: held by the importer's session until it is published (storage/claims.ts). */
  importBatch: 0x50574942,
  /** A campaign's imports: the check for another import and the new batch's insert, one transaction at a time (repos/import-batches.repo.ts). */
  campaignImports: 0x50574943,
} as const;

/** The second key for a row id: PostgreSQL's advisory keys are int4. */
export const rowLockKey = (id: number): number => id % 2 ** 31;
