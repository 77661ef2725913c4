import * as ipaddr from "ipaddr.js";

/**
 * "Reachable from the internet" is an address-space question, not a string match on 0.0.0.0/0.
 *
 * The rule: a set of CIDR blocks of one family counts as the internet when the public addresses it
 * covers make up at least {@link INTERNET_SHARE} (1/256) of that family's public space.
 *
 * - Public IPv4 space is every address outside the special-purpose ranges (private, loopback,
 *   link-local, carrier-grade NAT, documentation, multicast, reserved...). So 0.0.0.0/0, 0.0.0.0/1,
 *   128.0.0.0/1 and any public /8 are the internet; 10.0.0.0/8 is not, nor is 52.0.0.0/9.
 * - Public IPv6 space is global unicast (2000::/3) outside its special-purpose ranges. So ::/0,
 *   ::/1, 2000::/3 and any /10 inside it are the internet. 8000::/1 alone is not: it holds no
 *   global unicast address (only unique-local, link-local and multicast space).
 * - Blocks are measured together: 0.0.0.0/1 plus 128.0.0.0/1, or 512 public /9s, add up.
 * - An IPv6 block also reaches the IPv4 addresses it holds (see {@link EMBEDDINGS}), measured as
 *   IPv4: ::ffff:0:0/96 (IPv4-mapped 0.0.0.0/0), 64:ff9b::/96 (NAT64), 2002::/16 (6to4) and
 *   2001::/32 (Teredo) are the internet, though none holds a public IPv6 address.
 *
 * The special-purpose ranges are those ipaddr.js classifies (the IANA registries).
 */
export const INTERNET_SHARE = 1 / 256;

type Family = "ipv4" | "ipv6";

interface Interval {
    readonly start: bigint;
    readonly end: bigint; // inclusive
}

const BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
    return address.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function intervalOf(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): Interval {
    const hostBits = BigInt(BITS[address.kind()] - prefix);
    const start = (toBigInt(address) >> hostBits) << hostBits;
    return { start, end: start + (1n << hostBits) - 1n };
}

/** Sorts and merges overlapping or adjacent intervals. */
function union(intervals: readonly Interval[]): Interval[] {
    const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const merged: Interval[] = [];
    for (const next of sorted) {
        const last = merged[merged.length - 1];
        if (last && next.start <= last.end + 1n) {
            merged[merged.length - 1] = { start: last.start, end: next.end > last.end ? next.end : last.end };
        } else {
            merged.push(next);
        }
    }
    return merged;
}

/** `from` minus every interval of `holes` (both already merged and sorted). */
function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
    let result = [...from];
    for (const hole of holes) {
        result = result.flatMap((piece) => {
            if (hole.end < piece.start || hole.start > piece.end) {
                return [piece];
            }
            const parts: Interval[] = [];
            if (hole.start > piece.start) parts.push({ start: piece.start, end: hole.start - 1n });
            if (hole.end < piece.end) parts.push({ start: hole.end + 1n, end: piece.end });
            return parts;
        });
    }
    return result;
}

function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
    const result: Interval[] = [];
    for (const x of a) {
        for (const y of b) {
            const start = x.start > y.start ? x.start : y.start;
            const end = x.end < y.end ? x.end : y.end;
            if (start <= end) result.push({ start, end });
        }
    }
    return result;
}

function size(intervals: readonly Interval[]): bigint {
    return intervals.reduce((acc, i) => acc + (i.end - i.start + 1n), 0n);
}

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** ipaddr.js's special-purpose range tables (its `range()` classification); not in its typings. */
function specialRanges(family: Family): Interval[] {
    const prototype = (family === "ipv4" ? ipaddr.IPv4.prototype : ipaddr.IPv6.prototype) as unknown as {
        SpecialRanges: Record<string, Range | Range[]>;
    };
    const pairs = Object.values(prototype.SpecialRanges).flatMap((entry) => (Array.isArray(entry[0]) ? (entry as Range[]) : [entry as Range]));
    return union(pairs.map(([address, prefix]) => intervalOf(address, prefix)));
}

function computePublicSpace(family: Family): Interval[] {
    const universe = family === "ipv4" ? intervalOf(ipaddr.parse("0.0.0.0"), 0) : intervalOf(ipaddr.parse("2000::"), 3);
    return subtract([universe], specialRanges(family));
}

