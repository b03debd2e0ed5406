import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/random.js";
import { bakeoffBoard, DEFAULT_BAKEOFF_POLICY, nextPair, normalCdf, normalQuantile, pairKey, type PairTally } from "../../../src/stats/index.js";

/** A tally of `models` with `record[i][j]` wins of model i over model j. */
function tally(models: string[], record: number[][]): PairTally {
  const m = models.length;
  const games = new Float64Array(m * m);
  const wins = new Float64Array(m * m);
  let battles = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      wins[i * m + j] = record[i]![j]!;
      games[i * m + j] = record[i]![j]! + record[j]![i]!;
      if (i < j) battles += games[i * m + j]!;
    }
  }
  return { models, games, wins, battles };
}

describe("the normal distribution", () => {
  it("matches the standard tables", () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(() => normalQuantile(1)).toThrow("0 < p < 1");
  });
});

describe("the bake-off leaderboard", () => {
  const policy = DEFAULT_BAKEOFF_POLICY;

  it("calls a clean sweep of six stable at 95%, five not yet (one pseudo-draw a pair keeps the Wald interval honest)", () => {
    const five = bakeoffBoard(
      tally(
        ["x", "y"],
        [
          [0, 5],
          [0, 0],
        ],
      ),
      policy,
    );
    expect(five.neighbours[0]).toMatchObject({ upper: "x", lower: "y", verdict: "open" });
    expect(five.stable).toBe(false);
    const six = bakeoffBoard(
      tally(
        ["x", "y"],
        [
          [0, 6],
          [0, 0],
        ],
      ),
      policy,
    );
    expect(six.neighbours[0]!.verdict).toBe("ordered");
    expect(six.stable).toBe(true);
    expect(six.rows[0]).toMatchObject({ model: "x", views: 6 });
    expect(six.rows[0]!.low).toBeLessThan(six.rows[0]!.rating);
  });

  it("needs every model seen the minimum number of times, and calls equal models tied only within a margin", () => {
    const unseen = bakeoffBoard(
      tally(
        ["x", "y", "z"],
        [
          [0, 9, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      ),
      policy,
    );
    expect(unseen.stable).toBe(false);
    const even = tally(
      ["x", "y"],
      [
        [0, 200],
        [200, 0],
      ],
    );
    expect(bakeoffBoard(even, policy).neighbours[0]!.verdict).toBe("open");
    expect(bakeoffBoard(even, { ...policy, margin: 40 }).neighbours[0]!.verdict).toBe("tied");
    expect(bakeoffBoard(even, { ...policy, margin: 40 }).stable).toBe(true);
  });
});

describe("the bake-off's next pair", () => {
  const policy = { ...DEFAULT_BAKEOFF_POLICY, exploration: 0 };

  it("brings the least seen model up to the minimum first, against the opponent it met least", () => {
    const t = tally(
      ["x", "y", "z"],
      [
        [0, 3, 0],
        [2, 0, 0],
        [0, 0, 0],
      ],
    );
    const pick = nextPair(t, bakeoffBoard(t, policy), policy, seededRandom(1));
    expect(pick.reason).toBe("min-views");
    expect([pick.i, pick.j]).toContain(2);
  });

  it("spends the vote on the open neighbour gap: x is far ahead, y and z are close", () => {
    const t = tally(
      ["x", "y", "z"],
      [
        [0, 20, 20],
        [0, 0, 5],
        [0, 4, 0],
      ],
    );
    const board = bakeoffBoard(t, policy);
    expect(board.neighbours.map((n) => n.verdict)).toEqual(["ordered", "open"]);
    const random = seededRandom(2);
    for (let k = 0; k < 20; k++) {
      const pick = nextPair(t, board, policy, random);
      expect(pick.reason).toBe("uncertainty");
      expect(new Set([pick.i, pick.j])).toEqual(new Set([1, 2]));
    }
  });

  it("does not post a pair again while it waits for its vote, nor a pair that shares no prompt", () => {
    const t = tally(
      ["x", "y", "z"],
      [
        [0, 20, 20],
        [0, 0, 5],
        [0, 4, 0],
      ],
    );
    const board = bakeoffBoard(t, policy);
    const pick = nextPair(t, board, policy, seededRandom(3), { pending: new Set([pairKey(1, 2)]) });
    expect(pairKey(pick.i, pick.j)).not.toBe(pairKey(1, 2));
    const only = nextPair(t, board, { ...policy, exploration: 1 }, seededRandom(4), { comparable: new Set([pairKey(0, 2)]) });
    expect(pairKey(only.i, only.j)).toBe(pairKey(0, 2));
  });
});
