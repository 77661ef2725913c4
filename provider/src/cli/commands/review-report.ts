import { CommonOptions } from "../action";
import { Io } from "../io";

export interface ReviewOptions extends CommonOptions {
    readonly templatesDir?: string;
}

/** PLACEHOLDER until the review report lands: replaced before commit. */
export function reviewReportCommand(_file: string, _options: ReviewOptions, _io: Io): Promise<number> {
    throw new Error("create-review-report is being built");
}
