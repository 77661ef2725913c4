import { PolicyConfigSchema } from "@pulumi/policy";

/** The JSON schema of one setting, as a policy's `configSchema` publishes it. */
export type PropertySchema = PolicyConfigSchema["properties"][string];

/**
 * A policy's settings: its documented defaults, overlaid with what the pack's config sets. The
 * engine sends only what a team configured, so the defaults are applied here, from the same
 * object the config schema publishes.
 */
export function settings<T extends object>(defaults: T, configured: Partial<T>): T {
    const given = Object.fromEntries(Object.entries(configured).filter(([, value]) => value !== undefined));
    return { ...defaults, ...given } as T;
}

/** A list of TCP/UDP port numbers. */
export function portListSchema(description: string, defaults: readonly number[]): PropertySchema {
    return { type: "array", description, items: { type: "integer", minimum: 1, maximum: 65535 }, uniqueItems: true, default: [...defaults] };
}

/** The share of public address space at which CIDR blocks count as the internet. */
export function internetShareSchema(defaultShare: number): PropertySchema {
    return {
        type: "number",
        description: "Share of a family's public address space (0-1) at which CIDR blocks, alone or together, count as the internet.",
        exclusiveMinimum: 0,
        maximum: 1,
        default: defaultShare,
    };
}
