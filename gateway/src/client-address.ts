// Who is at the other end: the socket's peer, or — when that peer is one of TRUSTED_PROXIES — the
// address the proxies recorded in X-Forwarded-For or Forwarded. Only hops a trusted proxy wrote
// are believed: the list is read from the right (the hop nearest this gateway), past every
// trusted proxy, and the first hop that is not one is the client. Anything to its left was
// written by the client and may be forged. Every limit keyed by address uses this one address.
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** Which header the trusted proxies write. One only: a proxy that appends to X-Forwarded-For
 *  passes a client's own `Forwarded` header on untouched, and reading both would let the client
 *  choose its address. */
export type ForwardedHeader = "x-forwarded-for" | "forwarded";

export interface TrustedProxies {
  contains(address: string): boolean;
  /** the CIDR ranges, as configured (normalised), for the start-up log */
  readonly ranges: readonly string[];
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** An IP address in one spelling per address (IPv6 compressed, lower case; an IPv4-mapped IPv6
 *  address as IPv4), or null when `text` is not an IP address. */
export function normalizeAddress(text: string): string | null {
  const bare = text.trim();
  const mapped = MAPPED_V4.exec(bare);
  if (mapped && isIPv4(mapped[1] as string)) return mapped[1] as string;
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) {
    const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    const inner = MAPPED_V4.exec(canonical);
    return inner ? (inner[1] as string) : canonical;
  }
  return null;
}

/** Parses a comma-separated list of CIDR ranges or single addresses; throws naming the first
 *  entry that is neither. */
export function parseTrustedProxies(text: string): TrustedProxies {
  const list = new BlockList();
  const ranges: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    const [base = "", prefixText, extra] = entry.split("/");
    const address = normalizeAddress(base);
    if (address === null || extra !== undefined) throw new Error(`"${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    const family = isIPv4(address) ? "ipv4" : "ipv6";
    const max = family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${entry}" has a prefix length outside 0-${max}`);
    list.addSubnet(address, prefix, family);
    ranges.push(`${address}/${prefix}`);
  }
  return {
    ranges,
    contains: (candidate) => {
      const address = normalizeAddress(candidate);
      return address !== null && list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
    },
  };
}

/** One hop of X-Forwarded-For: an address, possibly with a port (`1.2.3.4:80`, `[::1]:80`). */
function addressOfHop(hop: string): string | null {
  const text = hop.trim().replace(/^"|"$/g, "");
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return normalizeAddress(bracketed[1] as string);
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  if (v4WithPort) return normalizeAddress(v4WithPort[1] as string);
  return normalizeAddress(text);
}

/** The `for=` hops of a Forwarded header (RFC 7239), nearest last; an element without `for=`
 *  or with an obfuscated or `unknown` node is a hop with no usable address (null). */
function forwardedHops(header: string): Array<string | null> {
  return header.split(",").map((element) => {
    for (const pair of element.split(";")) {
      const [name = "", ...rest] = pair.split("=");
      if (name.trim().toLowerCase() === "for") return addressOfHop(rest.join("="));
    }
    return null;
  });
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The client's address for a request whose socket peer is `peer`. */
export function clientAddress(peer: string | undefined, headers: Record<string, string | string[] | undefined>, trusted: TrustedProxies, header: ForwardedHeader): string {
  let nearest = normalizeAddress(peer ?? "") ?? "unknown";
  if (!trusted.contains(nearest)) return nearest;
  const text = headerText(headers[header]);
  if (text === undefined || text.trim() === "") return nearest;
  const hops = header === "forwarded" ? forwardedHops(text) : text.split(",").map(addressOfHop);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i];
    // A hop a trusted proxy wrote but that is no address: the client is not known beyond the
    // last trusted hop, which is what the limits then count.
    if (hop === null || hop === undefined) return nearest;
    if (!trusted.contains(hop)) return hop;
    nearest = hop;
  }
  // Every hop is a trusted proxy: the request began inside.
  return nearest;
}

/** The key an address is counted under: an IPv6 address by its /64, which one subscriber is
 *  usually given whole (so one attacker cannot take 2^64 fresh addresses). */
export function limitKeyOf(address: string): string {
  if (!isIPv6(address)) return address;
  const groups = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  // Expand "::" to count the groups, then keep the first four.
  const [head = "", tail] = groups.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined ? [] : tail === "" ? [] : tail.split(":");
  const full = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return `${full.slice(0, 4).join(":")}::/64`;
}
