import { describe, expect, it } from "vitest";
import { count } from "../../../src/domain/plural.js";
import { inSentence } from "../../../src/domain/punctuation.js";
import { formatClockInZone, formatInZone } from "../../../src/domain/format-time.js";
import { comparisonCard } from "../../../src/core/cards/comparison-card.js";
import { channelFor, personFor } from "../../../src/core/mentions.js";
import { channelCard } from "../../../src/core/cards/channel-card.js";
import { textOf } from "../../helpers/events.js";

describe("texts people read", () => {
  it("counts agree with their nouns", () => {
    expect(count(1, "judgment")).toBe("1 judgment");
    expect(count(2, "judgment")).toBe("2 judgments");
    expect(count(1, "person", "people")).toBe("1 person");
    expect(count(1200, "vote")).toBe("1,200 votes");
  });

  it("a title inside a sentence loses its own full stop, keeps its question mark", () => {
    expect(inSentence("Summer batch.")).toBe("Summer batch");
    expect(inSentence("Which is kinder?")).toBe("Which is kinder?");
  });

  it("times are in the team's time zone, named", () => {
    const at = new Date("2026-03-02T10:00:00Z");
    expect(formatInZone(at, "UTC")).toBe("2026-03-02 10:00 UTC");
    expect(formatInZone(at, "America/New_York")).toBe("2026-03-02 05:00 America/New_York");
    expect(formatClockInZone(at, "Europe/Berlin")).toBe("11:00 Europe/Berlin");
  });

  it("a card's hold ends at a time in the team's time zone", () => {
    const input = {
      assignmentId: 1,
      campaignId: 1,
      campaignTitle: "C",
      guidelineVersion: 1,
      prompt: [{ role: "user" as const, content: "p" }],
      responseA: "a",
      responseB: "b",
      displayOrder: "ab" as const,
    };
    const at = Date.parse("2026-03-02T10:00:00Z");
    expect(textOf(comparisonCard({ ...input, state: { kind: "open", leaseEndsAt: at, timezone: "Europe/Berlin" } }))).toContain(
      "held for you until 11:00 Europe/Berlin",
    );
    expect(textOf(comparisonCard({ ...input, state: { kind: "open", leaseEndsAt: at } }))).toContain("held for you until 10:00 UTC");
  });

  it("channels and people are mentions on their own platform, named with their platform elsewhere", () => {
    expect(channelFor("slack", { platform: "slack", channelId: "C0LABEL" })).toBe("<#C0LABEL>");
    expect(channelFor("discord", { platform: "slack", channelId: "C0LABEL" })).toBe("slack:C0LABEL");
    expect(personFor("discord", { platform: "discord", userId: "80351110224678912" })).toBe("<@80351110224678912>");
    expect(personFor("slack", { platform: "discord", userId: "1", displayName: "Ana" })).toBe("Ana (discord)");
  });

  it("a channel post with one vote says 1 vote", () => {
    const base = {
      postId: 1,
      campaignId: 1,
      campaignTitle: "C",
      prompt: [{ role: "user" as const, content: "p" }],
      responseA: "a",
      responseB: "b",
      displayOrder: "ab" as const,
      votes: 1,
      overlap: 1,
    };
    expect(textOf(channelCard({ ...base, revealed: { a: 1, b: 0, tie: 0, both_bad: 0 } }))).toContain("(1 vote)");
    expect(textOf(channelCard(base))).toContain("1 of 1 vote ·");
  });
});
