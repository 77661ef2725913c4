import * as path from "node:path";
import {
    configFileSource,
    displayFile,
    findingsForJson,
    formatFindings,
    securityGroupSetName,
    summarize,
    validateConfigSource,
    Validation,
    ValidationOptions,
    printableJson,
    terminalSafeLines,
} from "sg-provisioner-core";
import { AuditLog } from "./audit";
import { EntitlementCheck, checkEntitlement } from "./entitlement";
import { EXIT, Io } from "./io";
import { paint } from "./paint";
import { OutputFile, writeOutputs } from "./write";

/** Options every command takes. */
export interface CommonOptions {
    readonly json?: boolean;
    readonly scenariosDir?: string;
    /** Where audit logs and HTML reports go (default `reports`). */
    readonly reportsDir?: string;
    /** Every step and its duration on standard error. */
    readonly verbose?: boolean;
}

export const DEFAULT_REPORTS_DIR = "reports";
export const DEFAULT_TEMPLATES_DIR = "templates";

export interface ActionResult {
    readonly code: number;
    /** What the log is named after: the set name, or the config file's name when there is none. */
    readonly subject: string;
}

/** The set name when the config got far enough to have one, else the config file's own name. */
export function subjectOf(validation: Pick<Validation, "config">, file: string): string {
    return validation.config ? securityGroupSetName(validation.config) : fileSubject(file);
}

/** A config file's own name, without `.yaml`: what its log is named after before its set is known. */
export function fileSubject(file: string): string {
    return path.basename(file).replace(/\.ya?ml$/i, "");
}

/**
 * Runs one action with its audit trail. When SG_PROVISIONER_PRODUCT_CODE is set, the AWS
 * Marketplace entitlement is checked first and nothing else runs unless it holds. The log is written
 * whatever the outcome; if it cannot be written the action fails, since an unlogged change is what
 * the trail exists to prevent. `writeLog: false` keeps the log unwritten (the catalog commands, which
 * read and change nothing, write one only when given --reports-dir). `subject` names the log of an
 * action refused before it read anything; `entitle` is the entitlement check (a run over many configs
 * checks once, see `entitlementOnce`).
 */
export async function audited(
    action: string,
    io: Io,
    options: Pick<CommonOptions, "reportsDir" | "verbose"> & { readonly writeLog?: boolean },
    run: (audit: AuditLog) => Promise<ActionResult> | ActionResult,
    subject = "sg-provisioner",
    entitle: EntitlementCheck = checkEntitlement,
): Promise<number> {
    const audit = new AuditLog(action, io, options.reportsDir ?? DEFAULT_REPORTS_DIR, options.verbose);
    let result: ActionResult;
    try {
        const refusal = await entitle(io, audit);
        result = refusal === undefined ? await run(audit) : { code: refusal, subject };
    } catch (error) {
        // A bug still leaves its trail: the log says where the action was when it broke.
        audit.decided(`internal error: ${error instanceof Error ? error.message : String(error)}`);
        saveLog(audit, io, options, subject, EXIT.internal);
        throw error;
    }
    return saveLog(audit, io, options, result.subject, result.code) ? result.code : result.code === EXIT.ok ? EXIT.invalid : result.code;
}

/** Saves an action's log (unless `writeLog` is false); says so, and returns false, when it cannot be written. */
function saveLog(audit: AuditLog, io: Io, options: Pick<CommonOptions, "reportsDir"> & { readonly writeLog?: boolean }, subject: string, code: number): boolean {
    if (options.writeLog === false) return true;
    try {
        audit.save(subject, code);
        return true;
    } catch (error) {
        io.err(
            `sg-provisioner: could not write the audit log in ${options.reportsDir ?? DEFAULT_REPORTS_DIR}/: ${error instanceof Error ? error.message : String(error)}\nfix: make the directory writable, or pass --reports-dir <dir>`,
        );
        return false;
    }
}

/**
 * Validates an action's config, logging what was read (config and scenario), every finding, and
 * (with --verbose) how long reading and validating took. `extra` adds validation options such as
 * test-deploy's isolation suffix.
 */
export function validateLogged(
    file: string,
    options: Pick<CommonOptions, "scenariosDir">,
    audit: AuditLog,
    extra: Omit<ValidationOptions, "scenariosDir"> = {},
): { validation: Validation; subject: string } {
    audit.read(`config ${file}`);
    const source = audit.stepSync(`reading ${file}`, () => configFileSource(path.resolve(audit.cwd, file), file, extra.relativeTo));
    const validation = audit.stepSync(`validating ${file}`, () => validateConfigSource(source, { ...extra, scenariosDir: options.scenariosDir }));
    if (validation.config) audit.read(`scenario ${validation.config.scenario} from ${options.scenariosDir ?? "the bundled catalog"}`);
    audit.decided(`${validation.set ? "valid" : "not valid"}: ${summarize(validation.findings)}`);
    for (const finding of validation.findings) audit.finding(finding);
    return { validation, subject: subjectOf(validation, file) };
}

/**
 * An invalid config's findings, as every command that needs a valid one shows them: as JSON
 * (`{name, valid: false, findings}` plus the command's own empty fields), and as text ending with
 * what the command did not do.
 */
export function invalidOutput(
    io: Io,
    file: string,
    checked: { validation: Validation; subject: string },
    consequence: string,
    emptyFields: Record<string, unknown> = {},
): { json: Record<string, unknown>; text: string } {
    const { validation, subject } = checked;
    return {
        json: { name: validation.config ? subject : null, valid: false, ...emptyFields, findings: findingsForJson(validation.findings, io.cwd) },
        text: `${formatFindings(validation.findings, io.cwd, paint(io))}\n\n${file} is not valid (${summarize(validation.findings)}); ${consequence}`,
    };
}

/** {@link invalidOutput}, printed: JSON with --json, else text. */
export function printInvalid(
    io: Io,
    options: Pick<CommonOptions, "json">,
    file: string,
    checked: { validation: Validation; subject: string },
    consequence: string,
    emptyFields: Record<string, unknown> = {},
): void {
    const output = invalidOutput(io, file, checked, consequence, emptyFields);
    io.out(options.json ? printableJson(output.json) : output.text);
}

/** A problem that stops an action before it writes anything: JSON on stdout with --json, else text on stderr. */
export function printProblems(io: Io, options: Pick<CommonOptions, "json">, name: string | null, problems: readonly string[], fix: string): void {
    if (options.json) io.out(printableJson({ name, valid: false, problems, fix }));
    else io.err(`${problems.map(terminalSafeLines).join("\n")}\nfix: ${terminalSafeLines(fix)}`);
}

/**
 * Writes an action's files whole or not at all, logging each; when that fails, says which file and
 * how to fix it, and logs that nothing was written.
 */
export function writeLogged(io: Io, audit: AuditLog, files: readonly OutputFile[], fix: string): boolean {
    const result = writeOutputs(files);
    if (!result.ok) {
        const shown = displayFile(result.file, io.cwd) ?? result.file;
        audit.decided(`could not write ${shown}: ${result.reason}; nothing was written`);
        io.err(`sg-provisioner: could not write ${shown}: ${result.reason}\nfix: ${fix}`);
        return false;
    }
    for (const { file } of files) audit.wrote(displayFile(file, io.cwd) ?? file);
    return true;
}
