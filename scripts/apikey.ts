// `npm run apikey -- create --role writer --name ci` | `list` | `revoke <id>` | `show-admin`
// Manages the gateway's API keys (API_KEYS_PATH, default data/api-keys.json). Keys are stored
// only as hashes: `create` prints the key once. The one exception is the local admin key that
// `npm start` creates, which `show-admin` prints again (gateway/src/auth/api-keys.ts says why).
// Bad input gets the usage or a one-line reason and exit status 2, never a stack trace.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createKey, localAdminKeyPath, readKeys, readLocalAdminKey, revokeKey } from "@sentiment/gateway/api-keys";
import { isRole, ROLES } from "@sentiment/platform";
import { ROOT } from "./stack.js";

const USAGE = `usage: npm run apikey -- <command> [--file PATH]

  create --role ${ROLES.join("|")} --name NAME   create a key and print it (shown only now)
  list                                        every key: id, role, state, creation date, name
  revoke ID                                   stop accepting a key (within a second)
  show-admin                                  print the local admin key that npm start created,
                                              e.g.  export KEY=$(npm run --silent apikey -- show-admin)

  --file PATH   the key file (default: API_KEYS_PATH, else data/api-keys.json)`;

class UsageError extends Error {}

function run(argv: string[]): void {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs' own messages name the option at fault ("Unknown option '--x'").
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help || positionals[0] === "help") {
    console.log(USAGE);
    return;
  }
  const path = resolve(ROOT, values.file ?? process.env.API_KEYS_PATH ?? "data/api-keys.json");
  const [command, ...rest] = positionals;
  const noMoreArguments = (count: number) => {
    if (rest.length > count) throw new UsageError(`unexpected argument "${rest[count]}" after ${command}`);
  };

  if (command === "create") {
    noMoreArguments(0);
    if (!isRole(values.role)) throw new UsageError(`--role must be one of: ${ROLES.join(", ")}`);
    if (!values.name?.trim()) throw new UsageError("--name is required (who or what uses the key)");
    if (values.name.length > 100) throw new UsageError("--name is at most 100 characters");
    const { key, record } = createKey(path, values.name.trim(), values.role);
    console.log(`created key ${record.id} (${record.role}, "${record.name}") in ${path}`);
    console.log(`\n  ${key}\n\nIt is shown only now. Send it as: Authorization: Bearer ${key}`);
  } else if (command === "list") {
    noMoreArguments(0);
    const keys = readKeys(path);
    if (keys.length === 0) console.log(`no keys in ${path}`);
    for (const k of keys) console.log(`${k.id}  ${k.role.padEnd(6)}  ${k.revokedAt ? `revoked ${k.revokedAt}` : "active".padEnd(32)}  created ${k.createdAt}  ${k.name}`);
  } else if (command === "revoke") {
    noMoreArguments(1);
    const id = rest[0];
    if (!id) throw new UsageError("revoke needs the key's id (the first column of `npm run apikey -- list`)");
    if (!revokeKey(path, id)) throw new UsageError(`no active key with id ${id} in ${path}`);
    console.log(`revoked key ${id}; the gateway stops accepting it within a second`);
  } else if (command === "show-admin") {
    noMoreArguments(0);
    const local = readLocalAdminKey(path);
    if (local.status === "active") {
      // The key alone on stdout, so that $(…) captures it; the rest goes to the terminal.
      console.log(local.key);
      console.error(`local admin key ${local.record.id}, created ${local.record.createdAt}; send it as: Authorization: Bearer <key>`);
    } else if (local.status === "revoked") {
      throw new UsageError(`the local admin key ${local.record.id} was revoked ${local.record.revokedAt}: create another with npm run apikey -- create --role admin --name NAME`);
    } else {
      throw new UsageError(
        `no local admin key beside ${path} (${localAdminKeyPath(path)}): npm start creates one when no key is active (outside production); ` +
          "other keys are shown only when created. Create one with: npm run apikey -- create --role admin --name NAME",
      );
    }
  } else {
    throw new UsageError(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, name: { type: "string" }, file: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}

try {
  run(process.argv.slice(2));
} catch (error) {
  // A usage mistake gets status 2; a key file that cannot be read or written, 1. Neither a stack.
  console.error(`apikey: ${(error as Error).message}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
