import { printableJson } from "sg-provisioner-core";
import { EXIT, Io } from "../io";
import { LifecycleOptions } from "../lifecycle/prepare";
import { lifecycleAction } from "../lifecycle/run";

/**
 * `preflight`: what every lifecycle action checks first, alone: the stack (when there is one) is
 * this set's, the VPC parameter exists in the config's region and holds a VPC ID, and the set's SSM
 * parameters are absent or name the groups the stack holds.
 */
export function preflightCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("preflight", file, options, io, async (run) => {
        const facts = await run.inspect();
        const checked = await run.preflight(facts.groups);
        const { set, target } = run;
        run.audit.decided("preflight passed");
        io.out(
            options.json
                ? printableJson({ name: set.setName, stack: target.stackName, region: set.region, ok: true, checked })
                : [`Preflight passed for ${set.setName} in ${set.region}:`, ...checked.map((line) => `  ${line}`)].join("\n"),
        );
        return EXIT.ok;
    });
}
