import { randomBytes } from "node:crypto";
import type { LifecycleStack } from "../../engine/automation";
import { PulumiFailure } from "../../operations/failure";
import { ChangeSet, renderChanges } from "../../report/changes";
import { parseStackOutputs } from "../../report/deployment";
import { EXIT, Io } from "../io";
import { LifecycleOptions, Stop } from "../lifecycle/prepare";
import { ISOLATION_KEY } from "../lifecycle/project";
import { LifecycleRun, lifecycleAction } from "../lifecycle/run";
import { writeDeploymentReport } from "./deployment-report";

/** `3 to create, 1 to replace (1 disruptive)`: what a confirmation asks about. */
function summary(changes: ChangeSet): string {
    const { create, update, replace, delete: deleted } = changes.counts;
    const disruptive = changes.changes.filter((change) => change.disruption?.startsWith("DISRUPTIVE")).length;
    return `${create} to create, ${update} to update, ${replace} to replace, ${deleted} to delete${disruptive > 0 ? ` (${disruptive} DISRUPTIVE)` : ""}`;
}

/**
 * `pulumi up` with the policy pack, then the deployment report from the stack's outputs. A report
 * that cannot be made after a successful update fails the action (exit 6): AWS has changed.
 */
async function upAndReport(run: LifecycleRun, stack: LifecycleStack, policyPack: string): Promise<number> {
    const { set, audit, io, options } = run;
    const { result: outputs } = await run.watch(`pulumi up ${stack.name} with policy pack ${policyPack}`, (watch) => stack.up(policyPack, watch));
    audit.decided(`deployed ${set.setName} to stack ${stack.name}`);
    const parsed = parseStackOutputs(JSON.stringify(outputs), `the outputs of stack ${stack.name}`);
    if (!parsed.ok) {
        throw new Stop(EXIT.failed, `deployed, but no report: ${parsed.problems.join("; ")}`, "check that the stack runs sg-provisioner's program (Pulumi.yaml main: program/)");
    }
    if (!writeDeploymentReport(set, parsed.outputs, options, io, audit)) {
        throw new Stop(
            EXIT.failed,
            `deployed ${set.setName}, but its report could not be written`,
            "make the reports directory writable, then run deployment-report with the stack's outputs",
        );
    }
    return EXIT.ok;
}

/**
 * `create-security-groups`: the stack checked as this set's, preflight, a preview with the policy
 * pack (its changes shown, a mandatory violation stopping everything), confirmation (or --force),
 * then `pulumi up` and the deployment report.
 */
export function createSecurityGroupsCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("create-security-groups", file, options, io, async (run) => {
        const facts = await run.inspect();
        await run.preflight(facts.groups);
        const policyPack = run.policyPack();
        const stack = await run.open("either");
        const changes = await run.previewChanges(stack, policyPack);
        io.err(renderChanges(run.set.setName, stack.name, changes));
        await run.confirm(`deploy ${run.set.setName} to stack ${stack.name} in ${run.set.region}: ${summary(changes)}`);
        return upAndReport(run, stack, policyPack);
    });
}

/** Destroys and removes a test stack, trying both, whatever stopped the deployment; returns what is left. */
async function cleanUp(run: LifecycleRun, stack: LifecycleStack): Promise<string | undefined> {
    try {
        await run.watch(`pulumi destroy ${stack.name}`, (watch) => stack.destroy(watch), { cleanup: true });
        await run.audit.step(`pulumi stack rm ${stack.name}`, () => stack.remove());
        run.audit.decided(`test stack ${stack.name} destroyed and removed`);
        return undefined;
    } catch (error) {
        const left = `stack ${stack.name} and whatever it still holds (${error instanceof Error ? error.message : String(error)})`;
        run.audit.decided(`cleanup failed: ${left}`);
        return left;
    }
}

/** The test stack, when it was created: also after a failure between its creation and its settings. */
async function createdStack(run: LifecycleRun): Promise<LifecycleStack | undefined> {
    const { LifecycleStack } = await import("../../engine/automation");
    return LifecycleStack.open(run.target, "existing").catch(() => undefined);
}

/**
 * `test-deploy`: the set deployed on a stack of its own, `{set}-test-{suffix}`, with names and SSM
 * paths of its own, so nothing can touch the real set; a preview with the policy pack, `up`, the
 * deployment report; then the stack destroyed and removed unless --keep. On any failure, an
 * interrupt included, it still cleans up, and says what it left.
 */
export function testDeployCommand(file: string, options: LifecycleOptions, io: Io, suffix = randomBytes(3).toString("hex")): Promise<number> {
    return lifecycleAction(
        "test-deploy",
        file,
        options,
        io,
        async (run) => {
            const { set, target, audit } = run;
            if (options.stack !== undefined) throw new Stop(EXIT.usage, "test-deploy makes its own stack ({set}-test-{suffix}); --stack is not for it", "leave --stack out");
            audit.decided(`test deployment ${set.setName} on stack ${target.stackName}`);
            await run.preflight([]);
            const policyPack = run.policyPack();
            await run.confirm(`deploy a test copy of the set as ${set.setName} (stack ${target.stackName}, in ${set.region})${options.keep ? "" : ", then destroy it"}`);
            let stack: LifecycleStack | undefined;
            let outcome: number | Error;
            try {
                // A new stack, never an existing one: a clash must not adopt (and then destroy) another stack.
                stack = await run.open("new");
                await run.previewChanges(stack, policyPack);
                outcome = await upAndReport(run, stack, policyPack);
            } catch (error) {
                outcome = error instanceof Error ? error : new Error(String(error));
                // A stack that already existed is not ours to clean up; one created before a failure is.
                stack ??= error instanceof PulumiFailure && error.kind === "exists" ? undefined : await createdStack(run);
            }
            if (options.keep && outcome === EXIT.ok) {
                io.err(`kept stack ${target.stackName}; remove it with: pulumi destroy --stack ${target.stackName} --yes && pulumi stack rm ${target.stackName} --yes`);
                audit.decided(`--keep: stack ${target.stackName} left deployed`);
                return EXIT.ok;
            }
            const left = stack ? await cleanUp(run, stack) : undefined;
            if (left) io.err(`left behind: ${left}\nremove it with: pulumi destroy --stack ${target.stackName} --yes && pulumi stack rm ${target.stackName} --yes`);
            else if (stack) io.err(`test stack ${target.stackName} destroyed and removed; nothing left behind`);
            if (typeof outcome !== "number") throw outcome;
            return left ? EXIT.failed : outcome;
        },
        () => ({ validation: { isolation: suffix }, stackConfig: { [ISOLATION_KEY]: suffix } }),
    );
}
