import { describe, expect, it } from "vitest";
import { clientAddress, limitKeyOf, normalizeAddress, parseTrustedProxies } from "./client-address.js";

const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");
const none = parseTrustedProxies("");

describe("the client address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.9", { "x-forwarded-for": "198.51.100.1" }, none, "x-forwarded-for")).toBe("203.0.113.9");
  });

  it("is the socket's peer when that peer is not a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", { "x-forwarded-for": "198.51.100.1" }, proxies, "x-forwarded-for")).toBe("203.0.113.9");
  });

  it("is the hop a trusted proxy recorded", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "198.51.100.1" }, proxies, "x-forwarded-for")).toBe("198.51.100.1");
  });

  it("is the rightmost hop that is not a trusted proxy: what the client wrote to its left is ignored", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "1.1.1.1, 198.51.100.1, 192.168.1.7" }, proxies, "x-forwarded-for")).toBe("198.51.100.1");
  });

  it("reads repeated headers, addresses with ports and bracketed IPv6", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": ["1.1.1.1", "198.51.100.1:5123"] }, proxies, "x-forwarded-for")).toBe("198.51.100.1");
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "[2001:DB8::1]:443" }, proxies, "x-forwarded-for")).toBe("2001:db8::1");
  });

  it("reads the Forwarded header's for= hops when that is the header configured", () => {
    const forwarded = 'for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https, for=192.168.1.7';
    expect(clientAddress("10.1.2.3", { forwarded }, proxies, "forwarded")).toBe("2001:db8:cafe::17");
    // The header not configured is not read: the client could have written it.
    expect(clientAddress("10.1.2.3", { forwarded, "x-forwarded-for": "198.51.100.1" }, proxies, "forwarded")).toBe("2001:db8:cafe::17");
    expect(clientAddress("10.1.2.3", { forwarded }, proxies, "x-forwarded-for")).toBe("10.1.2.3");
  });

  it("stops at the last trusted hop when the next one is not an address", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "198.51.100.1, garbage, 10.9.9.9" }, proxies, "x-forwarded-for")).toBe("10.9.9.9");
    expect(clientAddress("10.1.2.3", { forwarded: "for=_hidden" }, proxies, "forwarded")).toBe("10.1.2.3");
  });

  it("stops at the last trusted hop when the next one is an IPv6 address with a zone id, which names an interface of another host", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "fe80::1%eth0, 1.2.3.4" }, proxies, "x-forwarded-for")).toBe("1.2.3.4");
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "1.2.3.4, fe80::1%eth0" }, proxies, "x-forwarded-for")).toBe("10.1.2.3");
    expect(clientAddress("10.1.2.3", { forwarded: 'for="[2001:db8::1%25eth0]"' }, proxies, "forwarded")).toBe("10.1.2.3");
    expect(clientAddress("10.1.2.3", { forwarded: 'for="[fe80::1%eth0]:80"' }, proxies, "forwarded")).toBe("10.1.2.3");
  });

  it("counts a client whose proxy wrote its IPv4 address in IPv6's hexadecimal mapped form as that IPv4 address", () => {
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "::ffff:7f00:2" }, proxies, "x-forwarded-for")).toBe("127.0.0.2");
    expect(clientAddress("10.1.2.3", { "x-forwarded-for": "[::ffff:c633:6401]:443" }, proxies, "x-forwarded-for")).toBe("198.51.100.1");
  });

  it("is the proxy itself when the request carries no forwarding header", () => {
    expect(clientAddress("::ffff:10.1.2.3", {}, proxies, "x-forwarded-for")).toBe("10.1.2.3");
  });
});

