// graphql-armor's token limit throws while the document is parsed, which Apollo Server answers
// with 500; an answer whose every error is the client's is a 400.
import { isClientErrorCode } from "../errors/codes.js";

/** The status to send for Apollo Server's `status` and response `body`: 400 instead of a 500
 *  whose errors are all the client's, otherwise unchanged. Only a 500's body is read. */
export function clientErrorStatus(status: number, body: string): number {
  if (status !== 500) return status;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> };
    const codes = (parsed.errors ?? []).map((e) => e.extensions?.code);
    const allClient = parsed.data === undefined && codes.length > 0 && codes.every(isClientErrorCode);
    return allClient ? 400 : status;
  } catch {
    return status;
  }
}
