import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@sentiment/platform";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiKeyVerifier, createKey, createLocalAdminKey, localAdminKeyPath, readKeys, readLocalAdminKey, revokeKey } from "./api-keys.js";

const logger = createLogger("gateway", "silent");
const keyFile = () => join(mkdtempSync(join(tmpdir(), "api-keys-")), "api-keys.json");

afterEach(() => {
  vi.useRealTimers();
});

describe("API keys", () => {
  it("verify with the role they were created for", () => {
    const path = keyFile();
    const { key, record } = createKey(path, "ci", "writer");
    expect(new ApiKeyVerifier(path, logger).verify(key)).toEqual({ subject: `apikey:${record.id}`, role: "writer" });
  });

  it("are kept in the file only as hashes", () => {
    const path = keyFile();
    const { key } = createKey(path, "ci", "reader");
    const [stored] = readKeys(path);
    expect(JSON.stringify(stored)).not.toContain(key.slice(13));
  });

  it("do not verify when unknown, though well-formed", () => {
    const path = keyFile();
    const { key } = createKey(path, "ci", "admin");
    const unknown = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    expect(new ApiKeyVerifier(path, logger).verify(unknown)).toBeNull();
  });

  it("do not verify in another format", () => {
    const path = keyFile();
    createKey(path, "ci", "admin");
    expect(new ApiKeyVerifier(path, logger).verify("Bearer something")).toBeNull();
  });

  it("do not verify once revoked", () => {
    const path = keyFile();
    const { key, record } = createKey(path, "ci", "writer");
    expect(revokeKey(path, record.id)).toBe(true);
    expect(new ApiKeyVerifier(path, logger).verify(key)).toBeNull();
  });

  it("stop verifying within a second of being revoked while the gateway runs", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const path = keyFile();
    const { key, record } = createKey(path, "ci", "writer");
    const verifier = new ApiKeyVerifier(path, logger);
    expect(verifier.verify(key)).not.toBeNull();
    revokeKey(path, record.id);
    vi.advanceTimersByTime(1_001);
    expect(verifier.verify(key)).toBeNull();
  });

  it("verify the moment they are created while the gateway runs, even right after another key was checked", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const path = keyFile();
    const first = createKey(path, "first", "reader");
    const verifier = new ApiKeyVerifier(path, logger);
    expect(verifier.verify(first.key)).not.toBeNull();
    const created = [createKey(path, "second", "admin"), createKey(path, "third", "writer")];
    expect(created.map(({ key }) => verifier.verify(key)?.role)).toEqual(["admin", "writer"]);
  });

  it("are none when the file does not exist yet", () => {
    expect(readKeys(keyFile())).toEqual([]);
  });

  it("cannot be read from a file of another shape, and the error names the file", () => {
    const path = keyFile();
    writeFileSync(path, JSON.stringify({ keys: [{ id: "x" }] }));
    expect(() => new ApiKeyVerifier(path, logger)).toThrow(`${path} is not a valid API key file`);
  });

  it("keep the last good set when the file is broken while the gateway runs", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const path = keyFile();
    const { key } = createKey(path, "ci", "reader");
    const verifier = new ApiKeyVerifier(path, logger);
    writeFileSync(path, "{ not json");
    vi.advanceTimersByTime(1_001);
    expect(verifier.verify(key)).toMatchObject({ role: "reader" });
  });
});

describe("the local admin key", () => {
  it("can be read again after it was created, and verifies as admin", () => {
    const path = keyFile();
    const { key, record } = createLocalAdminKey(path);
    expect(readLocalAdminKey(path)).toEqual({ status: "active", key, record });
    expect(new ApiKeyVerifier(path, logger).verify(key)).toEqual({ subject: `apikey:${record.id}`, role: "admin" });
  });

  it("keeps its secret in a file only its owner can read, and the key file only its hash", () => {
    const path = keyFile();
    const { key } = createLocalAdminKey(path);
    expect(statSync(localAdminKeyPath(path)).mode & 0o777).toBe(0o600);
    expect(JSON.stringify(readKeys(path))).not.toContain(key.slice(13));
  });

  it("is absent when none was created, even with other keys", () => {
    const path = keyFile();
    createKey(path, "ci", "admin");
    expect(readLocalAdminKey(path)).toEqual({ status: "absent" });
  });

  it("loses its secret file when revoked", () => {
    const path = keyFile();
    const { record } = createLocalAdminKey(path);
    revokeKey(path, record.id);
    expect(existsSync(localAdminKeyPath(path))).toBe(false);
    expect(readLocalAdminKey(path)).toEqual({ status: "absent" });
  });

  it("is reported revoked when its key was revoked by hand-editing the key file", () => {
    const path = keyFile();
    const { record } = createLocalAdminKey(path);
    writeFileSync(path, JSON.stringify({ keys: [{ ...record, revokedAt: new Date().toISOString() }] }));
    expect(readLocalAdminKey(path)).toMatchObject({ status: "revoked", record: { id: record.id } });
  });

  it("keeps its secret when another key is revoked", () => {
    const path = keyFile();
    const { key } = createLocalAdminKey(path);
    const other = createKey(path, "ci", "writer");
    revokeKey(path, other.record.id);
    expect(readLocalAdminKey(path)).toMatchObject({ status: "active", key });
  });
});
