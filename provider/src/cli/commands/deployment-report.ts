import { CommonOptions } from "../action";
import { Io } from "../io";

export interface DeploymentOptions extends CommonOptions {
    /** A file with `pulumi stack output --json`; standard input when absent or "-". */
    readonly outputs?: string;
}

/** PLACEHOLDER until the deployment report lands: replaced before commit. */
export function deploymentReportCommand(_file: string, _options: DeploymentOptions, _io: Io): Promise<number> {
    throw new Error("deployment-report is being built");
}
