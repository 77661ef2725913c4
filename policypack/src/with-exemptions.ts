import {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { GROUP_TYPES } from "./adapters";
import { ExemptedViolation, Exemption, ExemptionVerdict, decideExemption, exemptionNote, exemptionsSchema, parseExemptions, policyCodes, utcDay } from "./exemptions";

type Policy = ResourceValidationPolicy | StackValidationPolicy;

/** Today, as the exemptions read it. Injected so that tests can pin the day. */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();

/**
 * The object form of `reportViolation`. @pulumi/policy's server accepts it (1.21.0's
 * makeReportViolationFun) and sends its `enforcementLevel` on that one diagnostic, where the
 * string form always sends the policy's level; the published type declares only the string form.
 * The engine reads the level of each diagnostic, so this is how one violation is made advisory
 * while the policy stays mandatory.
 */
interface LeveledViolation {
    readonly message: string;
    readonly urn?: string;
    readonly enforcementLevel: EnforcementLevel;
}

/** A policy being wrapped, with the finding codes the registry says it reports. */
interface Exempting<P extends Policy> {
    readonly policy: P;
    readonly codes: readonly string[];
    readonly clock: Clock;
}

/** The resource a violation is about, as the exemptions match it. */
type Subject = { readonly urn: string; readonly name: string };

/** The policy's args with `exemptions` taken out of its config, so a policy sees only its own settings. */
function splitConfig<A extends { getConfig<T extends object>(): T }>(args: A, codes: readonly string[]): { args: A; exemptions: Exemption[] } {
    const { exemptions, ...settings } = args.getConfig<{ exemptions?: unknown }>();
    return { args: { ...args, getConfig: <T extends object>() => settings as T }, exemptions: parseExemptions(exemptions, codes) };
}

/**
 * The finding code a violation's message starts with (`SG100 ...`, `SG100: ...`), when it is one
 * the policy reports; `undefined` for a policy that reports no coded finding; `null` when the
 * policy does but the message names none of its codes, and then nothing exempts the violation.
 */
export function violationCode(message: string, codes: readonly string[]): string | undefined | null {
    if (codes.length === 0) return undefined;
    const token = /^([A-Za-z0-9]+)(?=[\s:]|$)/.exec(message)?.[1];
    return token !== undefined && codes.includes(token) ? token : null;
}

/**
 * A reportViolation that exempts: a violation on a resource a live exemption matches, of a code it
 * covers, goes out as advisory, with the exemption named; one matched only by expired exemptions
 * keeps its level and says which expired. `subjectOf` says which resource a violation is about
 * (none: never exempt).
 */
function exemptingReport(
    { policy, codes, clock }: Exempting<Policy>,
    report: ReportViolation,
    exemptions: readonly Exemption[],
    subjectOf: (urn?: string) => Subject | undefined,
): ReportViolation {
    // The day is read when a violation is first weighed against an exemption, not on every call.
    let today: string | undefined;
    const decide = (message: string, urn?: string): ExemptionVerdict => {
        const subject = exemptions.length > 0 ? subjectOf(urn) : undefined;
        const code = violationCode(message, codes);
        if (!subject || code === null) return { kind: "none" };
        const violation: ExemptedViolation = { ...subject, code };
        today ??= utcDay(clock());
        return decideExemption(exemptions, violation, today);
    };
    return (message, urn) => {
        const verdict = decide(message, urn);
        const note = exemptionNote(verdict);
        const noted = [message, note].filter(Boolean).join("\n");
        if (verdict.kind !== "exempt") return report(noted, urn);
        // The string form puts the description above the message; the object form sends the message as given.
        const violation: LeveledViolation = { message: [policy.description, noted].filter(Boolean).join("\n"), urn, enforcementLevel: "advisory" };
        (report as unknown as (violation: LeveledViolation) => void)(violation);
    };
}

function exemptResource(exempting: Exempting<ResourceValidationPolicy>, validation: ResourceValidation): ResourceValidation {
    return (given: ResourceValidationArgs, report) => {
        const { args, exemptions } = splitConfig(given, exempting.codes);
        // A resource policy's violations are about the resource it validates, whatever URN they name.
        const resource = { urn: args.urn, name: args.name };
        return validation(
            args,
            exemptingReport(exempting, report, exemptions, () => resource),
        );
    };
}

/**
 * What a stack policy's violation is about, as the exemptions see it: only a security group of
 * this stack. A violation about a group outside the stack is reported on one of the rule resources
 * attached to it, chosen by their order, while what it reports (combined exposure, the quota) is
 * the work of all of them: exempting that one resource would exempt the others' rules with it.
 * A violation of the stack as a whole names no resource; neither is exempted.
 */
function stackSubjects(resources: StackValidationArgs["resources"]): (urn?: string) => Subject | undefined {
    // Indexed on the first violation weighed, so that each finds its resource without a scan of the stack.
    let byUrn: Map<string, StackValidationArgs["resources"][number]> | undefined;
    return (urn) => {
        if (urn === undefined) return undefined;
        if (!byUrn) {
            byUrn = new Map();
            for (const resource of resources) if (!byUrn.has(resource.urn)) byUrn.set(resource.urn, resource);
        }
        const resource = byUrn.get(urn);
        return resource && GROUP_TYPES.includes(resource.type) ? { urn: resource.urn, name: resource.name } : undefined;
    };
}

function exemptStack(exempting: Exempting<StackValidationPolicy>): StackValidationPolicy["validateStack"] {
    return (given: StackValidationArgs, report) => {
        const { args, exemptions } = splitConfig(given, exempting.codes);
        return exempting.policy.validateStack(args, exemptingReport(exempting, report, exemptions, stackSubjects(args.resources)));
    };
}

function withExemptionsSchema(schema: PolicyConfigSchema | undefined, codes: readonly string[]): PolicyConfigSchema {
    return { ...schema, properties: { ...schema?.properties, exemptions: exemptionsSchema(codes) } };
}

/**
 * The policy with an `exemptions` setting: its config schema gains the setting, and its
 * violations on resources a live exemption matches, of codes it covers, are reported as advisory,
 * naming the exemption. Nothing else about the policy changes.
 */
export function withExemptions<P extends Policy>(policy: P, clock: Clock = systemClock): P {
    const codes = policyCodes(policy.name);
    const configSchema = withExemptionsSchema(policy.configSchema, codes);
    if ("validateStack" in policy) return { ...policy, configSchema, validateStack: exemptStack({ policy, codes, clock }) };
    const exempting: Exempting<ResourceValidationPolicy> = { policy, codes, clock };
    const validations = exempting.policy.validateResource;
    if (!validations) return { ...policy, configSchema };
    const validateResource = Array.isArray(validations) ? validations.map((validation) => exemptResource(exempting, validation)) : exemptResource(exempting, validations);
    return { ...policy, configSchema, validateResource };
}
