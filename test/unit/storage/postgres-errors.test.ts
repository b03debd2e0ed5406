import pg from "pg";
import { describe, expect, it } from "vitest";
import { asPairwiseError, PairwiseError } from "../../../src/errors.js";
import { postgresDb } from "../../../src/storage/postgres/database.js";
import { freePort } from "../../helpers/bot-process.js";

describe("PostgreSQL failures told as what a person can act on", () => {
  it("a server that cannot be reached is a STORAGE error saying nothing was saved, not a bug", async () => {
    // A port nothing listens on: the connection is refused at once.
    const pool = new pg.Pool({ connectionString: `postgres://pairwise@127.0.0.1:${await freePort()}/pairwise`, max: 1 });
    const db = postgresDb(pool);
    for (const attempt of [() => db.pool.query("SELECT 1", []), () => db.pool.connect()]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PairwiseError);
      expect((error as PairwiseError).code).toBe("STORAGE");
      expect((error as PairwiseError).message).toMatch(/cannot be reached right now, so nothing was saved/);
      expect(((error as PairwiseError).cause as { code?: string }).code).toBe("ECONNREFUSED");
    }
    await pool.end();
  });

  it("a conflict or an overloaded server asks to try again; a refused connection elsewhere stays unknown", () => {
    const failure = (code: string) => Object.assign(new Error("x"), { code });
    expect(asPairwiseError(failure("40P01"))?.code).toBe("BUSY");
    expect(asPairwiseError(failure("53300"))?.code).toBe("BUSY");
    expect(asPairwiseError(failure("53100"))?.message).toMatch(/disk .* full/);
    expect(asPairwiseError(failure("25006"))?.code).toBe("STORAGE");
    // Not from the database's pool (the AI judge's server, a webhook receiver): not read as the database.
    expect(asPairwiseError(failure("ECONNREFUSED"))).toBeUndefined();
  });
});
