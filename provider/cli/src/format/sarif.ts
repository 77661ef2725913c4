import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import { CODE_REGISTRY, displayFile, Finding, terminalSafe } from "sg-provisioner-core";

/** Where the repository's files are read on the web: a code's `docs` (`docs/checks.md#...`) is relative to it. */
const REPOSITORY_FILES = "https://github.com/sg-provisioner/sg-provisioner/blob/main/";
const DOCS_BY_CODE: ReadonlyMap<string, string> = new Map(Object.values(CODE_REGISTRY).map((info) => [info.code, info.docs]));
/** The table of every code, which is what each code's `docs` points at. */
const INFORMATION_URI = `${REPOSITORY_FILES}${CODE_REGISTRY.unreadable.docs}`;

/** The web page documenting a code (the codes table for one the registry does not know). */
export function codeHelpUri(code: string): string {
    const docs = DOCS_BY_CODE.get(code);
    return docs === undefined ? INFORMATION_URI : `${REPOSITORY_FILES}${docs}`;
}

/** A place in a file as SARIF reads it: the file, line and column, and the field path as a logical location. */
function sarifLocation(place: Pick<Finding, "file" | "path" | "line" | "column">, cwd: string): Location | undefined {
    const file = displayFile(place.file, cwd);
    if (!file) return undefined;
    return {
        physicalLocation: {
            artifactLocation: { uri: file.split("\\").join("/") },
            ...(place.line !== undefined ? { region: { startLine: place.line, startColumn: place.column ?? 1 } } : {}),
        },
        ...(place.path ? { logicalLocations: [{ fullyQualifiedName: terminalSafe(place.path) }] } : {}),
    };
}

/**
 * Findings as SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, Azure DevOps) show on
 * pull requests. Paths are relative to `cwd`, which should be the repository root. Findings with
 * no file (component args) carry no location. The rules a finding relates to (every rule a
 * combined exposure adds up) are its related locations.
 */
export function findingsToSarif(findings: readonly Finding[], version: string, cwd: string): Log {
    const codes = [...new Set(findings.map((finding) => finding.code))].sort();
    const rules: ReportingDescriptor[] = codes.map((code) => ({ id: code, helpUri: codeHelpUri(code) }));
    const results: Result[] = findings.map((finding) => {
        const location = sarifLocation(finding, cwd);
        const related = (finding.related ?? [])
            .flatMap((place) => sarifLocation(place, cwd) ?? [])
            .map((each, id) => ({ id, ...each, message: { text: "a rule this finding is about" } }));
        return {
            ruleId: finding.code,
            ruleIndex: codes.indexOf(finding.code),
            level: finding.severity === "error" ? "error" : "warning",
            // Shown to people by code-scanning tools: each line terminal-safe, as in the text form.
            message: { text: [finding.message, `Fix: ${finding.fix}`, ...(finding.why ? [`Why: ${finding.why}`] : [])].map(terminalSafe).join("\n") },
            ...(location ? { locations: [location] } : {}),
            ...(related.length > 0 ? { relatedLocations: related } : {}),
        };
    });
    return {
        version: "2.1.0",
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [{ tool: { driver: { name: "sg-provisioner", version, informationUri: INFORMATION_URI, rules } }, results }],
    };
}
