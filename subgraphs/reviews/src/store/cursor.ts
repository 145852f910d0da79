// Opaque pagination cursors: the review's position, base64url-encoded with a prefix so a
// cursor from somewhere else is recognised as foreign.
const PREFIX = "r:";

export function encodeCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): number | null {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith(PREFIX)) return null;
  const position = Number(decoded.slice(PREFIX.length));
  return Number.isSafeInteger(position) && position > 0 ? position : null;
}
