import { describe, expect, it } from "vitest";
import { translatePlaceholders } from "../../../src/storage/statement.js";

describe("translatePlaceholders (SQLite's placeholders as PostgreSQL's)", () => {
  it("numbers ? placeholders in order", () => {
    expect(translatePlaceholders("SELECT * FROM t WHERE a = ? AND b > ? LIMIT ?")).toEqual({
      text: "SELECT * FROM t WHERE a = $1 AND b > $2 LIMIT $3",
      names: undefined,
    });
  });

  it("gives each @name one number, the same each time it appears", () => {
    expect(translatePlaceholders("UPDATE t SET x = @target, y = CASE WHEN z >= @target THEN 1 END WHERE id = @id")).toEqual({
      text: "UPDATE t SET x = $1, y = CASE WHEN z >= $1 THEN 1 END WHERE id = $2",
      names: ["target", "id"],
    });
  });

  it("leaves quoted strings, quoted names and comments alone", () => {
    const sql = `SELECT '?', 'it''s @x', "a?b" FROM t -- why? @y\nWHERE c = ?`;
    expect(translatePlaceholders(sql).text).toBe(`SELECT '?', 'it''s @x', "a?b" FROM t -- why? @y\nWHERE c = $1`);
  });

  it("refuses a statement that mixes both kinds", () => {
    expect(() => translatePlaceholders("SELECT * FROM t WHERE a = ? AND b = @b")).toThrow(/both \? and @name/);
  });
});
