/** IPv4 CIDR blocks: parsing, containment and overlap, for the ACK network plan. Pure. */

/** A parsed IPv4 CIDR block: first address as a 32-bit number, and the prefix length. */
export interface Cidr {
    text: string;
    base: number;
    prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.0.0.0/16"; returns the reason when it is not a canonical IPv4 CIDR block. */
export function parseCidr(value: unknown): Cidr | string {
    if (typeof value !== "string") {
        return `${JSON.stringify(value)} is not a CIDR block`;
    }
    const m = CIDR.exec(value.trim());
    if (!m) {
        return `"${value}" is not an IPv4 CIDR block like 10.0.0.0/16`;
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return `"${value}" is not an IPv4 CIDR block (octets 0-255, prefix 0-32)`;
    }
    const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const base = (addr & mask(prefix)) >>> 0;
    if (base !== addr) {
        return `"${value}" has host bits set; the block starts at ${formatAddress(base)}/${prefix}`;
    }
    return { text: value.trim(), base, prefix };
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function size(c: Cidr): number {
    return 2 ** (32 - c.prefix);
}

export function formatAddress(n: number): string {
    return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

/** The RFC 1918 private ranges; ACK accepts VPC, pod and service blocks inside them. */
export const privateRanges: Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((t) => parseCidr(t) as Cidr);

export function isPrivate(c: Cidr): boolean {
    return privateRanges.some((r) => contains(r, c));
}
