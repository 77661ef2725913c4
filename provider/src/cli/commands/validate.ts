import { findingsForJson, formatFindings, summarize } from "../../format/findings";
import { findingsToSarif } from "../../format/sarif";
import { validateConfigFile } from "../../plan/validate";
import { CommonOptions, audited, subjectOf } from "../action";
import { EXIT, Io } from "../io";
import { paint } from "../paint";
import { packageVersion } from "../version";

export type OutputFormat = "text" | "json" | "sarif";

export interface ValidateOptions extends CommonOptions {
    readonly format?: OutputFormat;
}

/** `validate-config`: the validation alone. Loads nothing from the Pulumi SDK. */
export function validateCommand(file: string, options: ValidateOptions, io: Io): Promise<number> {
    return audited("validate-config", io, options, (audit) => {
        audit.read(`config ${file}`);
        const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
        const subject = subjectOf(validation, file);
        audit.decided(`${validation.set ? "valid" : "not valid"}: ${summarize(validation.findings)}`);
        for (const finding of validation.findings) audit.decided(`${finding.severity} ${finding.code} ${finding.path ?? ""} ${finding.message}`);
        const format = options.json ? "json" : (options.format ?? "text");
        if (format === "sarif") {
            io.out(JSON.stringify(findingsToSarif(validation.findings, packageVersion(), io.cwd), null, 2));
        } else if (format === "json") {
            io.out(JSON.stringify({ name: validation.config ? subject : null, valid: validation.set !== undefined, findings: findingsForJson(validation.findings, io.cwd) }, null, 2));
        } else {
            const colors = paint(io);
            const verdict = validation.set ? colors.green(`${file} is valid: security group set ${validation.set.setName}`) : colors.red(`${file} is not valid`);
            const body = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd, colors)}\n\n` : "";
            io.out(`${body}${verdict} (${summarize(validation.findings)})`);
        }
        return { code: validation.set ? EXIT.ok : EXIT.invalid, subject };
    });
}
