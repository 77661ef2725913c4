import { compareText } from "../util/text";

export type Severity = "error" | "warning";

/**
 * One problem found in a config, a scenario or (later) a stack. `message` says what is wrong,
 * `why` why it matters and `fix` what to do. `code` is stable: scripts may match on it.
 * Location fields are filled in when the problem can be traced to a file.
 */
export interface Finding {
    readonly code: string;
    readonly severity: Severity;
    readonly message: string;
    readonly fix: string;
    readonly why?: string;
    readonly file?: string;
    /** Field path in the file, such as `overrides.tiers.app.ingress[1].port`. */
    readonly path?: string;
    readonly line?: number;
    readonly column?: number;
    readonly value?: unknown;
}

/** An error finding at a field path of a file; line and column are filled in later, from the path. */
export function errorAt(file: string | undefined, path: string, code: string, message: string, fix: string, value?: unknown): Finding {
    return { code, severity: "error", file, path, message, fix, value };
}

export function hasErrors(findings: readonly Finding[]): boolean {
    return findings.some((finding) => finding.severity === "error");
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1 };

/** Errors first, then by file, line and column, so output is stable and the worst comes first. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
    return [...findings].sort(
        (a, b) =>
            SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
            compareText(a.file ?? "", b.file ?? "") ||
            (a.line ?? 0) - (b.line ?? 0) ||
            (a.column ?? 0) - (b.column ?? 0) ||
            compareText(a.code, b.code) ||
            compareText(a.path ?? "", b.path ?? ""),
    );
}
