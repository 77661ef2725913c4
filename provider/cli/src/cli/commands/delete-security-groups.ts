import { printableJson } from "sg-provisioner-core";
import { EXIT, Io } from "../io";
import { awsDeleteBlockers, awsLeftoverParameters } from "../lifecycle/aws";
import { LifecycleOptions, Stop } from "../lifecycle/prepare";
import { lifecycleAction } from "../lifecycle/run";

/**
 * `delete-security-groups`: refuses while anything keeps one of the set's groups from being deleted
 * (a network interface using it, another group's rule referencing it, or a group these credentials
 * cannot see), since AWS would refuse that group and leave the set half destroyed. The groups come
 * from the stack's state, not its outputs, which a failed first deployment may lack. Then
 * confirmation (or --force), `pulumi destroy`, and a check that the set's SSM parameters are gone.
 * The stack itself stays, with its history, for the audit.
 */
export function deleteSecurityGroupsCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("delete-security-groups", file, options, io, async (run) => {
        const facts = await run.inspectDeployed();
        const { set, target, audit } = run;
        await run.preflight(facts.groups, false);
        const blockers = await awsDeleteBlockers(facts.groups, set.region, audit);
        if (blockers.length > 0) {
            for (const blocker of blockers) audit.decided(`blocks the delete: ${blocker}`);
            throw new Stop(
                EXIT.refused,
                `refused: the set's groups cannot be deleted while ${blockers.length === 1 ? "this remains" : `these ${blockers.length} remain`}:\n${blockers.map((line) => `  ${line}`).join("\n")}`,
                "move those resources to other security groups (or delete them, or remove the references), then run delete-security-groups again",
            );
        }
        audit.decided(`nothing uses ${facts.groups.map((group) => group.id).join(", ") || "the set's groups (the state holds none)"}`);
        await run.confirm(`delete every security group, rule and SSM parameter of ${set.setName} (stack ${target.stackName}, ${set.region})`);
        await run.watch(`pulumi destroy ${target.stackName}`, (watch) => facts.stack.destroy(watch));
        const left = await awsLeftoverParameters(set, audit);
        if (left.length > 0) {
            throw new Stop(
                EXIT.failed,
                `destroyed, but SSM parameters remain under /sg/${set.setName}/: ${left.join(", ")}`,
                "check who wrote them (aws ssm get-parameter --name ...) and delete them if they are stale",
            );
        }
        audit.decided(`deleted ${set.setName}: no SSM parameter remains under /sg/${set.setName}/`);
        io.out(
            options.json
                ? printableJson({ name: set.setName, stack: target.stackName, deleted: true })
                : `Deleted ${set.setName} (stack ${target.stackName}): its groups, rules and SSM parameters are gone. The stack's history stays; remove it with pulumi stack rm ${target.stackName}.`,
        );
        return EXIT.ok;
    });
}
