/**
 * How a Pulumi operation failed, as the lifecycle actions weigh it. Here, apart from the engine, so
 * that the commands can tell one with `instanceof` without loading the Pulumi SDK.
 */
export type PulumiFailureKind = "no-cli" | "no-stack" | "exists" | "busy" | "failed";

/** A Pulumi failure as one message a person can act on, never the CLI's whole output. */
export class PulumiFailure extends Error {
    constructor(
        message: string,
        readonly kind: PulumiFailureKind,
    ) {
        super(message);
        this.name = "PulumiFailure";
    }

    /** What to do about it. */
    get fix(): string {
        switch (this.kind) {
            case "no-cli":
                return "install the Pulumi CLI (https://www.pulumi.com/docs/install/) and log in to a backend (pulumi login --local for a first run)";
            case "busy":
                return "another update of this stack is running: wait for it, or run pulumi cancel if it died";
            case "no-stack":
                return "check the stack name (--stack) and the backend you are logged in to (pulumi whoami -v)";
            case "exists":
                return "choose another stack name";
            case "failed":
                return "read Pulumi's messages above; run the action again with --verbose to see each step";
        }
    }
}

/**
 * The lines of the CLI's standard error that say what went wrong: its `error:` lines when it has
 * any, else its last non-empty lines.
 */
export function pulumiErrorText(stderr: string): string {
    const lines = stderr
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "");
    const errors = lines.filter((line) => /^error:/i.test(line));
    return (errors.length > 0 ? errors : lines.slice(-3)).join("; ") || "no message";
}
