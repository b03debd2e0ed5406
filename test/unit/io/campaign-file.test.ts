import { describe, expect, it } from "vitest";
import { parseCampaignText } from "../../../src/io/campaign-file.js";

describe("campaign file", () => {
  it("fills the design's defaults", () => {
    const c = parseCampaignText("name: c1\nguidelines: Pick the better one.\n", "c.yaml");
    expect(c).toMatchObject({ status: "draft", overlap: 3, goldRate: 0.06, rationale: "optional", leaseMinutes: 30, maxOverlap: 5, qualificationGate: true });
    expect(c.thresholds).toEqual({ calibrationKappa: 0.65, goldAccuracy: 0.88, agreementTarget: 0.72 });
  });

  it("reads JSON as well", () => {
    expect(parseCampaignText(`{"name": "j", "guidelines": "g", "overlap": 5, "maxOverlap": 7}`, "c.json").overlap).toBe(5);
  });

  it("names the file, line and field of every problem", () => {
    const text = ["name: ok", "guidelines: fine", "overlap: 0", "rubric:", "  - name: Bad Name", "    description: x", "colour: red"].join("\n");
    let message = "";
    try {
      parseCampaignText(text, "c.yaml");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('c.yaml:3, field "overlap"');
    expect(message).toContain('c.yaml:5, field "rubric.0.name"');
    expect(message).toContain('c.yaml:7, field "colour": unknown field');
  });

  it("allows at most 6 rubric dimensions", () => {
    const dims = Array.from({ length: 7 }, (_, i) => `  - {name: d${i}, description: x}`).join("\n");
    expect(() => parseCampaignText(`name: r\nguidelines: g\nrubric:\n${dims}\n`, "c.yaml")).toThrow(/at most 6 rubric dimensions/);
  });

  it("reports YAML syntax errors with the line", () => {
    expect(() => parseCampaignText("name: x\nguidelines: [unclosed\n", "c.yaml")).toThrow(/c\.yaml:\d+: not valid YAML/);
  });
});
