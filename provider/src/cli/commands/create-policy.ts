import { CommonOptions } from "../action";
import { Io } from "../io";

export interface PolicyOptions extends CommonOptions {
    readonly accountId?: string;
}

/** PLACEHOLDER until the IAM policy lands: replaced before commit. */
export function createPolicyCommand(_file: string, _options: PolicyOptions, _io: Io): Promise<number> {
    throw new Error("create-policy is being built");
}
