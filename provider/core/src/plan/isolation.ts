import { CODES } from "../rules/codes";
import { Finding, errorAt } from "../rules/finding";
import { formatPath } from "../util/text";
import { ConfigSpec } from "../config/types";
import { SecurityGroupSet } from "./model";
import { groupName, securityGroupSetName } from "./names";

/**
 * A test deployment of a set (the CLI's `test-deploy`) is the same set under another name,
 * `{set}-test-{suffix}`, so that its groups and parameters never meet the real set's.
 *
 * Why the names cannot collide. The real set's names are `{set}-{tier}` (group name and Name tag),
 * `{set}-{tier}-` (the name prefix AWS completes) and `/sg/{set}/{tier}/SecurityGroupId`; an
 * isolated set's are the same with `{set}-test-{suffix}` for `{set}`. So every isolated group name
 * begins with `{set}-test-`, and a real one does only when its tier is `test` or begins with
 * `test-`: such a set is refused isolation ({@link isolationTierFindings}). Otherwise no real name
 * equals, or begins (up to a hyphen), an isolated one, nor the reverse, whatever the suffix. The
 * parameter paths differ in their second level, `{set}` against `{set}-test-{suffix}`. A suffix has
 * no hyphen and at least four characters, so an isolated set name never ends in `-sg` as every
 * real set name does: it is never another set's name either.
 */
export const ISOLATION_MARKER = "test";

/** Lowercase letters and digits, 4 to 16: valid in group names, SSM paths and stack names, never `sg`, and short enough to leave room for the set's name. */
export const ISOLATION_SUFFIX = /^[a-z0-9]{4,16}$/;

/** Where a suffix was given, so that a finding about it names that place. */
export interface IsolationPlace {
    /** The field, option or key that gave it, as the finding's path names it. Default: `isolation`. */
    readonly field?: string;
    /** The file that holds it, when one does (a stack's settings file). Default: none. */
    readonly file?: string;
}

/** `{set}-test-`: what every isolated name of the set begins with. */
export function isolationPrefix(setName: string): string {
    return `${setName}-${ISOLATION_MARKER}-`;
}

/**
 * The set whose resources these are, for ownership: the set's own name, or for a test deployment the
 * real set's. The SET_TAG tag holds it, and create-policy's policy names it, so that one role manages
 * a set and its test deployments. Never `{set}-test-*` by pattern: another set's name may begin with
 * `{set}-test-` (a workload `sg-test-x` gives `{client}-…-sg-test-x-sg`), and a pattern would reach it.
 */
export function owningSetName(set: Pick<SecurityGroupSet, "setName" | "isolation">): string {
    return set.isolation?.of ?? set.setName;
}

/** `{set}-test-{suffix}`: the name an isolated set is deployed under. */
export function isolatedSetName(setName: string, suffix: string): string {
    return `${isolationPrefix(setName)}${suffix}`;
}

/** Why a suffix is refused, or undefined for a good one. Takes any value: through Construct an arg may arrive as anything. */
function suffixProblem(suffix: unknown): string | undefined {
    if (typeof suffix !== "string") return `the isolation suffix is ${suffix === null ? "null" : typeof suffix}, not a string`;
    if (ISOLATION_SUFFIX.test(suffix)) return undefined;
    const others = [...new Set(suffix.replace(/[a-z0-9]/g, ""))];
    if (others.length > 0)
        return `the isolation suffix "${suffix}" has characters other than lowercase letters and digits: ${others.map((char) => JSON.stringify(char)).join(", ")}`;
    return `the isolation suffix "${suffix}" has ${suffix.length} characters, not 4 to 16`;
}

/** The finding for a bad suffix (SG047), at the place that gave it; none for a good one. */
export function isolationSuffixFindings(suffix: unknown, place: IsolationPlace = {}): Finding[] {
    const problem = suffixProblem(suffix);
    if (!problem) return [];
    return [
        errorAt(
            place.file,
            place.field ?? "isolation",
            CODES.badIsolationSuffix,
            `${problem}; it ends the test deployment's set name, {set}-${ISOLATION_MARKER}-{suffix}, in its group names and SSM paths`,
            "use 4 to 16 lowercase letters and digits, such as 6 random hex digits (a3f09c)",
            suffix,
        ),
    ];
}

/**
 * A tier named `test`, or `test-…`, gives the real set group names that begin with `{set}-test-`,
 * as every group name of the set's test deployments does: one could be taken for the other, and
 * cleaning up test deployments could reach the real tier. Such a set is refused isolation (SG048);
 * deployed normally, it is fine.
 */
export function isolationTierFindings(tiers: readonly string[], setName: string, suffix: string, scenarioFile: string | undefined): Finding[] {
    return tiers
        .filter((tier) => tier === ISOLATION_MARKER || tier.startsWith(`${ISOLATION_MARKER}-`))
        .map((tier) =>
            errorAt(
                scenarioFile,
                formatPath(["tiers", tier]),
                CODES.isolationTierCollision,
                `tier "${tier}" cannot be deployed in isolation: its group name prefix ${groupName(setName, tier)}- begins with ${isolationPrefix(setName)}, as every group name of a test deployment does (${groupName(isolatedSetName(setName, suffix), "{tier}")}), so a test deployment's groups and this tier's could be taken for one another`,
                `deploy this set without isolation, or test it from a scenario whose tiers are not named ${ISOLATION_MARKER} or ${ISOLATION_MARKER}-… (a copy under scenariosDir / --scenarios-dir)`,
                tier,
            ),
        );
}

/** The config fields a set's name is made of, in the order {@link securityGroupSetName} joins them. */
const NAME_FIELDS = ["client", "environment", "deployment", "region", "workload"] as const;

/**
 * A set whose name holds `-sg-test-` begins like the test deployments of another set: every set
 * name ends in `-sg`, so `{a}-test-…` is a test deployment's name for the set `a`, and create-policy
 * grants the role of `a` its test deployments' SSM parameters by the pattern `/sg/{a}-test-*`. A real
 * set so named would have its published group IDs within reach of that role, so it is refused
 * (SG049), on the field where `test` begins. A test deployment's own name is not checked: it is meant
 * to begin so.
 */
export function testDeploymentNameFindings(config: Pick<ConfigSpec, (typeof NAME_FIELDS)[number]>, file: string | undefined): Finding[] {
    const name = securityGroupSetName(config);
    const marker = `-sg-${ISOLATION_MARKER}-`;
    const at = name.indexOf(marker);
    if (at < 0) return [];
    const owner = name.slice(0, at + "-sg".length);
    // The field that holds the "test" after "-sg-": where a rename breaks the pattern.
    const testAt = at + "-sg-".length;
    let start = 0;
    let field: (typeof NAME_FIELDS)[number] = "client";
    for (const candidate of NAME_FIELDS) {
        const value = config[candidate];
        if (value === undefined || value === "") continue;
        if (testAt < start + value.length) {
            field = candidate;
            break;
        }
        start += value.length + 1;
    }
    return [
        errorAt(
            file,
            field,
            CODES.testDeploymentName,
            `the set name ${name} begins like a test deployment of the set ${owner} (${isolationPrefix(owner)}{suffix}): create-policy grants that set's role its test deployments' SSM parameters by the pattern /sg/${isolationPrefix(owner)}*, which would reach this set's`,
            `choose a ${field} that keeps "${marker}" out of the set name`,
            config[field],
        ),
    ];
}
