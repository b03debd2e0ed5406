import { Transform, type TransformCallback } from "node:stream";
import { MAX_NESTING_DEPTH, MAX_ROW_BYTES } from "../limits.js";

interface Token {
  name: string;
  value?: unknown;
}

/** A row of a JSON array past a limit: which one, and under which of its fields. */
export class JsonRowLimit extends Error {
  constructor(
    readonly limit: "depth" | "size",
    /** 1-based record of the array. */
    readonly record: number,
    readonly field: string | undefined,
  ) {
    super(`JSON row past its ${limit} limit`);
  }
}

/** Tokens only the guard needs: the assembler builds values from the packed tokens alone. */
const CHUNK_ONLY = new Set(["startString", "endString", "startKey", "endKey", "startNumber", "endNumber"]);

/**
 * Sits between stream-json's parser (streaming its values as chunks) and the array streamer, and
 * fails a record that nests deeper than MAX_NESTING_DEPTH or holds more than MAX_ROW_BYTES, as
 * soon as it does: the parser would otherwise pack a 1 GB string whole before anyone looked.
 * Depth 1 is the top-level array; a record is depth 2.
 */
export class JsonRowGuard extends Transform {
  private depth = 0;
  private bytes = 0;
  private record = 0;
  private field: string | undefined;

  constructor() {
    super({ objectMode: true });
  }

  override _transform(token: Token, _encoding: BufferEncoding, done: TransformCallback): void {
    switch (token.name) {
      case "startObject":
      case "startArray":
        this.depth++;
        if (this.depth === 2) this.record++;
        if (this.depth - 1 > MAX_NESTING_DEPTH) return done(new JsonRowLimit("depth", this.record, this.field));
        break;
      case "endObject":
      case "endArray":
        this.depth--;
        if (this.depth <= 1) this.nextRecord();
        break;
      case "keyValue":
        if (this.depth === 2) this.field = String(token.value);
        break;
      case "nullValue":
      case "trueValue":
      case "falseValue":
        if (this.depth === 1) this.record++;
        if (this.depth <= 1) this.nextRecord();
        break;
      case "stringValue":
      case "numberValue":
        if (this.depth <= 1) this.nextRecord();
        break;
      case "startString":
      case "startNumber":
        // A record that is a bare string or number (refused later as not an object) still counts.
        if (this.depth === 1) this.record++;
        return done();
      case "stringChunk":
      case "numberChunk":
        this.bytes += Buffer.byteLength(String(token.value));
        return done(this.bytes > MAX_ROW_BYTES ? new JsonRowLimit("size", this.record, this.field) : null);
      default:
        if (CHUNK_ONLY.has(token.name)) return done();
    }
    done(null, token);
  }

  private nextRecord(): void {
    this.bytes = 0;
    this.field = undefined;
  }
}
