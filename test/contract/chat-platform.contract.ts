import { describe, expect, it } from "vitest";
import { encodeAction, type Action } from "../../src/core/action-ids.js";
import { comparisonCard } from "../../src/core/cards/comparison-card.js";
import type { MessageView } from "../../src/core/views.js";

/** What the contract needs from an adapter: its pure renderer and its pure click parser. */
export interface AdapterUnderContract {
  name: string;
  /** Renders a view; returns everything a person can read, the actions they can click, and whether the platform would accept it. */
  render(view: MessageView): { text: string; actions: string[]; accepted: boolean };
  /** What a click on a button with this id becomes in the core (undefined when dropped). */
  click(actionId: string): Action | undefined;
}

const card = (a: string, b: string, prompt = "Which is better?") =>
  comparisonCard({
    assignmentId: 42,
    campaignId: 7,
    campaignTitle: "Contract",
    guidelineVersion: 3,
    prompt: [{ role: "user", content: prompt }],
    responseA: a,
    responseB: b,
    displayOrder: "ba",
    state: { kind: "open", leaseEndsAt: Date.now() + 60_000 },
  });

/** The suite every adapter passes: render a comparison, parse a vote back, respect the limits. */
export function chatPlatformContract(adapter: AdapterUnderContract): void {
  describe(`${adapter.name} adapter contract`, () => {
    it("shows the prompt and both responses in the assignment's display order, and never the model names", () => {
      const r = adapter.render(card("Answer from A", "Answer from B"));
      expect(r.accepted).toBe(true);
      expect(r.text).toContain("Which is better?");
      // Display order "ba": B is Response 1.
      expect(r.text.indexOf("Answer from B")).toBeLessThan(r.text.indexOf("Answer from A"));
      expect(r.text).not.toMatch(/model-x|model-y/);
    });

    it("offers the four choices and Skip, and each click parses back to the same action", () => {
      const r = adapter.render(card("a", "b"));
      const expected: Action[] = [
        { verb: "vote", assignmentId: 42, choice: "1" },
        { verb: "vote", assignmentId: 42, choice: "2" },
        { verb: "vote", assignmentId: 42, choice: "tie" },
        { verb: "vote", assignmentId: 42, choice: "both_bad" },
        { verb: "skip", assignmentId: 42 },
      ];
      for (const action of expected) {
        const id = encodeAction(action);
        expect(r.actions).toContain(id);
        expect(adapter.click(id)).toEqual(action);
      }
    });

    it("drops ids that are not Pairwise's instead of half-parsing them", () => {
      expect(adapter.click("approve_request_123")).toBeUndefined();
      expect(adapter.click("pw1:v:42:7")).toBeUndefined();
    });

    it("keeps two 20,000-character responses within the platform's limits without losing the way to the full text", () => {
      const long = (c: string) => `${c} `.repeat(10_000);
      const r = adapter.render(card(long("a"), long("b")));
      expect(r.accepted).toBe(true);
      const cut = !r.text.includes(long("a"));
      if (cut) {
        expect(r.text).toMatch(/more characters not shown/);
        expect(r.actions).toContain(encodeAction({ verb: "full_text", assignmentId: 42, part: "1" }));
        expect(r.actions).toContain(encodeAction({ verb: "full_text", assignmentId: 42, part: "2" }));
      }
    });
  });
}
