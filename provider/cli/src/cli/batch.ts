import { Finding, MAX_FINDINGS_IN_TOTAL, MAX_FINDINGS_PER_FILE, printableJson, summarize } from "sg-provisioner-core";
import { findingsToSarif } from "../format/sarif";
import { CommonOptions, audited, fileSubject, printProblems } from "./action";
import { AuditLog } from "./audit";
import { entitlementOnce } from "./entitlement";
import { EXIT, Io } from "./io";
import { expandTargets } from "./targets";
import { packageVersion } from "./version";

/** One config's result, in every form a command prints it. */
export interface ConfigOutcome {
    readonly code: number;
    /** What the config's audit log is named after. */
    readonly subject: string;
    readonly valid: boolean;
    readonly findings: readonly Finding[];
    /** What the command prints for this config with --json. */
    readonly json: Record<string, unknown>;
    /** What it prints as text. */
    readonly text: string;
    /** Resources planned, for commands that plan. */
    readonly resources?: number;
}

export type OutputFormat = "text" | "json" | "sarif";

/** What a run over configs has to say at its end. */
export interface Tally {
    readonly configs: number;
    readonly valid: number;
    readonly resources: number;
    /** Every config's findings summed, as `summarize` words them. */
    readonly findings: string;
}

/** A command that takes configs: its audit name, its work on one config and its closing line. */
export interface ConfigCommand {
    readonly action: string;
    /** Whether each config's text starts with its file's name (when the text itself does not say it). */
    readonly headed: boolean;
    /** `maxFindings`: how many of its findings the config may show (the rest are counted), for validation's option of that name. */
    one(file: string, audit: AuditLog, maxFindings: number): Promise<ConfigOutcome> | ConfigOutcome;
    summary(tally: Tally): string;
}

function render(outcome: ConfigOutcome, format: OutputFormat, io: Io): string {
    if (format === "sarif") return printableJson(findingsToSarif(outcome.findings, packageVersion(), io.cwd));
    return format === "json" ? printableJson(outcome.json) : outcome.text;
}

/**
 * Runs a command over the configs its arguments name (files, directories, globs; see
 * `expandTargets`) in this one process, so the scenario catalog and the validators load once.
 * One file prints exactly what it always did. Several print each config's result as it is done
 * (text), or one JSON array, or one SARIF log, then a summary line (text); the exit code is the
 * worst, i.e. the highest, of theirs. Each config keeps its own audit log; AWS Marketplace, when
 * on, is asked once. Each config shows at most MAX_FINDINGS_PER_FILE findings and the run at most
 * MAX_FINDINGS_IN_TOTAL; the rest are counted, in each config's last finding and in the summary.
 */
export async function runConfigs(command: ConfigCommand, args: readonly string[], options: CommonOptions & { format?: OutputFormat }, io: Io): Promise<number> {
    const targets = await expandTargets(args, io.cwd);
    if (!targets.ok) {
        printProblems(io, options, null, [`sg-provisioner: ${targets.message}`], targets.fix);
        return EXIT.usage;
    }
    const format: OutputFormat = options.json ? "json" : (options.format ?? "text");
    const entitle = entitlementOnce();
    const collected: unknown[] = [];
    const findings: Finding[] = [];
    let worst: number = EXIT.ok;
    let valid = 0;
    let resources = 0;
    let shown = 0;
    for (const file of targets.files) {
        let outcome: ConfigOutcome | undefined;
        let code: number;
        try {
            code = await audited(
                command.action,
                io,
                options,
                async (audit) => {
                    outcome = await command.one(file, audit, Math.min(MAX_FINDINGS_PER_FILE, MAX_FINDINGS_IN_TOTAL - shown));
                    return { code: outcome.code, subject: outcome.subject };
                },
                fileSubject(file),
                entitle,
            );
        } catch (error) {
            // One config's bug must not hide the others' results: say which file, and go on.
            if (!targets.batch) throw error;
            const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
            io.err(`sg-provisioner: ${file}: ${message}\nThis is a bug; please report it with the command you ran.`);
            outcome = {
                code: EXIT.internal,
                subject: fileSubject(file),
                valid: false,
                findings: [],
                json: { name: null, valid: false, error: message },
                text: `${file}: ${message}`,
            };
            code = EXIT.internal;
        }
        worst = Math.max(worst, code);
        // Refused before it read anything (not entitled): the refusal is printed; no config is worth trying.
        if (outcome === undefined) return code;
        if (!targets.batch) {
            io.out(render(outcome, format, io));
            return code;
        }
        valid += outcome.valid ? 1 : 0;
        resources += outcome.resources ?? 0;
        findings.push(...outcome.findings);
        shown += outcome.findings.filter((finding) => !finding.omitted).length;
        if (format === "text") io.out(`${command.headed ? `== ${file}\n` : ""}${outcome.text}\n`);
        else if (format === "json") collected.push({ file, ...outcome.json });
    }
    const tally: Tally = { configs: targets.files.length, valid, resources, findings: summarize(findings) };
    if (format === "text") io.out(command.summary(tally));
    else if (format === "json") io.out(printableJson(collected));
    else io.out(printableJson(findingsToSarif(findings, packageVersion(), io.cwd)));
    return worst;
}
