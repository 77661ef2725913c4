import { findingsForJson, formatFindings, plural, summarize } from "sg-provisioner-core";
import { CommonOptions, validateLogged } from "../action";
import { ConfigCommand, OutputFormat, Tally, runConfigs } from "../batch";
import { EXIT, Io } from "../io";
import { paint } from "../paint";

export type { OutputFormat } from "../batch";

export interface ValidateOptions extends CommonOptions {
    readonly format?: OutputFormat;
}

/** `validate-config`: the validation alone, of one config or many. Loads nothing from the Pulumi SDK. */
export function validateCommand(configs: string | readonly string[], options: ValidateOptions, io: Io): Promise<number> {
    const colors = paint(io);
    const command: ConfigCommand = {
        action: "validate-config",
        headed: false,
        one: (file, audit, maxFindings) => {
            const { validation, subject } = validateLogged(file, options, audit, { maxFindings });
            const verdict = validation.set ? colors.green(`${file} is valid: security group set ${validation.set.setName}`) : colors.red(`${file} is not valid`);
            const body = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd, colors)}\n\n` : "";
            return {
                code: validation.set ? EXIT.ok : EXIT.invalid,
                subject,
                valid: validation.set !== undefined,
                findings: validation.findings,
                json: { name: validation.config ? subject : null, valid: validation.set !== undefined, findings: findingsForJson(validation.findings, io.cwd) },
                text: `${body}${verdict} (${summarize(validation.findings)})`,
            };
        },
        summary: (tally: Tally) => `validated ${plural(tally.configs, "config")}: ${tally.valid} valid, ${tally.configs - tally.valid} not valid (${tally.findings})`,
    };
    return runConfigs(command, typeof configs === "string" ? [configs] : configs, options, io);
}
