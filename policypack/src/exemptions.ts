import { CODES, CODE_REGISTRY } from "sg-provisioner-core/rules-engine";
import { PropertySchema } from "./settings";

/** What an exemption covers: one resource by its exact URN, or the resources whose names a glob matches. */
export type ExemptionTarget = { readonly kind: "urn"; readonly urn: string } | { readonly kind: "name"; readonly pattern: string };

/** An approved exception to one policy, as its config writes it, parsed. */
export interface Exemption {
    readonly target: ExemptionTarget;
    /**
     * The finding codes it covers. Left out: every code of its policy but those in
     * {@link EXPLICIT_ONLY_CODES}, which an exemption covers only by naming them.
     */
    readonly codes?: readonly string[];
    readonly reason: string;
    /** The last day (UTC) the exemption applies, `YYYY-MM-DD`. */
    readonly expires: string;
}

/** The violation an exemption is weighed against: the resource it is about, and its finding code. */
export interface ExemptedViolation {
    readonly urn: string;
    readonly name: string;
    /** The finding's code; none for a policy whose findings have no code in the registry. */
    readonly code?: string;
}

/** Whether a violation keeps its level: no exemption matches, a live one does, or only expired ones do. */
export type ExemptionVerdict = { readonly kind: "none" } | { readonly kind: "exempt"; readonly exemption: Exemption } | { readonly kind: "expired"; readonly exemption: Exemption };

/**
 * Every port from the internet is never an approved exception by accident: an exemption granted
 * for one database port on a partner range must not also cover a later `-1 from 0.0.0.0/0` on the
 * same group, so an exemption covers these codes only when its `codes` lists them.
 */
export const EXPLICIT_ONLY_CODES: readonly string[] = [CODES.allPortsFromInternet];

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

/** The finding codes the registry says a policy reports, sorted. */
export function policyCodes(policyName: string): string[] {
    return Object.values(CODE_REGISTRY)
        .filter(({ reporter }) => "policies" in reporter && reporter.policies.includes(policyName))
        .map(({ code }) => code)
        .sort();
}

/**
 * JSON Schema's `oneOf`, which the CLI's validator applies though @pulumi/policy's schema type
 * leaves it out (the pack sends each setting's schema to the CLI as it is written).
 */
interface SchemaWithOneOf extends PropertySchema {
    readonly oneOf: readonly PropertySchema[];
}

/** `codes`, for a policy that reports coded findings: some of them, each once. */
function codesSchema(codes: readonly string[]): PropertySchema {
    return {
        type: "array",
        description: `The finding codes the exemption covers (${codes.join(", ")}). Left out: all of them but ${EXPLICIT_ONLY_CODES.join(", ")} (every port from the internet), which is covered only when listed.`,
        items: { type: "string", enum: [...codes] },
        minItems: 1,
        uniqueItems: true,
    };
}

function exemptionSchema(codes: readonly string[]): SchemaWithOneOf {
    return {
        type: "object",
        description: "One exemption: exactly one of urn or name, optionally the codes it covers, a reason, and the last day it applies.",
        properties: {
            urn: { type: "string", pattern: URN, description: "The exact URN of the one resource exempted." },
            name: {
                type: "string",
                pattern: NAME_GLOB,
                description:
                    "A glob over resource names, in every stack the policy group covers: * any run of characters, ? any one character. It starts with neither, so it names a prefix. Not [, ], \\ or /; a name holding / is exempted by its urn.",
            },
            ...(codes.length > 0 ? { codes: codesSchema(codes) } : {}),
            reason: { type: "string", pattern: REASON, description: "Why the exception was approved, and by whom." },
            expires: { type: "string", pattern: DATE, description: "The last day (UTC) the exemption applies, YYYY-MM-DD. Keep it short: renewing is a new approval." },
        },
        required: ["reason", "expires"],
        oneOf: [{ required: ["urn"] }, { required: ["name"] }],
        additionalProperties: false,
    };
}

/**
 * The `exemptions` setting of a policy that reports the given finding codes (see
 * {@link policyCodes}); without codes, an exemption takes no `codes`. The CLI validates a config
 * against it.
 */