const PUBLIC_SPACE: Record<Family, Interval[]> = { ipv4: computePublicSpace("ipv4"), ipv6: computePublicSpace("ipv6") };
const PUBLIC_SIZE: Record<Family, bigint> = { ipv4: size(PUBLIC_SPACE.ipv4), ipv6: size(PUBLIC_SPACE.ipv6) };

interface Block {
    readonly interval: Interval;
    readonly prefix: number;
}

function blockOf(cidr: string): Block {
    const [address, prefix] = ipaddr.parseCIDR(cidr);
    return { interval: intervalOf(address, prefix), prefix };
}

/**
 * IPv6 ranges that hold IPv4 addresses, and the bit where the IPv4 address starts in them. ipaddr.js
 * classifies each as special-purpose, so none is public IPv6 space; the IPv4 addresses inside are
 * measured instead.
 * - IPv4-mapped ::ffff:0:0/96 (RFC 4291) and IPv4-translated ::ffff:0:0:0/96 (RFC 6145): the IPv4
 *   address itself, in the last 32 bits.
 * - NAT64's well-known prefix 64:ff9b::/96 (RFC 6052): an IPv4 host as IPv6 hosts reach it through
 *   a NAT64 gateway, in the last 32 bits.
 * - 6to4 2002::/16 (RFC 3056): the /48 of the site at IPv4 address a.b.c.d is 2002:aabb:ccdd::/48.
 * - Teredo 2001::/32 (RFC 4380): a client's IPv4 address, every bit inverted, in the last 32 bits.
 */
const EMBEDDINGS = [
    { cidr: "::ffff:0:0/96", offset: 96, inverted: false },
    { cidr: "::ffff:0:0:0/96", offset: 96, inverted: false },
    { cidr: "64:ff9b::/96", offset: 96, inverted: false },
    { cidr: "2002::/16", offset: 16, inverted: false },
    { cidr: "2001::/32", offset: 96, inverted: true },
].map(({ cidr, offset, inverted }) => ({ ...blockOf(cidr), offset, inverted }));

const IPV4_BITS = 0xffffffffn;

/** The IPv4 addresses an IPv6 block holds through {@link EMBEDDINGS}. */
function embeddedIpv4(block: Block): Interval[] {
    return EMBEDDINGS.flatMap((embedding) => {
        // Two CIDR blocks overlap only when one holds the other; the overlap is the narrower one.
        const [inner, outer] = block.prefix >= embedding.prefix ? [block, embedding] : [embedding, block];
        if (inner.interval.start < outer.interval.start || inner.interval.end > outer.interval.end) return [];
        const bits = (inner.interval.start >> BigInt(BITS.ipv6 - embedding.offset - 32)) & IPV4_BITS;
        const fixed = Math.min(32, Math.max(0, inner.prefix - embedding.offset));
        const hostBits = BigInt(32 - fixed);
        const start = ((embedding.inverted ? bits ^ IPV4_BITS : bits) >> hostBits) << hostBits;
        return [{ start, end: start + (1n << hostBits) - 1n }];
    });
}

/** The share (0 to 1) of the family's public space that the intervals cover. */
function shareOf(family: Family, intervals: readonly Interval[]): number {
    const publicCovered = size(intersect(union(intervals), PUBLIC_SPACE[family]));
    // Scale before dividing so the ratio keeps its precision for IPv6's 2^125 addresses.
    const PRECISION = 1_000_000_000n;
    return Number((publicCovered * PRECISION) / PUBLIC_SIZE[family]) / Number(PRECISION);
}

/**
 * The share (0 to 1) of the family's public address space that the given blocks cover together.
 * Every block must be a valid CIDR of `family`.
 */
export function publicShare(family: Family, cidrs: readonly string[]): number {
    return shareOf(
        family,
        cidrs.map((cidr) => blockOf(cidr).interval),
    );
}

/**
 * Whether the blocks together amount to the internet, by the rule above: IPv6 blocks also by the
 * share of public IPv4 space they hold.
 */
export function isInternet(family: Family, cidrs: readonly string[], share = INTERNET_SHARE): boolean {
    if (cidrs.length === 0) return false;
    if (publicShare(family, cidrs) >= share) return true;
    return family === "ipv6" && shareOf("ipv4", cidrs.map(blockOf).flatMap(embeddedIpv4)) >= share;
}
