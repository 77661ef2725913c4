import { CODES } from "./codes";
import { compareText, plural } from "../util/text";

export type Severity = "error" | "warning";

/** A place in a file: a field path, in `file` when there is one, and its line and column once known. */
export interface FindingPlace {
    readonly file?: string;
    readonly path: string;
    readonly line?: number;
    readonly column?: number;
}

/** A finding with `change` applied to its own place and to each related one (relative file names, a config key before the path). */
export function mapPlaces(finding: Finding, change: <T extends { file?: string; path?: string }>(place: T) => T): Finding {
    const changed = change(finding);
    return finding.related ? { ...changed, related: finding.related.map(change) } : changed;
}

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
    /**
     * The rules the finding is about, when `path` alone does not say which: every rule a combined
     * exposure (SG102) adds up, or the scenario rule a port override (at `path`) made a problem of.
     * Each is the rule's file and field path, with line and column, as a finding gives its own.
     */
    readonly related?: readonly FindingPlace[];
    /**
     * Set on the finding that ends a list cut at its cap (see {@link capFindings}): how many findings,
     * by severity, it stands for. They count everywhere findings are counted.
     */
    readonly omitted?: Readonly<Record<Severity, number>>;
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

/** A file's findings after this many are counted, not shown: a broken file can give one per character. */
export const MAX_FINDINGS_PER_FILE = 100;
/** A run over many configs shows this many findings in all; each config past it only counts its own. */
export const MAX_FINDINGS_IN_TOTAL = 1000;

/** How many findings of each severity a list holds, counting those a cap left out. */
export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
    const counts: Record<Severity, number> = { error: 0, warning: 0 };
    for (const finding of findings) {
        if (finding.omitted) {
            counts.error += finding.omitted.error;
            counts.warning += finding.omitted.warning;
        } else counts[finding.severity] += 1;
    }
    return counts;
}

/**
 * The first `limit` findings of a sorted list (errors first), then, when there were more, one finding
 * of `file` (by default the first finding's) that counts the rest by severity, as severe as the worst
 * of them: output stays small whatever a file holds, and a list with errors still fails. A list cut
 * before is cut again the same way.
 */
export function capFindings(findings: readonly Finding[], limit: number, file: string | undefined = findings[0]?.file): readonly Finding[] {
    const shown = findings.filter((finding) => !finding.omitted);
    if (shown.length <= limit && shown.length === findings.length) return findings;
    const kept = shown.slice(0, limit);
    const [all, shownCounts] = [countFindings(findings), countFindings(kept)];
    const omitted = { error: all.error - shownCounts.error, warning: all.warning - shownCounts.warning };
    if (omitted.error + omitted.warning === 0) return kept;
    const bySeverity = [omitted.error > 0 ? plural(omitted.error, "error") : "", omitted.warning > 0 ? plural(omitted.warning, "warning") : ""].filter(Boolean).join(", ");
    const rest: Finding = {
        code: CODES.findingsNotShown,
        severity: omitted.error > 0 ? "error" : "warning",
        file,
        message: `and ${plural(omitted.error + omitted.warning, "more finding")} (${bySeverity}) not shown`,
        fix: "fix the ones above and run again",
        omitted,
    };
    return [...kept, rest];
}
