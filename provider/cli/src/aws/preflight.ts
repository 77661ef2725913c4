import { GetParameterCommand, SSMClient, paginateGetParametersByPath } from "@aws-sdk/client-ssm";
import { PlannedTier, SecurityGroupSet } from "sg-provisioner-core";
import { AwsTimeouts, callOptions } from "./client-config";
import { AwsErrorKind, AwsProblem, describeAwsError } from "./errors";

/** What preflight reads of a set: a whole {@link SecurityGroupSet} will do. */
export type PreflightSet = Pick<SecurityGroupSet, "setName" | "region" | "vpc"> & { readonly tiers: readonly Pick<PlannedTier, "name" | "parameterName">[] };

export interface PreflightOptions {
    /** An SSM client for the set's region (awsClients(set.region).ssm). */
    readonly ssm: SSMClient;
    /** Tier name to the group ID the set's Pulumi stack already owns; empty when the stack has no outputs. */
    readonly ownGroupIds: Readonly<Record<string, string>>;
    /** Bounds each call as a whole (callTimeoutMs). Default: {@link DEFAULT_TIMEOUTS}. */
    readonly timeouts?: AwsTimeouts;
}

export type PreflightCheck = "region" | "vpc" | "own-parameters";

/** The AWS error kinds, and what preflight itself finds wrong. */
export type PreflightProblemKind = "wrong-region" | "vpc-parameter-missing" | "vpc-parameter-invalid" | "foreign-parameter" | AwsErrorKind;

export interface PreflightProblem {
    readonly check: PreflightCheck;
    readonly kind: PreflightProblemKind;
    readonly message: string;
    readonly fix: string;
}

export interface PreflightResult {
    readonly ok: boolean;
    /** The VPC the set goes into: read from SSM, or as the config gave it. */
    readonly vpcId?: string;
    readonly problems: readonly PreflightProblem[];
    /** One line per check done (or skipped), for the audit log. */
    readonly checked: readonly string[];
}

export const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** Failures after which another call would only fail the same way, and wait as long again. */
const ENVIRONMENT_FAILURES: readonly AwsErrorKind[] = ["credentials", "region", "unreachable", "timeout"];

interface Step {
    readonly problems: PreflightProblem[];
    readonly checked: string[];
    readonly vpcId?: string;
    /** An SDK failure that the next check would meet too. */
    readonly stop?: boolean;
}

function failed(check: PreflightCheck, problem: AwsProblem, line: string): Step {
    return {
        problems: [{ check, kind: problem.kind, message: problem.message, fix: problem.fix }],
        checked: [`${line}: failed (${problem.kind})`],
        stop: ENVIRONMENT_FAILURES.includes(problem.kind),
    };
}

async function checkRegion(set: PreflightSet, ssm: SSMClient): Promise<Step> {
    let region: string;
    try {
        region = await ssm.config.region();
    } catch (error) {
        return failed("region", describeAwsError(error, { action: "ssm:GetParameter", region: set.region }), "SSM client region");
    }
    if (region === set.region) return { problems: [], checked: [`SSM client region: ${region}, the set's`] };
    return {
        problems: [
            {
                check: "region",
                kind: "wrong-region",
                message: `the SSM client is for ${region}, but set ${set.setName} is in ${set.region}: its parameters would be looked for in the wrong region`,
                fix: `build the client for the set's region: awsClients(set.region).ssm`,
            },
        ],
        checked: [`SSM client region: ${region}, not the set's ${set.region}`],
        stop: true,
    };
}

async function checkVpc(set: PreflightSet, ssm: SSMClient, timeouts: AwsTimeouts | undefined): Promise<Step> {
    const vpc = set.vpc;
    if (vpc.kind === "id") return { problems: [], checked: [`VPC ${vpc.id} given in the config: no SSM lookup (skipped)`], vpcId: vpc.id };
    const line = `VPC parameter ${vpc.parameter} in ${set.region}`;
    let value: string | undefined;
    try {
        value = (await ssm.send(new GetParameterCommand({ Name: vpc.parameter }), callOptions(timeouts))).Parameter?.Value;
    } catch (error) {
        if (error instanceof Error && error.name === "ParameterNotFound") {
            const problem = {
                check: "vpc" as const,
                kind: "vpc-parameter-missing" as const,
                message: `SSM parameter ${vpc.parameter} does not exist in ${set.region}: no VPC named "${vpc.name}" is published there`,
                fix: `publish it with the VPC provisioner in ${set.region}, or put vpc: { id: vpc-... } in the config instead of vpc: { name: ${vpc.name} }`,
            };
            return { problems: [problem], checked: [`${line}: not found`] };
        }
        return failed("vpc", describeAwsError(error, { action: "ssm:GetParameter", resource: `parameter ${vpc.parameter}`, region: set.region, timeouts }), line);
    }
    if (value !== undefined && VPC_ID.test(value)) return { problems: [], checked: [`${line}: ${value}`], vpcId: value };
    const problem = {
        check: "vpc" as const,
        kind: "vpc-parameter-invalid" as const,
        message: `SSM parameter ${vpc.parameter} in ${set.region} holds ${JSON.stringify(value ?? "")}, not a VPC ID (vpc- and 8 or 17 hex digits)`,
        fix: `correct it (aws ssm put-parameter --overwrite --name ${vpc.parameter} --value vpc-... --region ${set.region}) or put vpc: { id: vpc-... } in the config`,
    };
    return { problems: [problem], checked: [`${line}: ${JSON.stringify(value ?? "")} is not a VPC ID`] };
}

