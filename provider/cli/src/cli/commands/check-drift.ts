import * as path from "node:path";
import { displayFile, printableJson } from "sg-provisioner-core";
import { driftOf, renderDrift } from "../../report/changes";
import { renderDriftHtml } from "../../report/drift-html";
import { DEFAULT_REPORTS_DIR, writeLogged } from "../action";
import { EXIT, Io } from "../io";
import { LifecycleOptions, Stop } from "../lifecycle/prepare";
import { lifecycleAction } from "../lifecycle/run";

/**
 * `check-drift`: `pulumi refresh --preview-only` reads every resource of the set's stack from AWS
 * and writes no state; each resource changed or deleted outside Pulumi goes in the drift report
 * (`{reports}/{set}-drift.html`, and --json). Exits 3 when there is drift, so a scheduled pipeline
 * can alert on it, even when the report cannot be written.
 */
export function checkDriftCommand(file: string, options: LifecycleOptions, io: Io): Promise<number> {
    return lifecycleAction("check-drift", file, options, io, async (run) => {
        const facts = await run.inspectDeployed();
        const { set, target, audit } = run;
        if (facts.groups.length === 0) {
            throw new Stop(
                EXIT.failed,
                `stack ${target.stackName} holds no security group: nothing of ${set.setName} is deployed there to check`,
                "deploy it first (create-security-groups)",
            );
        }
        await run.preflight(facts.groups);
        const { events } = await run.watch(`pulumi refresh --preview-only ${target.stackName}`, (watch) => facts.stack.previewRefresh(watch), { refresh: true });
        const drift = driftOf(events);
        audit.decided(drift.length === 0 ? "no drift" : `drift in ${drift.length} resources`);
        for (const item of drift) audit.decided(`${item.kind} ${item.type} ${item.name}: ${item.properties.map((property) => property.name).join(", ")}`);
        const time = io.now().toISOString();
        const report = path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${set.setName}-drift.html`);
        const page = renderDriftHtml({ setName: set.setName, stack: target.stackName, region: set.region, time }, drift);
        const written = writeLogged(io, audit, [{ file: report, content: page }], "make the directory writable, or pass --reports-dir <dir>");
        const shown = written ? (displayFile(report, io.cwd) ?? report) : null;
        io.out(
            options.json
                ? printableJson({ name: set.setName, stack: target.stackName, time, drifted: drift.length > 0, file: shown, drift })
                : `${renderDrift(set.setName, target.stackName, drift)}${shown ? `\n\nWrote ${shown}` : ""}`,
        );
        // Drift is what a scheduled run alerts on: a report that could not be written must not hide it.
        return drift.length > 0 ? EXIT.drift : written ? EXIT.ok : EXIT.invalid;
    });
}
