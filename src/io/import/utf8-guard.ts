import { Transform, type TransformCallback } from "node:stream";
import { isUtf8 } from "node:buffer";
import { validationError } from "../../errors.js";

/** Where the last sequence of `data` starts if it is cut off at the end (a chunk boundary), else data.length. */
function completeEnd(data: Buffer): number {
  let lead = data.length - 1;
  while (lead >= 0 && data.length - lead <= 3 && (data[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return data.length;
  const byte = data[lead]!;
  const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return data.length - lead < length ? lead : data.length;
}

/** The offset of the first byte that is not valid UTF-8 (only called on data known to hold one). */
function firstInvalid(data: Buffer): number {
  for (let i = 0; i < data.length; ) {
    const byte = data[i]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0 || !isUtf8(data.subarray(i, i + length))) return i;
    i += length;
  }
  return data.length;
}

function newlines(data: Buffer, end = data.length): number {
  let n = 0;
  for (let i = data.indexOf(10); i !== -1 && i < end; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Passes the bytes of an import file through unchanged, and fails at the first byte that is not
 * UTF-8, naming the line. Without it the text decoders would put U+FFFD in its place silently,
 * and the damaged text would be stored as if it were the data.
 */
export class Utf8Guard extends Transform {
  private carry = Buffer.alloc(0);
  private line = 1;
  private offset = 0;

  constructor(private readonly file: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeEnd(data);
    const body = data.subarray(0, end);
    if (!isUtf8(body)) return done(this.invalid(body, firstInvalid(body)));
    this.line += newlines(body);
    this.offset += body.length;
    this.carry = Buffer.from(data.subarray(end));
    done(null, body);
  }

  override _flush(done: TransformCallback): void {
    done(this.carry.length > 0 ? this.invalid(this.carry, 0) : null);
  }

  private invalid(data: Buffer, at: number): Error {
    const line = this.line + newlines(data, at);
    const byte = `0x${data[at]!.toString(16).toUpperCase().padStart(2, "0")}`;
    const offset = (this.offset + at).toLocaleString("en-US");
    return validationError(`not valid UTF-8 (byte ${byte} at offset ${offset} of the file). Save the file as UTF-8; nothing was imported`, {
      file: this.file,
      line,
    });
  }
}
