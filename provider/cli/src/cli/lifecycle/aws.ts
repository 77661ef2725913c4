/**
 * The lifecycle actions' AWS calls, each timed in the audit log and turned into what the actions
 * decide on. The AWS SDK is loaded only here, when an action needs it.
 */
import { SecurityGroupSet } from "sg-provisioner-core";
import type { AwsClients } from "../../aws/clients";
import type { AwsProblem } from "../../aws/errors";
import type { DeployedGroup } from "../../operations/state";
import { AuditLog } from "../audit";
import { EXIT } from "../io";
import { Stop } from "./prepare";

/** A preflight problem, as the actions weigh it: `aws` when the call itself failed. */
export interface PreflightIssue {
    readonly check: string;
    readonly kind: "aws" | "refused";
    readonly message: string;
    readonly fix: string;
}

/** Runs `use` with the clients of one region, closed afterwards. */
async function withClients<T>(region: string, use: (aws: AwsClients) => Promise<T>): Promise<T> {
    const { awsClients } = await import("../../aws/clients");
    const aws = awsClients(region);
    try {
        return await use(aws);
    } finally {
        aws.destroy();
    }
}

function failedCall(what: string, problem: AwsProblem): Stop {
    return new Stop(EXIT.failed, `${what}: ${problem.message}`, problem.fix);
}

/** The preflight checks in the set's region; every check done goes in the audit log. */
export async function awsPreflight(
    set: SecurityGroupSet,
    ownGroupIds: Record<string, string>,
    audit: AuditLog,
): Promise<{ problems: PreflightIssue[]; checked: readonly string[] }> {
    const [{ preflight }, { isAwsErrorKind }] = await Promise.all([import("../../aws/preflight"), import("../../aws/errors")]);
    return withClients(set.region, async (aws) => {
        const result = await audit.step(`AWS preflight in ${set.region}`, () => preflight(set, { ssm: aws.ssm, ownGroupIds }));
        for (const line of result.checked) audit.read(`preflight: ${line}`);
        return {
            problems: result.problems.map((problem) => ({
                check: problem.check,
                kind: isAwsErrorKind(problem.kind) ? "aws" : "refused",
                message: problem.message,
                fix: problem.fix,
            })),
            checked: result.checked,
        };
    });
}

/**
 * What keeps the groups from being deleted, one line each, looked for in each group's own region:
 * a group these credentials cannot see (deleted by hand, or another account: an empty answer from
 * the next two checks would then prove nothing), a group outside the set whose rules reference one
 * of them, a network interface using one. An AWS failure stops the action.
 */
export async function awsDeleteBlockers(groups: readonly DeployedGroup[], fallbackRegion: string, audit: AuditLog): Promise<string[]> {
    const [{ visibleGroups, groupsReferencing }, { interfacesUsing }] = await Promise.all([import("../../aws/security-groups"), import("../../aws/network-interfaces")]);
    const byRegion = new Map<string, DeployedGroup[]>();
    for (const group of groups) byRegion.set(group.region ?? fallbackRegion, [...(byRegion.get(group.region ?? fallbackRegion) ?? []), group]);
    const blockers: string[] = [];
    for (const [region, inRegion] of [...byRegion].sort(([a], [b]) => a.localeCompare(b))) {
        const ids = inRegion.map((group) => group.id);
        const tiers = Object.fromEntries(inRegion.map((group) => [group.tier ?? group.id, group.id]));
        await withClients(region, async (aws) => {
            const visible = await audit.step(`EC2 DescribeSecurityGroups in ${region}`, () => visibleGroups(ids, aws.ec2));
            if (!visible.ok) throw failedCall(`could not read the set's groups in ${region}`, visible.problem);
            for (const id of visible.missing) {
                blockers.push(
                    `${id} is not visible in ${region} with these credentials: deleted outside Pulumi (run check-drift), or the credentials are for another account than the stack's`,
                );
            }
            const referencing = await audit.step(`EC2 DescribeSecurityGroups (references) in ${region}`, () => groupsReferencing(tiers, aws.ec2));
            if (!referencing.ok) throw failedCall(`could not check which groups reference the set's in ${region}`, referencing.problem);
            blockers.push(...referencing.groups.map((group) => group.line));
            const interfaces = await audit.step(`EC2 DescribeNetworkInterfaces in ${region}`, () => interfacesUsing(tiers, aws.ec2));
            if (!interfaces.ok) throw failedCall(`could not check which network interfaces use the set's groups in ${region}`, interfaces.problem);
            blockers.push(...interfaces.interfaces.map((use) => use.line));
        });
    }
    return blockers;
}

/** The SSM parameters still under the set's path, after a destroy; an AWS failure stops the action. */
export async function awsLeftoverParameters(set: SecurityGroupSet, audit: AuditLog): Promise<string[]> {
    const { parametersUnder } = await import("../../aws/preflight");
    return withClients(set.region, async (aws) => {
        const result = await audit.step(`SSM GetParametersByPath /sg/${set.setName} in ${set.region}`, () => parametersUnder(set, aws.ssm));
        if (!result.ok) throw failedCall("destroyed, but could not check that the set's SSM parameters are gone", result.problem);
        return result.parameters.map((parameter) => parameter.name);
    });
}
