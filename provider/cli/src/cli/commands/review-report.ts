import * as path from "node:path";
import { displayFile, findingsForJson, formatFindings, plural, printableJson } from "sg-provisioner-core";
import { Review, buildReview, countsText } from "../../report/review";
import { renderReviewHtml } from "../../report/review-html";
import { renderReviewYaml } from "../../report/review-yaml";
import { CommonOptions, DEFAULT_REPORTS_DIR, DEFAULT_TEMPLATES_DIR, audited, printInvalid, validateLogged, writeLogged } from "../action";
import { EXIT, Io } from "../io";
import { paint } from "../paint";
import { OutputFile } from "../write";

export interface ReviewOptions extends CommonOptions {
    /** Where the review YAML is written (default `templates`). */
    readonly templatesDir?: string;
}

interface Written {
    readonly yaml: string;
    readonly html: string;
}

/** Both files, as they go to disk: the YAML under the templates directory, the page under the reports directory. */
function reportFiles(review: Review, options: ReviewOptions, io: Io): { yaml: OutputFile; html: OutputFile } {
    return {
        yaml: { file: path.resolve(io.cwd, options.templatesDir ?? DEFAULT_TEMPLATES_DIR, `${review.setName}-review.yaml`), content: renderReviewYaml(review) },
        html: { file: path.resolve(io.cwd, options.reportsDir ?? DEFAULT_REPORTS_DIR, `${review.setName}-review.html`), content: renderReviewHtml(review) },
    };
}

function summaryText(file: string, review: Review, files: Written, io: Io): string {
    const colors = paint(io);
    const tiers = review.tiers.map((tier) => {
        const overrides = tier.rules.filter((rule) => rule.override).length;
        return `  ${tier.name} tier: ${plural(tier.rules.length, "rule")}${overrides > 0 ? `, ${overrides} from overrides` : ""}`;
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
        const checked = validateLogged(file, options, audit);
        const { validation, subject } = checked;
        const review = buildReview(validation, { file, cwd: io.cwd });
        if (!review) {
            audit.decided("no security group set could be read from the config; no report written");
            printInvalid(io, options, file, checked, "no report was written", { files: null });
            return { code: EXIT.invalid, subject };
        }
        audit.decided(`review: ${countsText(review.counts)}`);
        const { yaml, html } = reportFiles(review, options, io);
        if (!writeLogged(io, audit, [yaml, html], "make the directories writable, or pass --templates-dir <dir> and --reports-dir <dir>")) {
            return { code: EXIT.invalid, subject };
        }
        const files: Written = { yaml: displayFile(yaml.file, io.cwd) as string, html: displayFile(html.file, io.cwd) as string };
        if (options.json) {
            io.out(printableJson({ name: subject, valid: validation.set !== undefined, files, findings: findingsForJson(validation.findings, io.cwd) }));
        } else {
            const findingsText = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd, paint(io))}\n\n` : "";
            io.out(`${findingsText}${summaryText(file, review, files, io)}`);
        }
        return { code: review.valid ? EXIT.ok : EXIT.invalid, subject };
    });
}
