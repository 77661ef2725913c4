import * as path from "node:path";
import { Finding, countFindings, mapPlaces } from "../rules/finding";
import { plural, terminalSafe } from "../util/text";

/** The colours a text form may use; plain by default, so library callers get no escape codes. */
export interface Colors {
    red(text: string): string;
    yellow(text: string): string;
    bold(text: string): string;
}

const PLAIN: Colors = { red: (text) => text, yellow: (text) => text, bold: (text) => text };

/** File names relative to the working directory: shorter, and the same on every machine. */
export function displayFile(file: string | undefined, cwd: string = process.cwd()): string | undefined {
    if (file === undefined) return undefined;
    const relative = path.relative(cwd, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** `file:line:column` of a finding; `(component args)` when the config came in as component args. */
export function locationOf(finding: Pick<Finding, "file" | "line" | "column">, cwd: string = process.cwd()): string {
    const file = displayFile(finding.file, cwd) ?? "(component args)";
    return finding.line !== undefined ? `${file}:${finding.line}:${finding.column ?? 1}` : file;
}

/**
 * One finding as people read it: where, severity, code, field path; then what is wrong, how to fix
 * it and, when known, why it matters. Every part is {@link terminalSafe}.
 */
export function formatFinding(finding: Finding, cwd: string = process.cwd(), colors: Colors = PLAIN): string {
    const severity = finding.severity === "error" ? colors.red(colors.bold(finding.severity)) : colors.yellow(finding.severity);
    // Messages quote input (keys, values, file names): each part is printed terminal-safe.
    const head = [terminalSafe(locationOf(finding, cwd)), severity, finding.code, finding.path && terminalSafe(finding.path)].filter(Boolean).join("  ");
    const lines = [head, `  ${terminalSafe(finding.message)}`, `  fix: ${terminalSafe(finding.fix)}`];
    if (finding.why) lines.push(`  why: ${terminalSafe(finding.why)}`);
    return lines.join("\n");
}

export function formatFindings(findings: readonly Finding[], cwd: string = process.cwd(), colors: Colors = PLAIN): string {
    return findings.map((finding) => formatFinding(finding, cwd, colors)).join("\n\n");
}

/** `3 errors, 1 warning`, counting the findings a cap left out. */
export function summarize(findings: readonly Finding[]): string {
    const counts = countFindings(findings);
    return `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}`;
}

/** Findings as JSON: file names relative, like the text form, in the finding's own place and its related ones. */
export function findingsForJson(findings: readonly Finding[], cwd: string = process.cwd()): Finding[] {
    const relative = <T extends { file?: string }>(place: T): T => (place.file ? { ...place, file: displayFile(place.file, cwd) } : place);
    return findings.map((finding) => mapPlaces(finding, relative));
}
