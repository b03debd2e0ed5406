import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { castPollVote } from "../../../src/services/polls/cast-poll-vote.js";
import { FakePlatform } from "../../fakes/fake-platform.js";
import { createTestCore, type TestCore } from "../../helpers/core.js";
import { startTestApi, type TestApi } from "../../helpers/api.js";

let core: TestCore;
let api: TestApi;
let slack: FakePlatform;
beforeEach(async () => {
  core = createTestCore();
  slack = new FakePlatform("slack");
  core.platforms.set("slack", slack);
  api = await startTestApi(core);
});
afterEach(async () => api.stop());

const json = { "content-type": "application/json" };

describe("polls over the API", () => {
  it("posts a poll in the channel as /pairwise poll does, and gives its results", async () => {
    const token = await api.token("campaigns:write");
    const res = await api.call(token, "/polls", {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        platform: "slack",
        workspace_id: "T1",
        channel_id: "C1",
        question: "Which subject line?",
        options: ["Short", "Long"],
        close: "2h",
      }),
    });
    expect(res.status).toBe(201);
    const poll = (await res.json()) as { id: number; status: string; counts: number[] };
    expect(poll).toMatchObject({ status: "open", counts: [0, 0] });
    expect(slack.calls.filter((c) => c.method === "postMessage").length).toBe(1);
    await castPollVote(core.services, { pollId: poll.id, userId: "U1", option: 1 });
    const results = (await (await api.call(token, `/polls/${poll.id}`)).json()) as { counts: number[]; voters: number };
    expect(results).toMatchObject({ counts: [0, 1], voters: 1 });
  });

  it("refuses a platform that is not running and a poll the chat command would refuse", async () => {
    const token = await api.token("campaigns:write");
    const discord = await api.call(token, "/polls", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ platform: "discord", workspace_id: "G", channel_id: "1", question: "Q?", options: ["a", "b"] }),
    });
    expect(discord.status).toBe(409);
    const twice = await api.call(token, "/polls", {
      method: "POST",
      headers: json,
      body: JSON.stringify({ platform: "slack", workspace_id: "T1", channel_id: "C1", question: "Q?", options: ["a", "A"] }),
    });
    expect(twice.status).toBe(422);
    expect(((await twice.json()) as { error: { message: string } }).error.message).toContain("appears twice");
    expect(slack.calls.length).toBe(0);
  });
});
