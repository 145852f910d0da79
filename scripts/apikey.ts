// `npm run apikey -- create --role writer --name ci` | `list` | `revoke <id>`
// Manages the gateway's API keys (API_KEYS_PATH, default data/api-keys.json). Keys are stored
// only as hashes: `create` prints the key once.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createKey, readKeys, revokeKey } from "@sentiment/gateway/api-keys";
import { isRole, ROLES } from "@sentiment/platform";
import { ROOT } from "./stack.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: "string" }, name: { type: "string" }, file: { type: "string" } },
});
const path = resolve(ROOT, values.file ?? process.env.API_KEYS_PATH ?? "data/api-keys.json");
const [command, argument] = positionals;
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

if (command === "create") {
  if (!isRole(values.role)) fail(`--role must be one of: ${ROLES.join(", ")}`);
  const name = values.name ?? fail("--name is required (who or what uses the key)");
  const { key, record } = createKey(path, name as string, values.role as (typeof ROLES)[number]);
  console.log(`created key ${record.id} (${record.role}, "${record.name}") in ${path}`);
  console.log(`\n  ${key}\n\nIt is shown only now. Send it as: Authorization: Bearer ${key}`);
} else if (command === "list") {
  const keys = readKeys(path);
  if (keys.length === 0) console.log(`no keys in ${path}`);
  for (const k of keys) console.log(`${k.id}  ${k.role.padEnd(6)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active".padEnd(32)}  created ${k.createdAt}  ${k.name}`);
} else if (command === "revoke") {
  if (!argument) fail("usage: npm run apikey -- revoke <id>");
  if (!revokeKey(path, argument as string)) fail(`no active key with id ${argument} in ${path}`);
  console.log(`revoked key ${argument}; the gateway stops accepting it within a second`);
} else {
  fail("usage: npm run apikey -- create --role reader|writer|admin --name NAME | list | revoke ID  [--file PATH]");
}