/** One SSM parameter: its name and value. */
export interface SsmParameter {
    readonly name: string;
    readonly value: string;
}

export type ParametersResult = { readonly ok: true; readonly parameters: readonly SsmParameter[]; readonly pages: number } | { readonly ok: false; readonly problem: AwsProblem };

/** Where a set's parameters live: `/sg/{set}`. */
export function setParameterPath(setName: string): string {
    return `/sg/${setName}`;
}

/**
 * Every SSM parameter under the set's path, in the set's region, over all pages (GetParametersByPath,
 * recursive). Never throws: an SDK error comes back as a problem.
 */
export async function parametersUnder(set: Pick<PreflightSet, "setName" | "region">, ssm: SSMClient, options: { readonly timeouts?: AwsTimeouts } = {}): Promise<ParametersResult> {
    const path = setParameterPath(set.setName);
    const parameters: SsmParameter[] = [];
    let pages = 0;
    try {
        for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path, Recursive: true }, callOptions(options.timeouts))) {
            pages += 1;
            parameters.push(...(page.Parameters ?? []).map((parameter) => ({ name: parameter.Name ?? "", value: parameter.Value ?? "" })));
        }
    } catch (error) {
        return { ok: false, problem: describeAwsError(error, { action: "ssm:GetParametersByPath", resource: `path ${path}`, region: set.region, timeouts: options.timeouts }) };
    }
    return { ok: true, parameters, pages };
}

/** Why a parameter under the set's path is not this stack's, or undefined when it is. */
function foreignReason(parameter: SsmParameter, tierOf: ReadonlyMap<string, string>, own: Readonly<Record<string, string>>, set: PreflightSet): string | undefined {
    const tier = tierOf.get(parameter.name);
    if (tier === undefined) return `is under set ${set.setName}'s path but is no tier's parameter (tiers: ${set.tiers.map((each) => each.name).join(", ")})`;
    const owned = Object.prototype.hasOwnProperty.call(own, tier) ? own[tier] : undefined;
    if (owned === undefined) return `already exists, but this set's stack owns no group for tier ${tier}`;
    if (owned !== parameter.value) return `names a group other than ${owned}, which this set's stack owns for tier ${tier}`;
    return undefined;
}

function foreignProblem(parameter: SsmParameter, reason: string, region: string): PreflightProblem {
    const name = parameter.name;
    return {
        check: "own-parameters",
        kind: "foreign-parameter",
        message: `SSM parameter ${name} = ${parameter.value} in ${region} ${reason}: it belongs to something else (another tool, a stack that lost its state, or this set deployed from another config)`,
        fix: `see who wrote it (aws ssm list-tags-for-resource --resource-type Parameter --resource-id ${name} --region ${region}); if nothing uses it, remove it (aws ssm delete-parameter --name ${name} --region ${region}), or give this config another workload name`,
    };
}

async function checkOwnParameters(set: PreflightSet, options: PreflightOptions): Promise<Step> {
    const line = `parameters under ${setParameterPath(set.setName)} in ${set.region}`;
    const listed = await parametersUnder(set, options.ssm, options);
    if (!listed.ok) return failed("own-parameters", listed.problem, line);
    const tierOf = new Map(set.tiers.map((tier) => [tier.parameterName, tier.name]));
    const problems = listed.parameters.flatMap((parameter) => {
        const reason = foreignReason(parameter, tierOf, options.ownGroupIds, set);
        return reason ? [foreignProblem(parameter, reason, set.region)] : [];
    });
    const found = listed.parameters.length;
    const summary = `${found} found in ${listed.pages} page${listed.pages === 1 ? "" : "s"}, ${found - problems.length} this stack's own, ${problems.length} belonging to something else`;
    return { problems, checked: [`${line}: ${summary}`] };
}

/**
 * Checks in the set's region, before Pulumi runs, what a deployment relies on: the VPC parameter
 * holds a VPC ID, and every parameter under `/sg/{set}` is one this set's stack owns. Collects every
 * problem; an SDK error becomes a problem too, and one that any later call would meet again (no
 * credentials, no region, no answer) ends the checks there.
 */
export async function preflight(set: PreflightSet, options: PreflightOptions): Promise<PreflightResult> {
    const problems: PreflightProblem[] = [];
    const checked: string[] = [];
    let vpcId: string | undefined;
    const checks = [() => checkRegion(set, options.ssm), () => checkVpc(set, options.ssm, options.timeouts), () => checkOwnParameters(set, options)];
    for (const [index, check] of checks.entries()) {
        const step = await check();
        problems.push(...step.problems);
        checked.push(...step.checked);
        vpcId ??= step.vpcId;
        if (step.stop && index < checks.length - 1) {
            checked.push(`later checks skipped: ${step.problems[0]?.kind ?? "failed"}`);
            break;
        }
    }
    return { ok: problems.length === 0, ...(vpcId ? { vpcId } : {}), problems, checked };
}
