import { afterEach, describe, expect, it } from "vitest";
import { completionsUrl, createOpenAiJudge } from "../../adapters/openai-judge/index.js";
import { errorMessage, retryAfterMs } from "../../adapters/openai-judge/errors.js";
import { JudgeCallError, type JudgeRequest } from "../../src/services/ai-judge/judge-port.js";
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiOptions } from "../fakes/fake-openai/server.js";
import { freePort } from "../helpers/bot-process.js";

let server: FakeOpenAi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const request = (extra: Partial<JudgeRequest> = {}): JudgeRequest => ({
  model: "m",
  messages: [
    { role: "system", content: "judge" },
    { role: "user", content: "<response_1>\nx\n</response_1>\n\n<response_2>\ny\n</response_2>" },
  ],
  temperature: 0,
  maxTokens: 100,
  timeoutMs: 5000,
  ...extra,
});
const start = async (options: FakeOpenAiOptions) => (server = await startFakeOpenAi(options));
const failure = async (promise: Promise<unknown>): Promise<JudgeCallError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JudgeCallError);
  return error as JudgeCallError;
};

describe("the OpenAI-compatible judge adapter, against a server answering as vLLM and Ollama document", () => {
  it("vLLM: sends JSON-schema output and logprobs, reads content, token logprobs and usage", async () => {
    const s = await start({ flavor: "vllm", respond: () => ({ verdict: "2", probability: 0.8 }) });
    const reply = await createOpenAiJudge({ baseUrl: s.url, apiKey: "sk-test-123456" }).complete(
      request({ schema: { name: "v", schema: { type: "object" } }, topLogprobs: 5 }),
    );
    expect(JSON.parse(reply.content)).toMatchObject({ verdict: "2" });
    expect(reply.usage!.promptTokens).toBeGreaterThan(0);
    expect(reply.logprobs!.map((t) => t.token).join("")).toBe(reply.content);
    expect(s.requests[0]!.body).toMatchObject({
      model: "m",
      max_tokens: 100,
      stream: false,
      logprobs: true,
      top_logprobs: 5,
      response_format: { type: "json_schema", json_schema: { name: "v", strict: true } },
    });
    expect(s.requests[0]!.authorization).toBe("Bearer sk-test-123456");
  });

  it("Ollama: no logprobs on /v1 (as its docs say), no Authorization header without a key", async () => {
    const s = await start({ flavor: "ollama", respond: () => ({ verdict: "tie" }) });
    const reply = await createOpenAiJudge({ baseUrl: `${s.url}/` }).complete(request({ topLogprobs: 5 }));
    expect(reply.logprobs).toBeUndefined();
    expect(JSON.parse(reply.content).verdict).toBe("tie");
    expect(s.requests[0]!.authorization).toBeUndefined();
  });

  it("classifies failures for the service to decide: 429 with Retry-After, 5xx, refused options, auth, missing model", async () => {
    const replies = [
      { status: 429, message: "Too many requests", headers: { "retry-after": "2" } },
      { status: 503, message: "server busy, please try again.  maximum pending requests exceeded" },
      { status: 400, message: "response_format of type json_schema is not supported" },
      { status: 401, message: "invalid api key" },
      { status: 404, message: 'model "m" not found, try pulling it first' },
      { status: 400, message: "This model's maximum context length is 4096 tokens" },
    ];
    const s = await start({ flavor: "ollama", respond: (r) => replies[r.n - 1]! });
    const judge = createOpenAiJudge({ baseUrl: s.url });
    const kinds = [];
    for (let i = 0; i < replies.length; i++) kinds.push(await failure(judge.complete(request())));
    expect(kinds.map((e) => [e.kind, e.status, e.retryAfterMs, e.option])).toEqual([
      ["rate_limited", 429, 2000, undefined],
      ["server_error", 503, undefined, undefined],
      ["unsupported_option", 400, undefined, "response_format"],
      ["unauthorized", 401, undefined, undefined],
      ["not_found", 404, undefined, undefined],
      ["bad_request", 400, undefined, undefined],
    ]);
    expect(kinds[4]!.message).toBe(
      `${s.url} answered 404: model "m" not found, try pulling it first (check PAIRWISE_JUDGE_URL, which ends in /v1, and the model name)`,
    );
  });

  it("never repeats the API key, even when the server quotes it back in an error", async () => {
    const s = await start({ respond: (r) => ({ status: 401, message: `Invalid key: ${r.authorization}` }) });
    const error = await failure(createOpenAiJudge({ baseUrl: s.url, apiKey: "sk-echoed-123456" }).complete(request()));
    expect(error.message).toBe(`${s.url} answered 401: Invalid key: Bearer [redacted] (check PAIRWISE_JUDGE_API_KEY)`);
  });

  it("calls a 200 that is not a chat completion malformed, quoting it", async () => {
    const s = await start({ respond: () => ({ status: 200, rawBody: "<html>proxy login</html>" }) });
    const error = await failure(createOpenAiJudge({ baseUrl: s.url }).complete(request()));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain('not JSON: "<html>proxy login</html>"');
  });

  it("gives up on a slow answer at the timeout, and says a closed port is unreachable", async () => {
    const s = await start({ respond: () => ({ hang: true }) });
    const slow = await failure(createOpenAiJudge({ baseUrl: s.url }).complete(request({ timeoutMs: 200 })));
    expect([slow.kind, slow.message]).toEqual(["timeout", `${s.url} gave no answer within 0.2 s (aiJudge.timeoutSeconds)`]);
    const down = await failure(createOpenAiJudge({ baseUrl: `http://127.0.0.1:${await freePort()}/v1` }).complete(request()));
    expect(down.kind).toBe("unreachable");
    expect(down.message).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: connection refused: is the server running\?/);
  });

  it("reports a run that was stopped as aborted, not as a failure of the server", async () => {
    const s = await start({ respond: () => ({ hang: true }) });
    const stop = new AbortController();
    const pending = createOpenAiJudge({ baseUrl: s.url }).complete(request({ signal: stop.signal }));
    stop.abort();
    expect((await failure(pending)).kind).toBe("aborted");
  });

  it("reads Retry-After in seconds or as a date, OpenAI's retry-after-ms, and every error body shape", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(Date.UTC(2026, 0, 1, 0, 0, 10)).toUTCString() }), Date.UTC(2026, 0, 1))).toBe(10_000);
    expect(retryAfterMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(250);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(errorMessage('{"error": {"message": "openai style"}}')).toBe("openai style");
    expect(errorMessage('{"object": "error", "message": "old vllm", "type": "BadRequestError", "code": 400}')).toBe("old vllm");
    expect(errorMessage('{"error": "ollama native"}')).toBe("ollama native");
    expect(errorMessage("upstream connect error")).toBe("upstream connect error");
    expect(completionsUrl("http://h:8000/v1/")).toBe("http://h:8000/v1/chat/completions");
    expect(completionsUrl("http://h:8000/v1/chat/completions")).toBe("http://h:8000/v1/chat/completions");
  });
});
