import { describe, expect, it } from "vitest";
import { copyTables } from "../../../../src/storage/copy/tables.js";
import { canonical, toTarget } from "../../../../src/storage/copy/values.js";
import { openDatabase } from "../../../../src/storage/database.js";

describe("what db copy copies", () => {
  const tables = copyTables();

  it("every table of the SQLite database, and nothing of SQLite's or drizzle's own", () => {
    const sqlite = openDatabase(":memory:");
    const names = sqlite.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', '__drizzle_migrations') ORDER BY name")
      .pluck()
      .all();
    expect(tables.map((t) => t.name).sort()).toEqual(names);
  });

  it("each table after the tables its foreign keys point at", () => {
    const position = new Map(tables.map((t, i) => [t.name, i]));
    const late = tables.flatMap((t) => t.parents.filter((p) => position.get(p)! > position.get(t.name)!).map((p) => `${t.name} before ${p}`));
    expect(late).toEqual([]);
    expect(tables.find((t) => t.name === "judgments")!.parents).toEqual(expect.arrayContaining(["campaigns", "comparisons", "annotators", "assignments"]));
  });

  it("pages each table by its primary key, or a NOT NULL unique index where it has none", () => {
    const key = (name: string) => tables.find((t) => t.name === name)!.key.map((c) => c.name);
    expect(key("judgments")).toEqual(["id"]);
    expect(key("app_meta")).toEqual(["key"]);
    expect(key("annotator_campaign_notes")).toEqual(["annotator_id", "campaign_id"]);
    expect(key("poll_votes")).toEqual(["poll_id", "voter_user_id", "option"]);
    expect(tables.filter((t) => t.identity).map((t) => t.name)).toContain("judgments");
    expect(tables.filter((t) => t.identity).map((t) => t.name)).not.toContain("ai_verdicts");
  });

  it("knows SQLite's booleans and timestamps for what they are", () => {
    const kinds = (name: string) => Object.fromEntries(tables.find((t) => t.name === name)!.columns.map((c) => [c.name, c.kind]));
    expect(kinds("polls")).toMatchObject({ id: "integer", anonymous: "boolean", closes_at: "integer", question: "text" });
    expect(kinds("annotator_weekly")).toMatchObject({ agreement: "real" });
  });
});

describe("one value, as each side gives it", () => {
  // [kind, as SQLite gives it, as node-postgres gives it, as PGlite gives it]
  const cases: [Parameters<typeof canonical>[0], unknown, unknown, unknown][] = [
    ["integer", 1767600000000n, "1767600000000", 1767600000000],
    ["integer", 2n ** 60n, (2n ** 60n).toString(), 2n ** 60n],
    ["boolean", 1n, true, true],
    ["boolean", 0n, false, false],
    ["real", 0.30000000000000004, 0.30000000000000004, 0.30000000000000004],
    ["real", 3, 3, 3],
    ["text", "Réponse «1» 🙂\n", "Réponse «1» 🙂\n", "Réponse «1» 🙂\n"],
    ["blob", Buffer.from([0, 255]), Buffer.from([0, 255]), new Uint8Array([0, 255])],
    ["text", null, null, null],
  ];
  it.each(cases)("%s %s hashes the same from SQLite, node-postgres and PGlite", (kind, sqlite, nodePg, pglite) => {
    expect(canonical(kind, nodePg)).toEqual(canonical(kind, sqlite));
    expect(canonical(kind, pglite)).toEqual(canonical(kind, sqlite));
  });

  it("tells different values apart", () => {
    expect(canonical("integer", 1n)).not.toEqual(canonical("integer", "2"));
    expect(canonical("boolean", 1n)).not.toEqual(canonical("boolean", false));
    expect(canonical("real", 0.1)).not.toEqual(canonical("real", 0.10000000000000002));
    expect(canonical("text", "")).not.toEqual(canonical("text", null));
  });

  it("is sent to PostgreSQL in the form its column types read", () => {
    expect([toTarget("boolean", 1n), toTarget("boolean", 0n)]).toEqual([true, false]);
    expect([toTarget("integer", 42n), toTarget("integer", 2n ** 60n)]).toEqual([42, "1152921504606846976"]);
    expect([toTarget("real", Number.POSITIVE_INFINITY), toTarget("real", 0.5)]).toEqual(["Infinity", 0.5]);
    expect(toTarget("blob", Buffer.from([1, 2]))).toBe("\\x0102");
  });
});
