/**
 * One ICMP or ICMPv6 type, and optionally one code of it, that a rule is limited to. EC2 carries
 * them in a rule's port fields: FromPort is the type and ToPort the code, -1 meaning all. They are
 * never ports: a rule of ICMP type 22 has nothing to do with SSH.
 */
export interface IcmpMatch {
    readonly type: number;
    /** Absent: every code of the type. */
    readonly code?: number;
}

/** Types and codes are one octet each. */
const MAX_ICMP_NUMBER = 255;

/** EC2's "all types" or "all codes". */
const ALL = -1;

/** The EC2 port fields for an ICMP rule: -1/-1 for every type, the type and -1 for every code of one type. */
export function icmpPortFields(match: IcmpMatch | undefined): { readonly fromPort: number; readonly toPort: number } {
    return match ? { fromPort: match.type, toPort: match.code ?? ALL } : { fromPort: ALL, toPort: ALL };
}

/** Decimal digits only, as a number or a string ("8", " 8 "): never "0x8" or "1e0", which Number() would read. */
const DECIMAL = /^\s*\d+\s*$/;

function icmpNumber(value: unknown): number | undefined {
    const number = typeof value === "number" || (typeof value === "string" && DECIMAL.test(value)) ? Number(value) : NaN;
    return Number.isInteger(number) && number >= 0 && number <= MAX_ICMP_NUMBER ? number : undefined;
}

/**
 * The type and code an ICMP rule's EC2 port fields hold (FromPort 8, ToPort 0: echo request, code
 * 0), the inverse of {@link icmpPortFields}. `undefined`, every type, when FromPort is -1, absent
 * or no type number; a ToPort that is no code number is every code. Never a port range.
 */
export function icmpFromPortFields(fromPort: unknown, toPort: unknown): IcmpMatch | undefined {
    const type = icmpNumber(fromPort);
    if (type === undefined) return undefined;
    const code = icmpNumber(toPort);
    return code === undefined ? { type } : { type, code };
}

/** `type8`, `type3-code4`: the part of a rule's key that tells ICMP rules of one peer apart. */
export function icmpKey(match: IcmpMatch): string {
    return match.code === undefined ? `type${match.type}` : `type${match.type}-code${match.code}`;
}

/** `type 8 (all codes)`, `type 3 code 4`, or `all` (every type), for people. */
export function icmpLabel(match: IcmpMatch | undefined): string {
    if (!match) return "all";
    return match.code === undefined ? `type ${match.type} (all codes)` : `type ${match.type} code ${match.code}`;
}

/** Orders matches by type, then code; every type and every code first. */
export function compareIcmp(a: IcmpMatch | undefined, b: IcmpMatch | undefined): number {
    return (a?.type ?? ALL) - (b?.type ?? ALL) || (a?.code ?? ALL) - (b?.code ?? ALL);
}
