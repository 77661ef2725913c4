import { findingsForJson, formatFindings, summarize } from "sg-provisioner-core";
import { findingsToSarif } from "../../format/sarif";
import { CommonOptions, audited, validateLogged } from "../action";
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
        const { validation, subject } = validateLogged(file, options, audit);
        const format = options.json ? "json" : (options.format ?? "text");
        if (format === "sarif") {
            io.out(JSON.stringify(findingsToSarif(validation.findings, packageVersion(), io.cwd), null, 2));
        } else if (format === "json") {
            io.out(
                JSON.stringify({ name: validation.config ? subject : null, valid: validation.set !== undefined, findings: findingsForJson(validation.findings, io.cwd) }, null, 2),
            );
        } else {
            const colors = paint(io);
            const verdict = validation.set ? colors.green(`${file} is valid: security group set ${validation.set.setName}`) : colors.red(`${file} is not valid`);
            const body = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd, colors)}\n\n` : "";
            io.out(`${body}${verdict} (${summarize(validation.findings)})`);
        }
        return { code: validation.set ? EXIT.ok : EXIT.invalid, subject };
    });
}
