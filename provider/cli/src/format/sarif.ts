import type { Log, ReportingDescriptor, Result } from "sarif";
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

/**
 * Findings as SARIF 2.1.0, the format code-scanning tools (GitHub, GitLab, Azure DevOps) show on
 * pull requests. Paths are relative to `cwd`, which should be the repository root. Findings with
 * no file (component args) carry no location.
 */
export function findingsToSarif(findings: readonly Finding[], version: string, cwd: string): Log {
    const codes = [...new Set(findings.map((finding) => finding.code))].sort();
    const rules: ReportingDescriptor[] = codes.map((code) => ({ id: code, helpUri: codeHelpUri(code) }));
    const results: Result[] = findings.map((finding) => {
        const file = displayFile(finding.file, cwd);
        const result: Result = {
            ruleId: finding.code,
            ruleIndex: codes.indexOf(finding.code),
            level: finding.severity === "error" ? "error" : "warning",
            // Shown to people by code-scanning tools: each line terminal-safe, as in the text form.
            message: { text: [finding.message, `Fix: ${finding.fix}`, ...(finding.why ? [`Why: ${finding.why}`] : [])].map(terminalSafe).join("\n") },
        };
        if (file) {
            result.locations = [
                {
                    physicalLocation: {
                        artifactLocation: { uri: file.split("\\").join("/") },
                        ...(finding.line !== undefined ? { region: { startLine: finding.line, startColumn: finding.column ?? 1 } } : {}),
                    },
                    ...(finding.path ? { logicalLocations: [{ fullyQualifiedName: terminalSafe(finding.path) }] } : {}),
                },
            ];
        }
        return result;
    });
    return {
        version: "2.1.0",
        $schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [{ tool: { driver: { name: "sg-provisioner", version, informationUri: INFORMATION_URI, rules } }, results }],
    };
}
