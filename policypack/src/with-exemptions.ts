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

/** The name a URN gives its resource: what follows the type, `urn:pulumi:stack::project::type::name`. */
function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::");
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

function exemptStack(policy: StackValidationPolicy, clock: Clock): StackValidationPolicy["validateStack"] {
    return (given: StackValidationArgs, report) => {
        const { args, exemptions } = splitConfig(given);
        // The violation's URN decides; a violation of the stack as a whole names none and is never exempted.
        const resourceOf = (urn?: string) => (urn ? { urn, name: args.resources.find((resource) => resource.urn === urn)?.name ?? nameOfUrn(urn) } : undefined);
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
