import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { wireLogprobs } from "./tokens.js";
import type { ScreenChoice } from "../../../src/domain/choice.js";

/**
 * A local OpenAI-compatible chat-completions server for tests, answering as vLLM and Ollama
 * document it (POST /v1/chat/completions, non-streaming): `response_format: json_schema`, `logprobs`
 * with `top_logprobs` (vLLM; Ollama only with `logprobsOnOllama`), `usage`, and each server's error
 * bodies. What it answers is scripted per request by the test.
 */
export type Flavor = "vllm" | "ollama";

/** What the judge was shown, read back from Pairwise's prompt. */
export interface FakeRequest {
  body: Record<string, unknown> & {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: unknown;
    logprobs?: boolean;
    top_logprobs?: number;
  };
  system: string;
  user: string;
  /** The responses shown as Response 1 and Response 2 (empty when a custom template hides the tags). */
  first: string;
  second: string;
  authorization: string | undefined;
  /** 1-based arrival number. */
  n: number;
}

export type FakeReply =
  /** A well-formed answer: JSON with the verdict, the verdict token at `probability`. */
  | {
      verdict: ScreenChoice;
      probability?: number;
      explanation?: string;
      scores?: Record<string, { response_1: number; response_2: number }>;
      delayMs?: number;
      promptTokens?: number;
    }
  /** Content exactly as given (free text, garbage). */
  | { text: string; delayMs?: number; finishReason?: string }
  /** An HTTP error with the flavor's body unless one is given. */
  | { status: number; message?: string; headers?: Record<string, string>; rawBody?: string; delayMs?: number }
  /** No answer until the request is aborted or the server closes. */
  | { hang: true };

export interface FakeOpenAiOptions {
  flavor?: Flavor;
  respond: (request: FakeRequest) => FakeReply | Promise<FakeReply>;
  /** Ollama's docs list logprobs as unsupported on /v1; its code returns them when present. Default false. */
  logprobsOnOllama?: boolean;
  /** Refuse `response_format` with a 400, as servers without structured output do. */
  rejectJsonSchema?: boolean;
}

export interface FakeOpenAi {
  /** The base URL to give PAIRWISE_JUDGE_URL: http://127.0.0.1:<port>/v1 */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const between = (text: string, tag: string) => new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1] ?? "";

function errorBody(flavor: Flavor, status: number, message: string): unknown {
  if (flavor === "ollama")
    return { error: { message, type: status === 400 ? "invalid_request_error" : status === 404 ? "not_found_error" : "api_error", param: null, code: null } };
  return { error: { message, type: status === 400 ? "BadRequestError" : status === 404 ? "NotFoundError" : "InternalServerError", param: null, code: status } };
}

function completion(flavor: Flavor, model: string, content: string, logprobs: unknown, usage: { prompt: number; completion: number }, finishReason = "stop") {
  const choice: Record<string, unknown> = { index: 0, message: { role: "assistant", content }, finish_reason: finishReason };
  if (flavor === "vllm") {
    (choice.message as Record<string, unknown>).reasoning_content = null;
    choice.logprobs = logprobs ?? null;
    choice.stop_reason = null;
  } else if (logprobs) choice.logprobs = logprobs;
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2, 10)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    ...(flavor === "ollama" ? { system_fingerprint: "fp_ollama" } : {}),
    choices: [choice],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  };
}

export async function startFakeOpenAi(options: FakeOpenAiOptions): Promise<FakeOpenAi> {
  const flavor = options.flavor ?? "vllm";
  const requests: FakeRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") return send(res, 404, errorBody(flavor, 404, `no route ${req.method} ${req.url}`));
    let body: FakeRequest["body"];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as FakeRequest["body"];
    } catch {
      return send(res, 400, errorBody(flavor, 400, "invalid JSON body"));
    }
    const system = body.messages?.find((m) => m.role === "system")?.content ?? "";
    const user = body.messages?.find((m) => m.role === "user")?.content ?? "";
    const request: FakeRequest = {
      body,
      system,
      user,
      first: between(user, "response_1"),
      second: between(user, "response_2"),
      authorization: req.headers.authorization,
      n: requests.length + 1,
    };
    requests.push(request);
    if (options.rejectJsonSchema && body.response_format)
      return send(res, 400, errorBody(flavor, 400, "response_format of type json_schema is not supported by this server"));
    const reply = await options.respond(request);
    if ("hang" in reply) {
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if ("status" in reply) return send(res, reply.status, reply.rawBody ?? errorBody(flavor, reply.status, reply.message ?? "error"), reply.headers);
    const model = body.model ?? "fake";
    const wantsLogprobs = body.logprobs === true && (flavor === "vllm" || options.logprobsOnOllama === true);
    const promptTokens = Math.ceil((system.length + user.length) / 4);
    if ("text" in reply) {
      const logprobs = wantsLogprobs ? { content: wireLogprobs(reply.text, undefined, 1, body.top_logprobs ?? 0) } : undefined;
      return send(
        res,
        200,
        completion(flavor, model, reply.text, logprobs, { prompt: promptTokens, completion: Math.ceil(reply.text.length / 4) }, reply.finishReason),
      );
    }
    const content = JSON.stringify({
      explanation: reply.explanation ?? "Compared both responses.",
      ...(reply.scores ? { scores: reply.scores } : {}),
      verdict: reply.verdict,
    });
    const logprobs = wantsLogprobs ? { content: wireLogprobs(content, reply.verdict, reply.probability ?? 0.97, body.top_logprobs ?? 0) } : undefined;
    return send(
      res,
      200,
      completion(flavor, model, content, logprobs, { prompt: reply.promptTokens ?? promptTokens, completion: Math.ceil(content.length / 4) }),
    );
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, errorBody(flavor, 500, String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The position verdict that names the response with this text: "1" or "2" (tie when it is neither). */
export function verdictNaming(request: FakeRequest, text: string): "1" | "2" | "tie" {
  return request.first === text ? "1" : request.second === text ? "2" : "tie";
}
