import { describe, expect, it } from "vitest";
import { answerSchema, DEFAULT_PROMPT_VERSION, judgeMessages, promptVersionOf } from "../../../src/domain/ai-judge/prompt.js";
import { parseCampaignText } from "../../../src/io/campaign-file.js";
import { saveCampaign } from "../../../src/services/save-campaign.js";
import { createTestCore } from "../../helpers/core.js";

const rubric = [{ name: "accuracy", description: "Facts are right.", label: "Accuracy" }];
const base = {
  guidelines: "Prefer the accurate one.",
  rubric,
  prompt: [{ role: "user" as const, content: "What is DNS?" }],
  first: "Domain Name System.",
  second: "A {{prompt}} placeholder inside a response.",
};

describe("the judge's prompt", () => {
  it("shows the guidelines, the rubric, the conversation and both responses in the order asked", () => {
    const { messages, promptVersion } = judgeMessages(base);
    expect(promptVersion).toBe(DEFAULT_PROMPT_VERSION);
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    const user = messages[1]!.content;
    expect(user).toContain("<guidelines>\nPrefer the accurate one.\n</guidelines>");
    expect(user).toContain("- accuracy (Accuracy): Facts are right.");
    expect(user.indexOf("<response_1>\nDomain Name System.\n</response_1>")).toBeLessThan(user.indexOf("<response_2>"));
    // Text in a response is material, never expanded as a placeholder.
    expect(user).toContain("A {{prompt}} placeholder inside a response.");
    expect(messages[0]!.content).toMatch(/"verdict": "1" \| "2" \| "tie" \| "both_bad"/);
    expect(messages[0]!.content).toContain('"accuracy": {"response_1": <1-5>, "response_2": <1-5>}');
  });

  it("uses a campaign's template, whose text names its prompt version", () => {
    const template = "Judge: {{prompt}}\nFirst: {{response_1}}\nSecond: {{response_2}}";
    const { messages, promptVersion } = judgeMessages({ ...base, template });
    expect(messages[1]!.content).toBe("Judge: [user]\nWhat is DNS?\nFirst: Domain Name System.\nSecond: A {{prompt}} placeholder inside a response.");
    expect(promptVersion).toMatch(/^custom-[0-9a-f]{10}$/);
    expect(promptVersionOf(`${template} `)).not.toBe(promptVersion);
  });

  it("asks for the rubric scores in the JSON schema only when the campaign has a rubric", () => {
    expect(Object.keys((answerSchema(rubric) as { properties: object }).properties)).toEqual(["explanation", "scores", "verdict"]);
    expect(Object.keys((answerSchema([]) as { properties: object }).properties)).toEqual(["explanation", "verdict"]);
  });
});

describe("the campaign file's aiJudge block", () => {
  const file = (block: string) => `name: c\nguidelines: g\noverlap: 3\naiJudge:\n${block}\n`;

  it("fills defaults: never shown, both routing thresholds, the judge not counting as a human", () => {
    const settings = parseCampaignText(file("  model: qwen2.5:7b"), "c.yaml").aiJudge!;
    expect(settings).toMatchObject({
      model: "qwen2.5:7b",
      show: "never",
      countsTowardOverlap: false,
      temperature: 0,
      concurrency: 4,
      routing: { confidentAt: 0.9, borderlineBelow: 0.6, borderlineExtra: 1 },
    });
  });

  it("names the file, line and field of a mistake", () => {
    expect(() => parseCampaignText(file("  show: always"), "c.yaml")).toThrow(
      /c\.yaml:5, field "aiJudge\.show": Invalid option: expected one of "never"\|"after_vote"\|"before_vote"/,
    );
    expect(() => parseCampaignText(file("  promptTemplate: 'Judge {{prompt}} {{response_1}} {{answer}}'"), "c.yaml")).toThrow(
      /field "aiJudge\.promptTemplate": unknown placeholder \{\{answer\}\}/,
    );
    expect(() => parseCampaignText(file("  promptTemplate: 'Judge {{prompt}} {{response_1}}'"), "c.yaml")).toThrow(/must show the judge \{\{response_2\}\}/);
    expect(() => parseCampaignText(file("  routing: { confidentAt: 0.5, borderlineBelow: 0.7 }"), "c.yaml")).toThrow(
      /field "aiJudge\.routing\.borderlineBelow": must not be above routing\.confidentAt/,
    );
    expect(() => parseCampaignText(file("  temprature: 0.2"), "c.yaml")).toThrow(/field "aiJudge\.temprature": unknown field "temprature"/);
  });

  it("refuses a confidentOverlap above the campaign's overlap when the campaign is saved", async () => {
    const core = createTestCore();
    await expect(saveCampaign(core.services, { file: parseCampaignText(file("  confidentOverlap: 4"), "c.yaml"), mode: "create" })).rejects.toThrow(
      /field "aiJudge\.confidentOverlap" \(4\) must be at most "overlap" \(3\)/,
    );
  });
});
