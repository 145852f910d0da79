// Opaque pagination cursors: the review's position, base64url-encoded with a prefix so a
// cursor from somewhere else is recognised as foreign.
const PREFIX = "r:";
// Exactly what encodeCursor writes: a positive decimal integer without sign, leading zeros,
// spaces, exponent or hexadecimal prefix.
const CANONICAL = /^r:[1-9][0-9]{0,15}$/;

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, "utf8").toString("base64url");
}

/** The position a cursor points at, or null for anything this API did not hand out. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!CANONICAL.test(decoded)) return null;
  const position = Number(decoded.slice(PREFIX.length));
  // Node's decoder ignores trailing bits, so several strings decode alike; only ours is accepted.
  return Number.isSafeInteger(position) && encodeCursor(position) === cursor ? position : null;
}
