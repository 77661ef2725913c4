import * as path from "node:path";
import { displayFile } from "sg-provisioner-core";
import { driftOf, renderDrift } from "../../report/changes";
import { renderDriftHtml } from "../../report/drift-html";
import { DEFAULT_REPORTS_DIR, writeLogged } from "../action";
import { EXIT, Io } from "../io";
import { LifecycleOptions, Stop, existingStack, ownGroupIds, streamed } from "../lifecycle/prepare";
import { lifecycleAction, preflightOrStop } from "../lifecycle/run";

/**
 * `check-drift`: `pulumi refresh --preview-only` reads every resource of the set's stack from AWS
 * and writes no state; each resource changed or deleted outside Pulumi goes in the drift report
 * (`{reports}/{set}-drift.html`, and --json). Exits 3 when there is drift, so a scheduled pipeline
 * can alert on it.
 */
export function checkDriftCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("check-drift", file, options, io, async ({ set, target }, audit) => {
        const existing = await existingStack(target, audit);
        if (!existing.stack) {
            throw new Stop(
                EXIT.failed,
                `stack ${target.stackName} does not exist: nothing of ${set.setName} has been deployed from this project`,
                "deploy it first (create-security-groups), or pass --stack <name> for the stack it was deployed to",
            );
        }
        const stack = existing.stack;
        await preflightOrStop(set, ownGroupIds(existing.outputs), audit, io);
        const { events } = await streamed(io, (onEvent) => audit.step(`pulumi refresh --preview-only ${target.stackName}`, () => stack.previewRefresh(onEvent)));
        const drift = driftOf(events);
        audit.decided(drift.length === 0 ? "no drift" : `drift in ${drift.length} resources`);
        for (const item of drift) audit.decided(`${item.kind} ${item.type} ${item.name}: ${item.properties.map((property) => property.name).join(", ")}`);
        const time = io.now().toISOString();
        const report = path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${set.setName}-drift.html`);
        const page = renderDriftHtml({ setName: set.setName, stack: target.stackName, region: set.region, time }, drift);
        if (!writeLogged(io, audit, [{ file: report, content: page }], "make the directory writable, or pass --reports-dir <dir>")) return EXIT.invalid;
        const shown = displayFile(report, io.cwd) ?? report;
        io.out(
            options.json
                ? JSON.stringify({ name: set.setName, stack: target.stackName, time, drifted: drift.length > 0, file: shown, drift }, null, 2)
                : `${renderDrift(set.setName, target.stackName, drift)}\n\nWrote ${shown}`,
        );
        return drift.length > 0 ? EXIT.drift : EXIT.ok;
    });
}
