import { EXIT, Io } from "../io";
import { LifecycleOptions, existingStack, ownGroupIds } from "../lifecycle/prepare";
import { lifecycleAction, preflightOrStop } from "../lifecycle/run";

/**
 * `preflight`: what every lifecycle action checks first, alone: the VPC parameter exists in the
 * config's region and holds a VPC ID, and the set's SSM parameters are absent or this stack's.
 */
export function preflightCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("preflight", file, options, io, async ({ set, target }, audit) => {
        const existing = await existingStack(target, audit);
        const checked = await preflightOrStop(set, ownGroupIds(existing.outputs), audit, io);
        audit.decided("preflight passed");
        io.out(
            options.json
                ? JSON.stringify({ name: set.setName, stack: target.stackName, region: set.region, ok: true, checked }, null, 2)
                : [`Preflight passed for ${set.setName} in ${set.region}:`, ...checked.map((line) => `  ${line}`)].join("\n"),
        );
        return EXIT.ok;
    });
}
