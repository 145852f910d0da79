import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { BodyTooLarge, closesAfterTooLarge, DRAIN_LIMIT_BYTES, readBody } from "./body-limit.js";

/** A readable with the request's headers: all readBody looks at. */
function requestOf(chunks: string[], contentLength?: number): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, { headers: contentLength === undefined ? {} : { "content-length": String(contentLength) } });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream as unknown as IncomingMessage;
}

describe("readBody", () => {
  it("returns the whole body within the limit", async () => {
    expect((await readBody(requestOf(["{\"a\":", "1}"]), 100)).toString()).toBe('{"a":1}');
  });

  it("returns an empty body for an empty request", async () => {
    expect((await readBody(requestOf([], 0), 100)).length).toBe(0);
  });

  it("refuses a declared length over the limit before reading", async () => {
    await expect(readBody(requestOf(["x"], 101), 100)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  it("refuses an undeclared body once it grows over the limit", async () => {
    await expect(readBody(requestOf(["x".repeat(60), "x".repeat(60)]), 100)).rejects.toBeInstanceOf(BodyTooLarge);
  });
});

describe("closesAfterTooLarge", () => {
  it("keeps the connection when the declared body is small enough to drain", () => {
    expect(closesAfterTooLarge(String(DRAIN_LIMIT_BYTES))).toBe(false);
  });

  it("closes when the body is larger than the drain limit, undeclared or unreadable", () => {
    expect(closesAfterTooLarge(String(DRAIN_LIMIT_BYTES + 1))).toBe(true);
    expect(closesAfterTooLarge(undefined)).toBe(true);
    expect(closesAfterTooLarge("lots")).toBe(true);
  });
});
