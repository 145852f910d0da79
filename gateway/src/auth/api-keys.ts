// API keys, kept as SHA-256 hashes in a JSON file (mode 0600) that the CLI edits and the
// gateway re-reads when it changes. A key is 256 random bits, so a plain hash is enough:
// there is nothing to brute-force the way there is with a password.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { type Identity, type Logger, type Role, ROLES } from "@sentiment/platform";

const recordSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{8}$/),
  name: z.string().min(1).max(100),
  role: z.enum(ROLES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
const fileSchema = z.object({ keys: z.array(recordSchema) });

export type ApiKeyRecord = z.infer<typeof recordSchema>;

const KEY_FORMAT = /^sgk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function readKeys(path: string): ApiKeyRecord[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not a valid API key file: not JSON`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a valid API key file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data.keys;
}

function writeKeys(path: string, keys: ApiKeyRecord[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Creates a key and returns it: the only time the key itself is ever seen. */
export function createKey(path: string, name: string, role: Role): { key: string; record: ApiKeyRecord } {
  const keys = readKeys(path);
  const id = randomBytes(4).toString("hex");
  const key = `sgk_${id}_${randomBytes(32).toString("base64url")}`;
  const record: ApiKeyRecord = { id, name, role, sha256: hashKey(key), createdAt: new Date().toISOString(), revokedAt: null };
  writeKeys(path, [...keys, record]);
  return { key, record };
}

export function revokeKey(path: string, id: string): boolean {
  const keys = readKeys(path);
  const target = keys.find((k) => k.id === id && k.revokedAt === null);
  if (!target) return false;
  target.revokedAt = new Date().toISOString();
  writeKeys(path, keys);
  // A revoked key's secret has no reason to stay on disk.
  const local = readLocalSecret(path);
  if (local !== null && hashKey(local) === target.sha256) rmSync(localAdminKeyPath(path), { force: true });
  return true;
}

// The local development admin key. `npm start` creates it on a machine with no active key, and
// its secret is the one kept in clear: in a file beside the key file, readable by its owner only
// (mode 0600, like an SSH key), so that it can be shown again (`npm run apikey -- show-admin`)
// instead of being lost with the terminal of the first start. It is deleted when the key is
// revoked. Keys created any other way exist only as hashes.

/** The file that holds the local admin key's secret: `local-admin-key` beside the key file. */
export const localAdminKeyPath = (keysPath: string) => join(dirname(keysPath), "local-admin-key");

function readLocalSecret(keysPath: string): string | null {
  try {
    const text = readFileSync(localAdminKeyPath(keysPath), "utf8").trim();
    return KEY_FORMAT.test(text) ? text : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Creates an admin key and keeps its secret in the local admin key file. */
export function createLocalAdminKey(keysPath: string): { key: string; record: ApiKeyRecord } {
  const created = createKey(keysPath, "local-development", "admin");
  const secretPath = localAdminKeyPath(keysPath);
  const tmp = `${secretPath}.tmp-${process.pid}`;
  writeFileSync(tmp, `${created.key}\n`, { mode: 0o600 });
  renameSync(tmp, secretPath);
  return created;
}

export type LocalAdminKey =
  | { status: "active"; key: string; record: ApiKeyRecord }
  | { status: "revoked"; record: ApiKeyRecord }
  /** no local admin key, or its file no longer matches a key in the key file */
  | { status: "absent" };

/** The local admin key, if there is one, and whether the gateway still accepts it. */
export function readLocalAdminKey(keysPath: string): LocalAdminKey {
  const keys = readKeys(keysPath);
  const key = readLocalSecret(keysPath);
  if (key === null) return { status: "absent" };
  const hash = hashKey(key);
  const record = keys.find((k) => k.sha256 === hash);
  if (!record) return { status: "absent" };
  return record.revokedAt === null ? { status: "active", key, record } : { status: "revoked", record };
}

/** Looks keys up by hash, re-reading the file when it has changed: checked at most once a second
 *  for a known key (so a revocation takes effect within a second), and on every unknown key, so a
 *  key works the moment the CLI has written it. The check is one stat (the file is read only when
 *  it changed), so a flood of bad keys costs no file reads; the failed-authentication limit bounds
 *  it further. */
export class ApiKeyVerifier {
  private byHash = new Map<string, ApiKeyRecord>();
  /** inode, size and mtime of the file last read: the CLI replaces the file by a rename, so a new
   *  inode marks every write, even two within one mtime tick */
  private loadedVersion = "";
  private checkedAt = 0;
  /** the last reload failure logged, so a file that stays broken is reported once, not every second */
  private lastFailure: string | null = null;

  /** Throws when the file cannot be read at start-up: there is no last good set to keep yet. */
  constructor(
    private readonly path: string,
    private readonly logger: Logger,
  ) {
    this.refresh(true);
  }

  private refresh(force = false, interval = 1_000): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < interval) return;
    this.checkedAt = now;
    let version: string;
    try {
      const stat = statSync(this.path);
      version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    } catch (error) {
      // No file is an empty set of keys (readKeys says the same); any other failure is reported.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      version = "absent";
    }
    if (version === this.loadedVersion) return;
    this.byHash = new Map(readKeys(this.path).filter((k) => k.revokedAt === null).map((k) => [k.sha256, k]));
    this.loadedVersion = version;
    if (this.lastFailure !== null) this.logger.info({ path: this.path }, "API key file read again; its keys are in use");
    this.lastFailure = null;
  }

  /** A file being rewritten or broken keeps the last good set of keys; the failure is logged. */
  private refreshOrKeep(interval: number): void {
    try {
      this.refresh(false, interval);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (reason === this.lastFailure) return;
      this.lastFailure = reason;
      this.logger.warn({ path: this.path, err: error }, "cannot re-read the API key file; keeping the last good set of keys");
    }
  }

  verify(key: string): Identity | null {
    if (!KEY_FORMAT.test(key)) return null;
    this.refreshOrKeep(1_000);
    const hash = hashKey(key);
    if (!this.byHash.has(hash)) this.refreshOrKeep(0);
    const record = this.byHash.get(hash);
    return record ? { subject: `apikey:${record.id}`, role: record.role } : null;
  }
}
