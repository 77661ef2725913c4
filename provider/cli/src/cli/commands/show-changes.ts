import { printableJson } from "sg-provisioner-core";
import { renderChanges } from "../../report/changes";
import { EXIT, Io } from "../io";
import { LifecycleOptions } from "../lifecycle/prepare";
import { lifecycleAction } from "../lifecycle/run";

/**
 * `show-changes`: `pulumi preview --diff` with the policy pack on the set's stack, read back as one
 * line per resource that would change (a group's replacement called out as disruptive). Changes
 * nothing in AWS. Pulumi previews against a stack, so one that does not exist yet is created, with
 * the settings that point it at the config.
 */
export function showChangesCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("show-changes", file, options, io, async (run) => {
        const facts = await run.inspect();
        await run.preflight(facts.groups);
        const policyPack = run.policyPack();
        const stack = await run.open("either");
        const changes = await run.previewChanges(stack, policyPack);
        const { set, target } = run;
        io.out(
            options.json
                ? printableJson({ name: set.setName, stack: target.stackName, changes: changes.changes, counts: changes.counts })
                : renderChanges(set.setName, target.stackName, changes),
        );
        return EXIT.ok;
    });
}
