import { findingsForJson, formatFindings, summarize } from "../../format/findings";
import { securityGroupSetName } from "../../plan/names";
import { validateConfigFile } from "../../plan/validate";
import { EXIT, Io } from "../io";

export interface CommonOptions {
    readonly json?: boolean;
    readonly scenariosDir?: string;
}

/** `validate-config`: the validation alone. Loads nothing from the Pulumi SDK. */
export function validateCommand(file: string, options: CommonOptions, io: Io): number {
    const validation = validateConfigFile(file, { scenariosDir: options.scenariosDir });
    if (options.json) {
        const name = validation.config ? securityGroupSetName(validation.config) : null;
        io.out(JSON.stringify({ name, valid: validation.set !== undefined, findings: findingsForJson(validation.findings, io.cwd) }, null, 2));
    } else {
        const verdict = validation.set ? `${file} is valid: security group set ${validation.set.setName}` : `${file} is not valid`;
        const body = validation.findings.length > 0 ? `${formatFindings(validation.findings, io.cwd)}\n\n` : "";
        io.out(`${body}${verdict} (${summarize(validation.findings)})`);
    }
    return validation.set ? EXIT.ok : EXIT.invalid;
}
