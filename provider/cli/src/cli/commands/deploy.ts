import { randomBytes } from "node:crypto";
import { SecurityGroupSet } from "sg-provisioner-core";
import type { LifecycleStack, StackTarget } from "../../engine/automation";
import { parseStackOutputs } from "../../report/deployment";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { confirmChange } from "../lifecycle/gate";
import { LifecycleOptions, Stop, existingStack, ownGroupIds, streamed } from "../lifecycle/prepare";
import { ISOLATION_KEY, findPolicyPack } from "../lifecycle/project";
import { lifecycleAction, preflightOrStop } from "../lifecycle/run";
import { writeDeploymentReport } from "./deployment-report";

function policyPackOrStop(io: Io, options: LifecycleOptions, audit: AuditLog): string {
    const pack = findPolicyPack(io.cwd, options.policyPack);
    if (!pack.ok) throw new Stop(EXIT.usage, pack.message, pack.fix);
    audit.read(`policy pack ${pack.dir}`);
    return pack.dir;
}

/** `pulumi up` with the policy pack, then the deployment report from the stack's outputs. */
async function upAndReport(set: SecurityGroupSet, stack: LifecycleStack, policyPack: string, options: LifecycleOptions, io: Io, audit: AuditLog): Promise<number> {
    const { result: outputs } = await streamed(io, (onEvent) => audit.step(`pulumi up ${stack.name} with policy pack ${policyPack}`, () => stack.up(policyPack, onEvent)));
    audit.decided(`deployed ${set.setName} to stack ${stack.name}`);
    const parsed = parseStackOutputs(JSON.stringify(outputs), `the outputs of stack ${stack.name}`);
    if (!parsed.ok) {
        throw new Stop(EXIT.failed, `deployed, but no report: ${parsed.problems.join("; ")}`, "check that the stack runs sg-provisioner's program (Pulumi.yaml main: program/)");
    }
    return writeDeploymentReport(set, parsed.outputs, options, io, audit) ? EXIT.ok : EXIT.invalid;
}

async function openForChange(target: StackTarget, audit: AuditLog): Promise<LifecycleStack> {
    const { LifecycleStack } = await import("../../engine/automation");
    return audit.step(`pulumi stack select --create ${target.stackName}`, () => LifecycleStack.open(target, true));
}

/**
 * `create-security-groups`: preflight, confirmation (or --force), then `pulumi up` with the policy
 * pack on the set's stack, and the deployment report from its outputs.
 */
export function createSecurityGroupsCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("create-security-groups", file, options, io, async ({ set, target }, audit) => {
        const existing = await existingStack(target, audit);
        await preflightOrStop(set, ownGroupIds(existing.outputs), audit, io);
        const policyPack = policyPackOrStop(io, options, audit);
        const confirmed = await confirmChange(io, audit, options.force, `deploy ${set.setName} to stack ${target.stackName} in ${set.region}`, target.stackName);
        if (!confirmed.ok) throw new Stop(EXIT.refused, confirmed.message);
        return upAndReport(set, await openForChange(target, audit), policyPack, options, io, audit);
    });
}

/** Destroys and removes a test stack, trying both; returns what could not be cleaned up. */
async function cleanUp(stack: LifecycleStack, io: Io, audit: AuditLog): Promise<string[]> {
    const left: string[] = [];
    try {
        await streamed(io, (onEvent) => audit.step(`pulumi destroy ${stack.name}`, () => stack.destroy(onEvent)));
        await audit.step(`pulumi stack rm ${stack.name}`, () => stack.remove());
        audit.decided(`test stack ${stack.name} destroyed and removed`);
    } catch (error) {
        left.push(`stack ${stack.name} and whatever it still holds (${error instanceof Error ? error.message : String(error)})`);
        audit.decided(`cleanup failed: ${left[0]}`);
    }
    return left;
}

/**
 * `test-deploy`: the set deployed on its own stack `{set}-test-{suffix}`, with names and SSM paths
 * of its own, so nothing can touch the real set; the deployment report; then the stack destroyed
 * and removed unless --keep. On any failure it still cleans up, and says what it left.
 */
export function testDeployCommand(file: string, options: LifecycleOptions, io: Io, suffix = randomBytes(3).toString("hex")): Promise<number> {
    return lifecycleAction(
        "test-deploy",
        file,
        options,
        io,
        async ({ set, target }, audit) => {
            if (options.stack !== undefined) throw new Stop(EXIT.usage, "test-deploy makes its own stack ({set}-test-{suffix}); --stack is not for it", "leave --stack out");
            audit.decided(`test deployment ${set.setName} on stack ${target.stackName}`);
            await preflightOrStop(set, {}, audit, io);
            const policyPack = policyPackOrStop(io, options, audit);
            const what = `deploy a test copy of the set as ${set.setName} (stack ${target.stackName}, in ${set.region})${options.keep ? "" : ", then destroy it"}`;
            const confirmed = await confirmChange(io, audit, options.force, what, target.stackName);
            if (!confirmed.ok) throw new Stop(EXIT.refused, confirmed.message);
            const stack = await openForChange(target, audit);
            let outcome: number | Error;
            try {
                outcome = await upAndReport(set, stack, policyPack, options, io, audit);
            } catch (error) {
                outcome = error instanceof Error ? error : new Error(String(error));
            }
            const failed = typeof outcome !== "number" || outcome !== EXIT.ok;
            if (options.keep && !failed) {
                io.err(`kept stack ${stack.name}; remove it with: pulumi destroy --stack ${stack.name} --yes && pulumi stack rm ${stack.name} --yes`);
                audit.decided(`--keep: stack ${stack.name} left deployed`);
                return EXIT.ok;
            }
            const left = await cleanUp(stack, io, audit);
            if (left.length > 0) {
                io.err(`left behind: ${left.join("; ")}\nremove it with: pulumi destroy --stack ${stack.name} --yes && pulumi stack rm ${stack.name} --yes`);
            } else {
                io.err(`test stack ${stack.name} destroyed and removed; nothing left behind`);
            }
            if (typeof outcome !== "number") throw outcome;
            return left.length > 0 ? EXIT.failed : outcome;
        },
        () => ({ validation: { isolation: suffix }, stackConfig: { [ISOLATION_KEY]: suffix } }),
    );
}
