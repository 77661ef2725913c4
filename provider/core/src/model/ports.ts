/**
 * An inclusive TCP/UDP port range. A single port is a range of one. The canonical key ("443",
 * "8000-8100") is part of a rule's identity.
 */
export interface PortRange {
    readonly from: number;
    readonly to: number;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Every port: what protocol `all` and the ICMP protocols cover, for the purposes of exposure. */
export const ALL_PORTS: PortRange = Object.freeze({ from: 0, to: MAX_PORT });

export function singlePort(port: number): PortRange {
    return { from: port, to: port };
}

export function portKey(range: PortRange): string {
    return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

export function portCount(range: PortRange): number {
    return range.to - range.from + 1;
}

export function coversPort(range: PortRange, port: number): boolean {
    return range.from <= port && port <= range.to;
}

export function isValidPort(port: number): boolean {
    return Number.isInteger(port) && port >= MIN_PORT && port <= MAX_PORT;
}

const RANGE_PATTERN = /^\s*(\d+)\s*-\s*(\d+)\s*$/;

export type PortRangeParse = { readonly ok: true; readonly range: PortRange } | { readonly ok: false; readonly problem: string; readonly fix: string };

/** Parses the config's `port_range: "8000-8100"` form, explaining exactly what is wrong when it fails. */
export function parsePortRange(text: string): PortRangeParse {
    const match = RANGE_PATTERN.exec(text);
    if (!match) {
        return {
            ok: false,
            problem: `port_range "${text}" is not of the form FROM-TO`,
            fix: 'write it as two port numbers joined by a hyphen, such as "8000-8100"',
        };
    }
    const from = Number(match[1]);
    const to = Number(match[2]);
    for (const port of [from, to]) {
        if (!isValidPort(port)) {
            return {
                ok: false,
                problem: `port ${port} in port_range "${text}" is outside ${MIN_PORT}-${MAX_PORT}`,
                fix: `use ports between ${MIN_PORT} and ${MAX_PORT}`,
            };
        }
    }
    if (from > to) {
        return {
            ok: false,
            problem: `port_range "${text}" is reversed: ${from} is greater than ${to}`,
            fix: `write the lower port first: "${to}-${from}"`,
        };
    }
    return { ok: true, range: { from, to } };
}
