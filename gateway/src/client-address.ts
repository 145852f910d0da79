// Who is at the other end: the socket's peer, or — when that peer is one of TRUSTED_PROXIES — the
// address the proxies recorded in X-Forwarded-For or Forwarded. Only hops a trusted proxy wrote
// are believed: the list is read from the right (the hop nearest this gateway), past every
// trusted proxy, and the first hop that is not one is the client. Anything to its left was
// written by the client and may be forged. Every limit keyed by address uses this one address.
import { isIPv4, isIPv6 } from "node:net";

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
/** The same in the spelling the WHATWG URL parser canonicalises to: two hexadecimal groups. */
const MAPPED_V4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** An IPv6 address in its compressed, lower-case spelling (the URL parser's), or null when the
 *  parser refuses it after all. */
function canonicalIpv6(address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** An IP address in one spelling per address (IPv6 compressed, lower case; an IPv4-mapped IPv6
 *  address as IPv4), or null when `text` is not an IP address. An address with a zone id
 *  (`fe80::1%eth0`) is none: the zone names an interface of the host that wrote it, so it
 *  identifies no client here, and the URL parser refuses it. */
export function normalizeAddress(text: string): string | null {
  const bare = text.trim();
  const mapped = MAPPED_V4.exec(bare);
  if (mapped && isIPv4(mapped[1] as string)) return mapped[1] as string;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare) || bare.includes("%")) return null;
  const canonical = canonicalIpv6(bare);
  if (canonical === null) return null;
  const inner = MAPPED_V4_HEX.exec(canonical);
  if (!inner) return canonical;
  const [high, low] = [Number.parseInt(inner[1] as string, 16), Number.parseInt(inner[2] as string, 16)];
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

/** The 16 groups' worth of bytes of a normalised IPv6 address (compressed, no dotted part). */
function ipv6Bytes(address: string): Uint8Array {
  const [head = "", tail] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return bytes;
}

/** A normalised IPv4 address as an unsigned 32-bit number. */
function ipv4Number(address: string): number {
  let value = 0;
  for (const part of address.split(".")) value = value * 256 + Number(part);
  return value;
}

/** A range of either family: IPv4 ones compare as numbers under a mask, IPv6 ones byte by byte. */
type Range = { family: 4; base: number; mask: number } | { family: 6; bytes: Uint8Array; prefix: number };

function rangeOf(address: string, prefix: number): Range {
  if (!isIPv4(address)) return { family: 6, bytes: ipv6Bytes(address), prefix };
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { family: 4, base: (ipv4Number(address) & mask) >>> 0, mask };
}

function inIpv6Range(address: Uint8Array, bytes: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i += 1) if (address[i] !== bytes[i]) return false;
  const bits = prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((address[whole] as number) & mask) === ((bytes[whole] as number) & mask);
}

/** Parses a comma-separated list of CIDR ranges or single addresses; throws naming the first
 *  entry that is neither. Matching is byte arithmetic: node:net's BlockList takes microseconds
 *  a look-up, which every request would pay. */
export function parseTrustedProxies(text: string): TrustedProxies {
  const list: Range[] = [];
  const ranges: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter((e) => e !== "")) {
    const [base = "", prefixText, extra] = entry.split("/");
    const address = normalizeAddress(base);
    if (address === null || extra !== undefined) throw new Error(`"${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps, its prefix counted
    // over 128 bits: 96 of them are the mapping's.
    const mappedRange = isIPv4(address) && !isIPv4(base.trim());
    const [min, max] = mappedRange ? [96, 128] : isIPv4(address) ? [0, 32] : [0, 128];
    const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
    if (!(prefix >= min && prefix <= max)) throw new Error(`"${entry}" has a prefix length outside ${min}-${max}`);
    const ownPrefix = mappedRange ? prefix - 96 : prefix;
    list.push(rangeOf(address, ownPrefix));
    ranges.push(`${address}/${ownPrefix}`);
  }
  return {
    ranges,
    contains: (candidate) => {
      if (list.length === 0) return false;
      const address = normalizeAddress(candidate);
      if (address === null) return false;
      if (isIPv4(address)) {
        const value = ipv4Number(address);
        return list.some((range) => range.family === 4 && ((value & range.mask) >>> 0) === range.base);
      }
      const bytes = ipv6Bytes(address);
      return list.some((range) => range.family === 6 && inIpv6Range(bytes, range.bytes, range.prefix));
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
  const canonical = isIPv6(address) ? canonicalIpv6(address) : null;
  if (canonical === null) return address;
  const bytes = ipv6Bytes(canonical);
  const groups = [0, 2, 4, 6].map((i) => (((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return `${groups.join(":")}::/64`;
}