describe("trusted proxies", () => {
  it("accept CIDR ranges and single addresses of both families", () => {
    expect(proxies.ranges).toEqual(["10.0.0.0/8", "192.168.1.7/32", "fd00::/8"]);
    expect(proxies.contains("10.255.0.1")).toBe(true);
    expect(proxies.contains("::ffff:10.0.0.1")).toBe(true);
    expect(proxies.contains("fd12::1")).toBe(true);
    expect(proxies.contains("192.168.1.8")).toBe(false);
  });

  it("match prefixes that end inside a byte, and the whole address space with /0", () => {
    const odd = parseTrustedProxies("172.16.0.0/12, 2001:db8:8000::/33");
    expect(odd.contains("172.31.255.255")).toBe(true);
    expect(odd.contains("172.32.0.0")).toBe(false);
    expect(odd.contains("172.15.255.255")).toBe(false);
    expect(odd.contains("2001:db8:ffff::1")).toBe(true);
    expect(odd.contains("2001:db8:7fff::1")).toBe(false);
    expect(parseTrustedProxies("0.0.0.0/0").contains("203.0.113.9")).toBe(true);
    expect(parseTrustedProxies("0.0.0.0/0").contains("2001:db8::1")).toBe(false);
  });

  it("refuse an entry that is not an address or a range, naming it", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, example.com")).toThrow('"example.com" is not an IP address');
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow('"10.0.0.0/33" has a prefix length outside 0-32');
    expect(() => parseTrustedProxies("fd00::/129")).toThrow("outside 0-128");
    expect(() => parseTrustedProxies("10.0.0.0/8/1")).toThrow("is not an IP address");
  });

  it("refuse an IPv6 address with a zone id, naming it", () => {
    expect(() => parseTrustedProxies("fe80::1%eth0")).toThrow('"fe80::1%eth0" is not an IP address');
    expect(() => parseTrustedProxies("fe80::%eth0/64")).toThrow('"fe80::%eth0/64" is not an IP address');
  });

  it("accept an IPv4-mapped IPv6 range, with its prefix counted over the 128 bits, as the IPv4 range it maps", () => {
    const mapped = parseTrustedProxies("::ffff:10.0.0.0/104, ::ffff:c0a8:100/120, ::ffff:203.0.113.9");
    expect(mapped.ranges).toEqual(["10.0.0.0/8", "192.168.1.0/24", "203.0.113.9/32"]);
    expect(mapped.contains("10.200.0.1")).toBe(true);
    expect(mapped.contains("::ffff:10.200.0.1")).toBe(true);
    expect(mapped.contains("192.168.1.77")).toBe(true);
    expect(mapped.contains("192.168.2.1")).toBe(false);
    expect(() => parseTrustedProxies("::ffff:10.0.0.0/95")).toThrow('"::ffff:10.0.0.0/95" has a prefix length outside 96-128');
  });
});

describe("addresses", () => {
  it("have one spelling each", () => {
    expect(normalizeAddress("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress("not an address")).toBeNull();
    expect(normalizeAddress("::ffff:7f00:2")).toBe("127.0.0.2");
    expect(normalizeAddress("0:0:0:0:0:FFFF:7F00:0002")).toBe("127.0.0.2");
    expect(normalizeAddress("0:0:0:0:0:ffff:127.0.0.2")).toBe("127.0.0.2");
    // Not mapped: the IPv4-compatible form and a NAT64 prefix stay IPv6.
    expect(normalizeAddress("::7f00:2")).toBe("::7f00:2");
  });

  it("are not addresses with a zone id, which is meaningful only on the host that wrote it", () => {
    expect(normalizeAddress("fe80::1%eth0")).toBeNull();
    expect(normalizeAddress("fe80::1%25eth0")).toBeNull();
    expect(normalizeAddress("fe80::1%")).toBeNull();
  });

  it("are counted by their /64 when IPv6, as they are", () => {
    expect(limitKeyOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(limitKeyOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limitKeyOf("198.51.100.1")).toBe("198.51.100.1");
  });

  it("are counted each as its own IPv4 address when mapped, not all under one IPv6 /64", () => {
    expect(limitKeyOf(normalizeAddress("::ffff:7f00:2") as string)).toBe("127.0.0.2");
    expect(limitKeyOf(normalizeAddress("::ffff:7f00:3") as string)).toBe("127.0.0.3");
  });
});
