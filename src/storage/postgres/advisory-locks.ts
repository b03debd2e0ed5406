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
