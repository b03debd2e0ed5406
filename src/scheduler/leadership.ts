/**
 * Whether this process may run the scheduled jobs now. With several bot replicas on one
 * PostgreSQL, one replica at a time leads (storage/postgres/scheduler-leadership.ts); the others
 * keep serving clicks and commands and take over when the leader dies. Jobs stay idempotent by
 * run key whoever runs them, so the moment two replicas both think they lead (the old leader has
 * not noticed yet that its connection died) runs nothing twice.
 */
export interface Leadership {
  isLeader(): boolean;
}

/** SQLite: one bot process per database file, which always leads. */
export const SOLE_PROCESS: Leadership = { isLeader: () => true };
