import { PropertySchema } from "./settings";

/** What an exemption covers: one resource by its exact URN, or the resources whose names a glob matches. */
export type ExemptionTarget = { readonly kind: "urn"; readonly urn: string } | { readonly kind: "name"; readonly pattern: string };

/** An approved exception to one policy, as its config writes it, parsed. */
export interface Exemption {
    readonly target: ExemptionTarget;
    readonly reason: string;
    /** The last day (UTC) the exemption applies, `YYYY-MM-DD`. */
    readonly expires: string;
}

/** The resource a violation is about. */
export interface ExemptedResource {
    readonly urn: string;
    readonly name: string;
}

/** Whether a violation keeps its level: no exemption matches, a live one does, or only expired ones do. */
export type ExemptionVerdict = { readonly kind: "none" } | { readonly kind: "exempt"; readonly exemption: Exemption } | { readonly kind: "expired"; readonly exemption: Exemption };

/**
 * A calendar date. Months are checked for their length, so 2025-02-30 and 2025-04-31 are refused
 * when the CLI validates the config; only 29 February of a common year gets through, and it reads
 * as the end of that February, since expiry compares dates as strings.
 */
const DATE = "^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))$";

/**
 * A name glob that names a prefix: it starts with a character that is neither `*` nor `?`, so a
 * pattern cannot match names across the organisation (`*-db` would exempt every team's database).
 * `[`, `]`, `\` and `/` are refused, so no one writes a character class or an escape expecting it
 * to work; a name holding `/` is left to exemptions by URN (see {@link covers}).
 */
const NAME_GLOB = "^[^*?\\[\\]\\\\/][^\\[\\]\\\\/]*$";

/** A reason with something in it: whitespace alone says nothing. */
const REASON = "\\S";

const URN = "^urn:pulumi:";

/**
 * JSON Schema's `oneOf`, which the CLI's validator applies though @pulumi/policy's schema type
 * leaves it out (the pack sends each setting's schema to the CLI as it is written).
 */
interface SchemaWithOneOf extends PropertySchema {
    readonly oneOf: readonly PropertySchema[];
}

const EXEMPTION_SCHEMA: SchemaWithOneOf = {
    type: "object",
    description: "One exemption: exactly one of urn or name, a reason, and the last day it applies.",
    properties: {
        urn: { type: "string", pattern: URN, description: "The exact URN of the one resource exempted." },
        name: {
            type: "string",
            pattern: NAME_GLOB,
            description:
                "A glob over resource names, in every stack the policy group covers: * any run of characters, ? any one character. It starts with neither, so it names a prefix. Not [, ], \\ or /; a name holding / is exempted by its urn.",
        },
        reason: { type: "string", pattern: REASON, description: "Why the exception was approved, and by whom." },
        expires: { type: "string", pattern: DATE, description: "The last day (UTC) the exemption applies, YYYY-MM-DD. Keep it short: renewing is a new approval." },
    },
    required: ["reason", "expires"],
    oneOf: [{ required: ["urn"] }, { required: ["name"] }],
    additionalProperties: false,
};

/** The `exemptions` setting every policy of the pack takes. The CLI validates a config against it. */
export const EXEMPTIONS_SCHEMA: PropertySchema = {
    type: "array",
    description: "Approved exceptions to this policy. A violation on a resource an exemption matches is reported as advisory, naming the exemption, through the day it expires.",
    default: [],
    items: EXEMPTION_SCHEMA,
};

const matchesPattern = (value: unknown, pattern: string): value is string => typeof value === "string" && new RegExp(pattern).test(value);

function parseTarget(urn: unknown, name: unknown): ExemptionTarget | undefined {
    if (urn !== undefined && name === undefined && matchesPattern(urn, URN)) return { kind: "urn", urn };
    if (name !== undefined && urn === undefined && matchesPattern(name, NAME_GLOB)) return { kind: "name", pattern: name };
    return undefined;
}

function parseOne(entry: unknown): Exemption | undefined {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
    const { urn, name, reason, expires, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || !matchesPattern(reason, REASON) || !matchesPattern(expires, DATE)) return undefined;
    const target = parseTarget(urn, name);
    return target ? { target, reason, expires } : undefined;
}

/**
 * The exemptions a policy's config holds. The CLI has already validated them against
 * {@link EXEMPTIONS_SCHEMA}; an entry that reaches the pack without passing it (a config from
 * elsewhere) exempts nothing, so a malformed exemption can only leave a violation as it was.
 */
export function parseExemptions(configured: unknown): Exemption[] {
    if (!Array.isArray(configured)) return [];
    return configured.flatMap((entry) => parseOne(entry) ?? []);
}

/** The UTC day of an instant, `YYYY-MM-DD`: exemptions expire by the calendar, the same everywhere. */
export function utcDay(instant: Date): string {
    return instant.toISOString().slice(0, 10);
}

/**
 * A glob as a regular expression: `*` any run of characters, `?` any one, every other character
 * itself. No path, dot-file or brace rules, so a pattern means the same for every name.
 */
export function globToRegExp(pattern: string): RegExp {
    const source = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\^$\\.+()[\]{}|/]/g, "\\$&"))).join("");
    return new RegExp(`^${source}$`, "su");
}

/**
 * Whether an exemption covers a resource, whatever its expiry. A glob never covers a name holding
 * `/`: such names have always been exempted by URN alone, and matching them now would reach
 * resources that exemptions already approved were never meant for.
 */
export function covers(exemption: Exemption, resource: ExemptedResource): boolean {
    const { target } = exemption;
    if (target.kind === "urn") return target.urn === resource.urn;
    return !resource.name.includes("/") && globToRegExp(target.pattern).test(resource.name);
}

/**
 * What the exemptions make of a violation on a resource, on a given day. An exemption applies
 * through its expiry day; a live one wins over an expired one, and among equals the first listed.
 */
export function decideExemption(exemptions: readonly Exemption[], resource: ExemptedResource, today: string): ExemptionVerdict {
    const matching = exemptions.filter((exemption) => covers(exemption, resource));
    const live = matching.find((exemption) => today <= exemption.expires);
    if (live) return { kind: "exempt", exemption: live };
    return matching.length > 0 ? { kind: "expired", exemption: matching[0] } : { kind: "none" };
}

function describeTarget(target: ExemptionTarget): string {
    return target.kind === "urn" ? `urn ${JSON.stringify(target.urn)}` : `name ${JSON.stringify(target.pattern)}`;
}

/** The line a diagnostic gains from an exemption: what exempts it and until when, or that it expired. */
export function exemptionNote(verdict: ExemptionVerdict): string | undefined {
    if (verdict.kind === "none") return undefined;
    const { target, reason, expires } = verdict.exemption;
    return verdict.kind === "exempt"
        ? `Exempted until ${expires} (UTC) by the exemption for ${describeTarget(target)}, reason: ${JSON.stringify(reason)}.`
        : `Not exempted: the exemption for ${describeTarget(target)} (reason: ${JSON.stringify(reason)}) expired on ${expires}.`;
}
