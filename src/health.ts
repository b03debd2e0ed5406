/** One answer to a health probe: whether it passes, and each check with what it found. */
export interface HealthReport {
  ok: boolean;
  checks: Record<string, string>;
}

/** What the health endpoints ask of the running bot (adapters/health serves it over HTTP). */
export interface HealthProbe {
  /** Liveness: the process answers and its database connection works. A failure means restart it. */
  liveness(): Promise<HealthReport>;
  /**
   * Readiness: started (database migrated, every configured platform connected, scheduler running)
   * and not shutting down. A failure means send it no traffic for now, not restart it.
   */
  readiness(): Promise<HealthReport>;
}

/**
 * The bot's health state, set by the composition root as it starts and stops. `pingDatabase`
 * throws when the database cannot be read (closed, file gone, corrupt).
 */
export class Health implements HealthProbe {
  private phase: "starting" | "serving" | "stopping" = "starting";

  constructor(private readonly pingDatabase: () => Promise<void>) {}

  /** Everything is started: the bot takes traffic. */
  markServing(): void {
    if (this.phase === "starting") this.phase = "serving";
  }

  /** Shutdown began: readiness fails at once so a load balancer stops routing here. */
  markStopping(): void {
    this.phase = "stopping";
  }

  async liveness(): Promise<HealthReport> {
    const database = await this.database();
    return { ok: database === "ok", checks: { database } };
  }

  async readiness(): Promise<HealthReport> {
    const database = await this.database();
    const phase = this.phase === "serving" ? "ok" : this.phase;
    return { ok: database === "ok" && phase === "ok", checks: { database, phase } };
  }

  private async database(): Promise<string> {
    try {
      await this.pingDatabase();
      return "ok";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
}
