import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { startDiscordHarness, type DiscordHarness } from "../../fakes/fake-discord/harness.js";
import { startSlackHarness, type SlackHarness } from "../../fakes/fake-slack/harness.js";
import { seedCampaign, seedComparisons } from "../../helpers/core.js";
import { quiescent, waitFor } from "../../helpers/wait-for.js";

const CAMPAIGN = "name: c\nstatus: active\nguidelines: g\ngoldRate: 0\nqualificationGate: false\npeerReviewRate: 0";
/** Text that travels only in request bodies (the card's prompt): it must never reach a log line. */
const BODY_TEXT = "Prompt 0: explain item 0.";

/** The production logger (its scrubbing included), writing to a list the test reads. */
function recordedLogs(secrets: string[]) {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", secrets, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

let discord: DiscordHarness | undefined;
let slack: SlackHarness | undefined;
afterEach(async () => {
  await discord?.close();
  await slack?.close();
  discord = undefined;
  slack = undefined;
});

describe("the logs of failing platform calls", () => {
  it("Discord: a failed interaction callback is logged without its token, its URL's token or its body", async () => {
    const logs = recordedLogs(["discord-test-token-xyz"]);
    discord = await startDiscordHarness({ logger: logs.logger, restOptions: { retries: 0, timeout: 5000 } });
    seedComparisons(discord.core, (await seedCampaign(discord.core, CAMPAIGN)).id, 1);
    discord.discord.faults({ route: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 500 });
    discord.discord.faults({ route: /^\/webhooks\//, status: 500 });
    const pending = discord.discord.command("U1", "next", [{ name: "campaign", type: 3, value: "c" }]);
    await waitFor(() => logs.lines.some((l) => l.includes("discord interaction failed")), "the failure to be logged");
    const text = logs.lines.join("");
    expect(text).toContain("Discord");
    expect(text).not.toContain(pending.token);
    expect(text).not.toMatch(/\/interactions\/\d+\/[A-Za-z0-9._-]{20,}/);
    expect(text).not.toMatch(/\/webhooks\/\d+\/[A-Za-z0-9._-]{20,}/);
    expect(text).not.toContain(BODY_TEXT);
  });

  it("Slack: failed Web API and response_url calls are logged without the URL, their bodies or the bot token", async () => {
    const logs = recordedLogs(["xoxb-test-0000-fake", "8f14e45fceea167a5a36dedd4bea2543"]);
    slack = await startSlackHarness({ logger: logs.logger, retries: 0 });
    seedComparisons(slack.core, (await seedCampaign(slack.core, CAMPAIGN)).id, 1);
    slack.slack.faults({ method: "response_url", status: 500 });
    slack.slack.faults({ method: "chat.postMessage", status: 500 });
    slack.slack.faults({ method: "chat.postEphemeral", status: 500 });
    const responseUrl = slack.slack.responseUrl();
    const next = {
      team_id: "T0001",
      channel_id: "C0LABEL",
      user_id: "U1",
      command: "/pairwise",
      text: "next c",
      response_url: responseUrl,
      trigger_id: slack.slack.issueTrigger(),
    };
    await slack.slack.send(slack.receiver, next);
    await slack.slack.send(slack.receiver, { ...next, text: "help", trigger_id: slack.slack.issueTrigger() });
    await waitFor(() => logs.lines.some((l) => l.includes("slack listener failed")), "the failures to be logged");
    await quiescent(() => logs.lines.length, 200);
    const text = logs.lines.join("");
    expect(text).toContain("response_url");
    expect(text).not.toContain(new URL(responseUrl).pathname);
    expect(text).not.toContain(BODY_TEXT);
    expect(text).not.toContain("Pairwise: compare two responses");
    expect(text).not.toContain("xoxb-test-0000-fake");
  });
});
