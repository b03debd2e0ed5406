import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cohenKappa } from "../../../src/stats/cohen.js";
import { fleissKappa } from "../../../src/stats/fleiss.js";
import { gwetAc } from "../../../src/stats/gwet.js";
import { krippendorffAlpha } from "../../../src/stats/krippendorff.js";

const label = fc.constantFrom("a", "b", "tie", "both_bad");
const twoRaters = fc.array(fc.tuple(label, label), { minLength: 2, maxLength: 60 });

/** Scott's pi for two raters: (p_o − p_e) / (1 − p_e) with p_e from the pooled marginals. */
function scottsPi(pairs: readonly (readonly [string, string])[]): number {
  const n = pairs.length;
  const po = pairs.filter(([x, y]) => x === y).length / n;
  const pooled = new Map<string, number>();
  for (const [x, y] of pairs) for (const v of [x, y]) pooled.set(v, (pooled.get(v) ?? 0) + 1);
  const pe = [...pooled.values()].reduce((s, c) => s + (c / (2 * n)) ** 2, 0);
  return (po - pe) / (1 - pe);
}

describe("agreement properties", () => {
  it("perfect agreement gives 1 for kappa, Fleiss, alpha and AC1", () => {
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 2, maxLength: 40 }).filter((xs) => new Set(xs).size > 1),
        (xs) => {
          const table = xs.map((x) => [x, x, x]);
          expect(cohenKappa(xs.map((x) => [x, x])).value).toBeCloseTo(1, 12);
          expect(fleissKappa(table).value).toBeCloseTo(1, 12);
          expect(krippendorffAlpha(table).value).toBeCloseTo(1, 12);
          expect(gwetAc(table).value).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it("relabelling categories changes nothing for nominal data", () => {
    const rename: Record<string, string> = { a: "z", b: "y", tie: "x", both_bad: "w" };
    fc.assert(
      fc.property(twoRaters, (pairs) => {
        const renamed = pairs.map(([x, y]) => [rename[x]!, rename[y]!]);
        for (const [f, g] of [
          [cohenKappa(pairs).value, cohenKappa(renamed).value],
          [krippendorffAlpha(pairs).value, krippendorffAlpha(renamed).value],
          [fleissKappa(pairs).value, fleissKappa(renamed).value],
        ] as const) {
          if (Number.isNaN(f)) expect(g).toBeNaN();
          else expect(g).toBeCloseTo(f, 12);
        }
      }),
    );
  });

  it("for two raters and no missing data, alpha = 1 − (1 − π)(2n − 1)/(2n) (Krippendorff 2011)", () => {
    fc.assert(
      fc.property(
        twoRaters.filter((p) => new Set(p.flat()).size > 1),
        (pairs) => {
          const n = pairs.length;
          const pi = scottsPi(pairs);
          expect(krippendorffAlpha(pairs).value).toBeCloseTo(1 - ((1 - pi) * (2 * n - 1)) / (2 * n), 10);
        },
      ),
    );
  });

  it("AC1 for two raters and two categories matches Gwet's (2008) closed form", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("+", "-"), fc.constantFrom("+", "-")), { minLength: 2, maxLength: 80 }), (pairs) => {
        const n = pairs.length;
        const pa = pairs.filter(([x, y]) => x === y).length / n;
        const q = pairs.reduce((s, [x, y]) => s + (x === "+" ? 1 : 0) + (y === "+" ? 1 : 0), 0) / (2 * n);
        const pe = 2 * q * (1 - q);
        const expected = (pa - pe) / (1 - pe);
        expect(gwetAc(pairs, { categories: ["+", "-"] }).value).toBeCloseTo(expected, 12);
      }),
    );
  });
});
