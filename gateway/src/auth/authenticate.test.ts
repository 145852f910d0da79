import type { IncomingMessage } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@sentiment/platform";
import { describe, expect, it } from "vitest";
import { ApiKeyVerifier, createKey } from "./api-keys.js";
import { authenticate, type Authenticator } from "./authenticate.js";

const logger = createLogger("gateway", "silent");

function keyed() {
  const path = join(mkdtempSync(join(tmpdir(), "authenticate-")), "api-keys.json");
  const { key, record } = createKey(path, "ci", "writer");
  const auth: Authenticator = { apiKeys: new ApiKeyVerifier(path, logger), jwt: null, allowAnonymous: false, logger };
  return { key, subject: `apikey:${record.id}`, auth };
}
const withHeader = (authorization: string) => ({ headers: { authorization } }) as unknown as IncomingMessage;

describe("credentials in the Authorization header", () => {
  it.each(["Bearer", "bearer", "BEARER", "bEaReR"])("accept the %s scheme, whatever its case", async (scheme) => {
    const { key, subject, auth } = keyed();
    expect(await authenticate(withHeader(`${scheme} ${key}`), auth)).toEqual({ identity: { subject, role: "writer" } });
  });

  it("accept several spaces between the scheme and the key", async () => {
    const { key, subject, auth } = keyed();
    expect(await authenticate(withHeader(`Bearer   ${key}`), auth)).toEqual({ identity: { subject, role: "writer" } });
  });

  it.each([["another scheme", "Basic YWRtaW46YWRtaW4="], ["no space", "Bearersgk_x"], ["a key with a space in it", "Bearer sgk_a b"]])("are malformed with %s", async (_, header) => {
    const { auth } = keyed();
    expect(await authenticate(withHeader(header), auth)).toEqual({ failure: "malformed" });
  });

  it("do not verify a well-formed key one character off", async () => {
    const { key, auth } = keyed();
    const flipped = key.slice(0, -1) + (key.at(-1) === "A" ? "a" : "A");
    expect(await authenticate(withHeader(`Bearer ${flipped}`), auth)).toEqual({ failure: "invalid_api_key" });
  });
});
