import { EXIT, Io } from "../io";
import { awsInterfacesUsing, awsLeftoverParameters } from "../lifecycle/aws";
import { confirmChange } from "../lifecycle/gate";
import { LifecycleOptions, Stop, existingStack, ownGroupIds, streamed } from "../lifecycle/prepare";
import { lifecycleAction, preflightOrStop } from "../lifecycle/run";

/**
 * `delete-security-groups`: refuses while any network interface still uses one of the set's groups
 * (AWS would refuse to delete that group, leaving the set half destroyed); otherwise confirmation
 * (or --force), `pulumi destroy`, and a check that the set's SSM parameters are gone. The stack
 * itself stays, with its history, for the audit.
 */
export function deleteSecurityGroupsCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("delete-security-groups", file, options, io, async ({ set, target }, audit) => {
        const existing = await existingStack(target, audit);
        if (!existing.stack) {
            throw new Stop(
                EXIT.failed,
                `stack ${target.stackName} does not exist: there is nothing of ${set.setName} to delete from this project`,
                "pass --stack <name> for the stack it was deployed to",
            );
        }
        const stack = existing.stack;
        const groups = ownGroupIds(existing.outputs);
        await preflightOrStop(set, groups, audit, io, false);
        const users = await awsInterfacesUsing(groups, set.region, audit);
        if (users.length > 0) {
            for (const user of users) audit.decided(`in use: ${user}`);
            throw new Stop(
                EXIT.refused,
                `refused: ${users.length} network ${users.length === 1 ? "interface still uses" : "interfaces still use"} the set's groups, so they cannot be deleted:\n${users.map((user) => `  ${user}`).join("\n")}`,
                "move those resources to other security groups (or delete them), then run delete-security-groups again",
            );
        }
        audit.decided(`no network interface uses ${Object.values(groups).join(", ") || "the set's groups"}`);
        const confirmed = await confirmChange(
            io,
            audit,
            options.force,
            `delete every security group, rule and SSM parameter of ${set.setName} (stack ${target.stackName}, ${set.region})`,
            target.stackName,
        );
        if (!confirmed.ok) throw new Stop(EXIT.refused, confirmed.message);
        await streamed(io, (onEvent) => audit.step(`pulumi destroy ${target.stackName}`, () => stack.destroy(onEvent)));
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
                ? JSON.stringify({ name: set.setName, stack: target.stackName, deleted: true }, null, 2)
                : `Deleted ${set.setName} (stack ${target.stackName}): its groups, rules and SSM parameters are gone. The stack's history stays; remove it with pulumi stack rm ${target.stackName}.`,
        );
        return EXIT.ok;
    });
}