export function exemptionsSchema(codes: readonly string[]): PropertySchema {
    return {
        type: "array",
        description:
            "Approved exceptions to this policy. A violation on a resource an exemption matches, of a code it covers, is reported as advisory, naming the exemption, through the day it expires.",
        default: [],
        items: exemptionSchema(codes),
    };
}

/** The schema's patterns, compiled once: a policy's config is parsed again for every resource it checks. */
const MATCH = { urn: new RegExp(URN), name: new RegExp(NAME_GLOB), reason: new RegExp(REASON), date: new RegExp(DATE) };

const matchesPattern = (value: unknown, pattern: RegExp): value is string => typeof value === "string" && pattern.test(value);

/** `codes` as the schema takes it: left out, or a list of the policy's codes, each once. Otherwise null. */
function parseCodes(codes: unknown, known: readonly string[]): readonly string[] | undefined | null {
    if (codes === undefined) return undefined;
    if (known.length === 0 || !Array.isArray(codes) || codes.length === 0 || new Set(codes).size !== codes.length) return null;
    return codes.every((code) => typeof code === "string" && known.includes(code)) ? (codes as string[]) : null;
}

function parseTarget(urn: unknown, name: unknown): ExemptionTarget | undefined {
    if (urn !== undefined && name === undefined && matchesPattern(urn, MATCH.urn)) return { kind: "urn", urn };
    if (name !== undefined && urn === undefined && matchesPattern(name, MATCH.name)) return { kind: "name", pattern: name };
    return undefined;
}

function parseOne(entry: unknown, known: readonly string[]): Exemption | undefined {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
    const { urn, name, codes, reason, expires, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || !matchesPattern(reason, MATCH.reason) || !matchesPattern(expires, MATCH.date)) return undefined;
    const target = parseTarget(urn, name);
    const covered = parseCodes(codes, known);
    if (!target || covered === null) return undefined;
    return covered ? { target, codes: covered, reason, expires } : { target, reason, expires };
}

/**
 * The exemptions a policy's config holds, for a policy reporting the given codes. The CLI has
 * already validated them against {@link exemptionsSchema}; an entry that reaches the pack without
 * passing it (a config from elsewhere) exempts nothing, so a malformed exemption can only leave a
 * violation as it was.
 */
export function parseExemptions(configured: unknown, codes: readonly string[]): Exemption[] {
    if (!Array.isArray(configured)) return [];
    return configured.flatMap((entry) => parseOne(entry, codes) ?? []);
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
 * Each glob compiled once: an exemption is weighed against every violation of its policy. The
 * expressions are neither global nor sticky, so `test` keeps no state between names.
 */
const globs = new Map<string, RegExp>();

function globOf(pattern: string): RegExp {
    let glob = globs.get(pattern);
    if (!glob) {
        glob = globToRegExp(pattern);
        globs.set(pattern, glob);
    }
    return glob;
}

/**
 * Whether an exemption's target is the resource, whatever its codes and expiry. A glob never
 * covers a name holding `/`: such names have always been exempted by URN alone, and matching them
 * now would reach resources that exemptions already approved were never meant for.
 */
export function covers(exemption: Exemption, resource: { readonly urn: string; readonly name: string }): boolean {
    const { target } = exemption;
    if (target.kind === "urn") return target.urn === resource.urn;
    return !resource.name.includes("/") && globOf(target.pattern).test(resource.name);
}

/** Whether an exemption covers a finding code: the listed ones, or by default all but the explicit-only ones. */
export function coversCode(exemption: Exemption, code: string | undefined): boolean {
    if (code === undefined) return exemption.codes === undefined;
    return exemption.codes ? exemption.codes.includes(code) : !EXPLICIT_ONLY_CODES.includes(code);
}

/**
 * What the exemptions make of a violation on a given day. An exemption applies through its expiry
 * day; a live one wins over an expired one, and among equals the first listed.
 */
export function decideExemption(exemptions: readonly Exemption[], violation: ExemptedViolation, today: string): ExemptionVerdict {
    const matching = exemptions.filter((exemption) => covers(exemption, violation) && coversCode(exemption, violation.code));
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
