import { describe, expect, it } from "vitest";
import { createSlackAdapter } from "../../../../adapters/slack/index.js";
import { createLogger } from "../../../../src/logger.js";

describe("Slack adapter modes", () => {
  it("builds a Socket Mode app from the app token alone, with no signing secret", () => {
    const adapter = createSlackAdapter({ botToken: "xoxb-1", appToken: "xapp-1-A-2-x", port: 0, logger: createLogger({ level: "error" }) });
    expect(adapter.app).toBeDefined();
  });

  it("refuses HTTP mode without a signing secret, naming the variable", () => {
    expect(() => createSlackAdapter({ botToken: "xoxb-1", port: 0, logger: createLogger({ level: "error" }) })).toThrow(
      /SLACK_SIGNING_SECRET is required in HTTP mode/,
    );
  });
});
