import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa, perAnnotatorAgreement, type Labeling } from "../../../src/stats/index.js";

/** The definition, annotator by annotator over every item (what the linear pass must equal). */
function byDefinition(labelings: Labeling[], categories: string[], gold: Map<string, string>) {
  const items = [...new Set(labelings.map((l) => l.item))];
  return [...new Set(labelings.map((l) => l.annotator))].sort().map((annotator) => {
    const vsOthers: [string, string][] = [];
    const vsGold: [string, string][] = [];
    for (const item of items) {
      const list = labelings.filter((l) => l.item === item);
      const mine = list.find((l) => l.annotator === annotator);
      if (!mine) continue;
      if (gold.has(item)) vsGold.push([mine.label, gold.get(item)!]);
      const counts = new Map<string, number>();
      for (const l of list) if (l.annotator !== annotator) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
      if (counts.size === 0) continue;
      const best = Math.max(...counts.values());
      const leaders = [...counts].filter(([, n]) => n === best);
      if (leaders.length === 1) vsOthers.push([mine.label, leaders[0]![0]]);
    }
    return {
      annotator,
      vsOthers: vsOthers.length ? cohenKappa(vsOthers, { categories }) : null,
      vsGold: vsGold.length ? cohenKappa(vsGold, { categories }) : null,
    };
  });
}

describe("per-annotator agreement in one pass", () => {
  it("equals the definition on any data, repeated labels and gold included", () => {
    const categories = ["a", "b", "tie"];
    const labeling = fc.record({
      annotator: fc.constantFrom("u1", "u2", "u3", "u4", "u5"),
      item: fc.constantFrom("i1", "i2", "i3", "i4", "i5", "i6"),
      label: fc.constantFrom(...categories),
    });
    fc.assert(
      fc.property(
        fc.array(labeling, { maxLength: 60 }),
        fc.array(fc.tuple(fc.constantFrom("i1", "i2", "i3"), fc.constantFrom(...categories)), { maxLength: 3 }),
        (labelings, goldPairs) => {
          const gold = new Map(goldPairs);
          const fast = perAnnotatorAgreement(labelings, { categories, gold });
          const slow = byDefinition(labelings, categories, gold);
          expect(fast.map((r) => r.annotator)).toEqual(slow.map((r) => r.annotator));
          fast.forEach((r, i) => {
            for (const key of ["vsOthers", "vsGold"] as const) {
              const [x, y] = [r[key], slow[i]![key]];
              expect(x === null).toBe(y === null);
              if (x && y) {
                expect(x.confusion).toEqual(y.confusion);
                expect(x.units).toBe(y.units);
                if (Number.isNaN(y.value)) expect(x.value).toBeNaN();
                else expect(x.value).toBeCloseTo(y.value, 12);
              }
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
