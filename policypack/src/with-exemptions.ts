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
import { EXEMPTIONS_SCHEMA, ExemptedResource, Exemption, decideExemption, exemptionNote, parseExemptions, utcDay } from "./exemptions";

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

/** The policy's args with `exemptions` taken out of its config, so a policy sees only its own settings. */
function splitConfig<A extends { getConfig<T extends object>(): T }>(args: A): { args: A; exemptions: Exemption[] } {
    const { exemptions, ...settings } = args.getConfig<{ exemptions?: unknown }>();
    return { args: { ...args, getConfig: <T extends object>() => settings as T }, exemptions: parseExemptions(exemptions) };
}

/**
 * A reportViolation that exempts: a violation on a resource a live exemption matches goes out as
 * advisory, with the exemption named; one matched only by expired exemptions keeps its level and
 * says which expired. `resourceOf` says which resource a violation is about (none: never exempt).
 */
function exemptingReport(
    policy: Policy,
    report: ReportViolation,
    exemptions: readonly Exemption[],
    today: string,
    resourceOf: (urn?: string) => ExemptedResource | undefined,
): ReportViolation {
    return (message, urn) => {
        const resource = exemptions.length > 0 ? resourceOf(urn) : undefined;
        const verdict = resource ? decideExemption(exemptions, resource, today) : { kind: "none" as const };
        const note = exemptionNote(verdict);
        const noted = [message, note].filter(Boolean).join("\n");
        if (verdict.kind !== "exempt") return report(noted, urn);
        // The string form puts the description above the message; the object form sends the message as given.
        const violation: LeveledViolation = { message: [policy.description, noted].filter(Boolean).join("\n"), urn, enforcementLevel: "advisory" };
        (report as unknown as (violation: LeveledViolation) => void)(violation);
    };
}

function exemptResource(policy: ResourceValidationPolicy, validation: ResourceValidation, clock: Clock): ResourceValidation {
    return (given: ResourceValidationArgs, report) => {
        const { args, exemptions } = splitConfig(given);
        // A resource policy's violations are about the resource it validates, whatever URN they name.
        const resource = { urn: args.urn, name: args.name };
        return validation(
            args,
            exemptingReport(policy, report, exemptions, utcDay(clock()), () => resource),
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
function stackSubject(resources: StackValidationArgs["resources"], urn?: string): ExemptedResource | undefined {
    const resource = urn === undefined ? undefined : resources.find((candidate) => candidate.urn === urn);
    return resource && GROUP_TYPES.includes(resource.type) ? { urn: resource.urn, name: resource.name } : undefined;
}

function exemptStack(policy: StackValidationPolicy, clock: Clock): StackValidationPolicy["validateStack"] {
    return (given: StackValidationArgs, report) => {
        const { args, exemptions } = splitConfig(given);
        const resourceOf = (urn?: string) => stackSubject(args.resources, urn);
        return policy.validateStack(args, exemptingReport(policy, report, exemptions, utcDay(clock()), resourceOf));
    };
}

function withExemptionsSchema(schema: PolicyConfigSchema | undefined): PolicyConfigSchema {
    return { ...schema, properties: { ...schema?.properties, exemptions: EXEMPTIONS_SCHEMA } };
}

/**
 * The policy with an `exemptions` setting: its config schema gains the setting, and its
 * violations on resources a live exemption matches are reported as advisory, naming the
 * exemption. Nothing else about the policy changes.
 */
export function withExemptions<P extends Policy>(policy: P, clock: Clock = systemClock): P {
    const configSchema = withExemptionsSchema(policy.configSchema);
    if ("validateStack" in policy) return { ...policy, configSchema, validateStack: exemptStack(policy, clock) };
    const resourcePolicy: ResourceValidationPolicy = policy;
    const validations = resourcePolicy.validateResource;
    if (!validations) return { ...policy, configSchema };
    const validateResource = Array.isArray(validations)
        ? validations.map((validation) => exemptResource(resourcePolicy, validation, clock))
        : exemptResource(resourcePolicy, validations, clock);
    return { ...policy, configSchema, validateResource };
}
