// Reading a request body under a size limit. A body over the limit is refused with 413; a
// moderately large one is still drained so the client reads the answer instead of a broken pipe.
import type { IncomingMessage } from "node:http";

export class BodyTooLarge extends Error {}

/** Bodies up to this size are read to the end (and dropped) after a 413; larger ones close the connection. */
export const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;

function declaredLength(request: IncomingMessage): number | undefined {
  const header = request.headers["content-length"];
  return header === undefined ? undefined : Number(header);
}

/** The body, or a BodyTooLarge rejection as soon as the declared or received size exceeds `limit`
 *  (the rest of the body is then discarded as it arrives). */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength(request) ?? 0;
    if (declared > limit) {
      reject(new BodyTooLarge());
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.removeAllListeners("data");
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** Whether the 413 answer must close the connection: the body is undeclared (chunked) or too big to drain. */
export function closesAfterTooLarge(contentLength: string | undefined): boolean {
  const declared = Number(contentLength ?? Infinity);
  return !(declared <= DRAIN_LIMIT_BYTES);
}
