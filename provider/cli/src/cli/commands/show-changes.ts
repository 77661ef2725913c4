import { changesOf, renderChanges } from "../../report/changes";
import { Io } from "../io";
import { EXIT } from "../io";
import { LifecycleOptions, existingStack, ownGroupIds, streamed } from "../lifecycle/prepare";
import { lifecycleAction, preflightOrStop } from "../lifecycle/run";

/**
 * `show-changes`: `pulumi preview --diff` on the set's stack, read back as one line per resource
 * that would change (a group's replacement called out as disruptive). Changes nothing in AWS; a
 * stack that does not exist yet is created empty, since Pulumi previews against a stack.
 */
export function showChangesCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("show-changes", file, options, io, async ({ set, target }, audit) => {
        const existing = await existingStack(target, audit);
        await preflightOrStop(set, ownGroupIds(existing.outputs), audit, io);
        const { LifecycleStack } = await import("../../engine/automation");
        const stack = await audit.step(`pulumi stack select --create ${target.stackName}`, () => LifecycleStack.open(target, true));
        const { events } = await streamed(io, (onEvent) => audit.step(`pulumi preview ${target.stackName}`, () => stack.preview(onEvent)));
        const changes = changesOf(events);
        const { create, update, replace, delete: deleted } = changes.counts;
        audit.decided(`preview: ${create} to create, ${update} to update, ${replace} to replace, ${deleted} to delete`);
        for (const change of changes.changes) audit.decided(`${change.kind} ${change.type} ${change.name}${change.disruption ? ` (${change.disruption})` : ""}`);
        io.out(
            options.json
                ? JSON.stringify({ name: set.setName, stack: target.stackName, changes: changes.changes, counts: changes.counts }, null, 2)
                : renderChanges(set.setName, target.stackName, changes),
        );
        return EXIT.ok;
    });
}
