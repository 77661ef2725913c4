import * as path from "node:path";
import { displayFile, findingsForJson, formatFindings, summarize } from "../../format/findings";
import { validateConfigFile } from "../../plan/validate";
import { Review, buildReview, countsText } from "../../report/review";
import { renderReviewHtml } from "../../report/review-html";
import { renderReviewYaml } from "../../report/review-yaml";
import { AuditLog } from "../audit";
import { CommonOptions, DEFAULT_REPORTS_DIR, DEFAULT_TEMPLATES_DIR, audited, subjectOf } from "../action";
import { EXIT, Io } from "../io";
import { paint } from "../paint";
import { writeOutput } from "../write";

export interface ReviewOptions extends CommonOptions {
    /** Where the review YAML is written (default `templates`). */
    readonly templatesDir?: string;
}

interface Written {
    readonly yaml: string;
    readonly html: string;
}

/** Writes both files; returns their paths as the user reads them, or the error that stopped it. */
function writeReport(review: Review, options: ReviewOptions, io: Io, audit: AuditLog): { files?: Written; error?: string } {
    const yaml = path.resolve(io.cwd, options.templatesDir ?? DEFAULT_TEMPLATES_DIR, `${review.setName}-review.yaml`);
    const html = path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${review.setName}-review.html`);
    try {
        writeOutput(yaml, renderReviewYaml(review));
        audit.wrote(yaml);
        writeOutput(html, renderReviewHtml(review));
        audit.wrote(html);
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
    return { files: { yaml: displayFile(yaml, io.cwd) as string, html: displayFile(html, io.cwd) as string } };
}

function summaryText(file: string, review: Review, files: Written, io: Io): string {
    const colors = paint(io);
    const tiers = review.tiers.map((tier) => {
        const overrides = tier.rules.filter((rule) => rule.override).length;
        return `  ${tier.name} tier: ${tier.rules.length} rule${tier.rules.length === 1 ? "" : "s"}${overrides > 0 ? `, ${overrides} from overrides` : ""}`;
    });
    const verdict = review.valid
        ? colors.green(`${file} is valid: ${countsText(review.counts)}`)
        : colors.red(`${file} is not valid: ${countsText(review.counts)}. The report shows the findings; fix the errors before deploying.`);
    return [`Review of ${review.setName}: scenario ${review.scenario.name}, region ${review.region}`, ...tiers, `wrote ${files.yaml}`, `wrote ${files.html}`, verdict].join("\n");
}

/**
 * `create-review-report`: the review YAML (`{templates}/{set}-review.yaml`) and HTML report
 * (`{reports}/{set}-review.html`). An invalid config still gets its report, so reviewers see why,
 * and exits 1; a config too broken to have a set gets only its findings. Loads nothing from the
 * Pulumi SDK.
 */
export function reviewReportCommand(file: string, options: ReviewOptions, io: Io): Promise<number> {
    return audited("create-review-report", io, options, (audit) => {
        audit.read(`config ${file}`);
        const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
        const subject = subjectOf(validation, file);
        audit.decided(`${validation.set ? "valid" : "not valid"}: ${summarize(validation.findings)}`);
        for (const finding of validation.findings) audit.decided(`${finding.severity} ${finding.code} ${finding.path ?? ""} ${finding.message}`);
        const review = buildReview(validation, { file, cwd: io.cwd });
        const json = (files: Written | null) => JSON.stringify({ name: validation.config ? subject : null, valid: validation.set !== undefined, files, findings: findingsForJson(validation.findings, io.cwd) }, null, 2);
        const findingsText = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd, paint(io))}\n\n` : "";
        if (!review) {
            audit.decided("no security group set could be read from the config; no report written");
            io.out(options.json ? json(null) : `${findingsText}${paint(io).red(`${file} is not valid (${summarize(validation.findings)}); no report was written`)}`);
            return { code: EXIT.invalid, subject };
        }
        audit.decided(`review: ${countsText(review.counts)}`);
        const written = writeReport(review, options, io, audit);
        if (!written.files) {
            io.err(`sg-provisioner: could not write the review report: ${written.error}\nfix: make the directories writable, or pass --templates-dir <dir> and --reports-dir <dir>`);
            return { code: EXIT.invalid, subject };
        }
        io.out(options.json ? json(written.files) : `${findingsText}${summaryText(file, review, written.files, io)}`);
        return { code: review.valid ? EXIT.ok : EXIT.invalid, subject };
    });
}
