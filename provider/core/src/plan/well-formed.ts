import { ConfigSpec } from "../config/types";
import { Finding } from "../rules/finding";
import { PathSegment, formatPath, parsePath } from "../util/text";

/** The top-level keys a config may have; any other is an unknown key. */
const CONFIG_KEYS = ["client", "environment", "deployment", "workload", "region", "vpc", "scenario", "overrides", "tags"];

/** The top-level keys a config must have (the schema's `required`): the checks read every one. */
const REQUIRED_KEYS = ["client", "environment", "deployment", "region", "vpc", "scenario"];

/**
 * The part of a config that a schema error leaves out of the semantic checks, or undefined when
 * the error leaves nothing sound to check. Only parts whose removal cannot make another check
 * report something (a missing key, a duplicate, a different port) are left out: a rule of a tier
 * override, a tier override or one of its lists, a tag, an unknown top-level key. An error in
 * the set's identity, its VPC, its scenario or a port override stops the semantic checks.
 */
function brokenPart(segments: readonly PathSegment[], data: Record<string, unknown>): PathSegment[] | undefined {
    const [top, section, tier, direction, index] = segments;
    if (top === "tags") return segments.slice(0, 2);
    // An unknown top-level key may be a misspelt overrides:, whose port overrides change what the rules
    // check, or a misspelt required key (vpcs:), whose missing-key finding it stands for: left out only
    // when neither can be.
    if (typeof top === "string" && segments.length === 1 && !CONFIG_KEYS.includes(top) && "overrides" in data && REQUIRED_KEYS.every((key) => key in data)) return [top];
    if (top !== "overrides" || section !== "tiers") return undefined;
    if (tier === undefined || direction === undefined) return segments.slice(0, 3);
    // A rule's index stays its own: the other rules keep their field paths (see `withoutParts`).
    return typeof index === "number" ? [top, section, tier, direction, index] : [top, section, tier, direction];
}

/** A copy of `node` without the value at `segments`; an array keeps a hole there, so later items keep their indices. */
function without(node: unknown, segments: readonly PathSegment[]): unknown {
    if (segments.length === 0 || node === null || typeof node !== "object") return node;
    const [head, ...rest] = segments;
    if (!Object.prototype.hasOwnProperty.call(node, head)) return node;
    // slice(), not a spread: a spread turns the holes of earlier removals into undefined items.
    const copy: Record<PathSegment, unknown> = Array.isArray(node) ? (node.slice() as unknown as Record<PathSegment, unknown>) : { ...(node as Record<string, unknown>) };
    if (rest.length === 0) delete copy[head];
    else copy[head] = without(copy[head], rest);
    return copy;
}

function within(path: string | undefined, part: string): boolean {
    if (path === undefined) return part === "";
    return path === part || path.startsWith(`${part}.`) || path.startsWith(`${part}[`);
}

/**
 * The well-formed part of a config that failed its schema: the config without every part a schema
 * finding is in, for the semantic checks to run on, so that one run reports every independent
 * mistake. Undefined when a finding leaves nothing sound to check (see {@link brokenPart}).
 * `outside` keeps the findings (of `file`) on none of the removed parts: a semantic check never
 * reports on a part the schema already refused.
 */
export function wellFormedPart(
    data: unknown,
    shape: readonly Finding[],
    file: string | undefined,
): { config: ConfigSpec; outside: (findings: readonly Finding[]) => Finding[] } | undefined {
    if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
    const parts: PathSegment[][] = [];
    for (const finding of shape) {
        const part = brokenPart(parsePath(finding.path ?? ""), data as Record<string, unknown>);
        if (!part) return undefined;
        parts.push(part);
    }
    const config = parts.reduce<unknown>((node, part) => without(node, part), data) as ConfigSpec;
    const removed = parts.map(formatPath);
    const outside = (findings: readonly Finding[]) => findings.filter((finding) => finding.file !== file || !removed.some((part) => within(finding.path, part)));
    return { config, outside };
}
