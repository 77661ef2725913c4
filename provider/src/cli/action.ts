import * as path from "node:path";
import { securityGroupSetName } from "../plan/names";
import { Validation } from "../plan/validate";
import { AuditLog } from "./audit";
import { EXIT, Io } from "./io";

/** Options every command takes. */
export interface CommonOptions {
    readonly json?: boolean;
    readonly scenariosDir?: string;
    /** Where audit logs and HTML reports go (default `reports`). */
    readonly reportsDir?: string;
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
    return validation.config ? securityGroupSetName(validation.config) : path.basename(file).replace(/\.ya?ml$/i, "");
}

/**
 * Runs one action with its audit trail. The log is written whatever the outcome; if it cannot be
 * written the action fails, since an unlogged change is what the trail exists to prevent.
 */
export async function audited(action: string, io: Io, options: Pick<CommonOptions, "reportsDir">, run: (audit: AuditLog) => Promise<ActionResult> | ActionResult): Promise<number> {
    const audit = new AuditLog(action, io, options.reportsDir ?? DEFAULT_REPORTS_DIR);
    const result = await run(audit);
    try {
        audit.save(result.subject, result.code);
    } catch (error) {
        io.err(`sg-provisioner: could not write the audit log in ${options.reportsDir ?? DEFAULT_REPORTS_DIR}/: ${error instanceof Error ? error.message : String(error)}\nfix: make the directory writable, or pass --reports-dir <dir>`);
        return result.code === EXIT.ok ? EXIT.invalid : result.code;
    }
    return result.code;
}
