/**
 * The lifecycle actions' only door to Pulumi: the Automation API over the project's own program
 * (a LocalWorkspace on the directory holding Pulumi.yaml), driving whatever `pulumi` CLI is on PATH
 * against whatever backend it is logged into.
 */
import { CommandError, EngineEvent, LocalWorkspace, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import type { LifecycleEvent } from "../report/changes";

/** The stack a lifecycle action works on, and the settings the program reads from it. */
export interface StackTarget {
    /** The directory with the project's Pulumi.yaml. */
    readonly projectDir: string;
    readonly stackName: string;
    /** Stack settings written before the operation (`sg-provisioner:configFile`, ...). */
    readonly config: Readonly<Record<string, string>>;
}

/** A Pulumi failure as one message a person can act on, never the CLI's whole output. */
export class PulumiFailure extends Error {
    constructor(
        message: string,
        readonly kind: "no-cli" | "no-stack" | "busy" | "failed",
    ) {
        super(message);
        this.name = "PulumiFailure";
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

function stderrOf(error: CommandError): string {
    const result = (error as unknown as { commandResult?: { stderr?: string } }).commandResult;
    return result?.stderr ?? error.message;
}

/** Turns whatever the Automation API threw into a {@link PulumiFailure}. */
export function pulumiFailure(error: unknown, doing: string): PulumiFailure {
    if (error instanceof PulumiFailure) return error;
    if (error instanceof StackNotFoundError) return new PulumiFailure(`${doing}: ${pulumiErrorText(stderrOf(error))}`, "no-stack");
    if (error instanceof CommandError) {
        const text = pulumiErrorText(stderrOf(error));
        return new PulumiFailure(`${doing}: ${text}`, error.name === "ConcurrentUpdateError" ? "busy" : "failed");
    }
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT") {
        return new PulumiFailure(`${doing}: the Pulumi CLI is not installed (no 'pulumi' on PATH); install it from https://www.pulumi.com/docs/install/`, "no-cli");
    }
    return new PulumiFailure(`${doing}: ${error instanceof Error ? error.message : String(error)}`, "failed");
}

async function guarded<T>(doing: string, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (error) {
        throw pulumiFailure(error, doing);
    }
}

type OnEvent = (event: LifecycleEvent) => void;

/** The engine's event, as the reports read it. */
function relay(onEvent: OnEvent): (event: EngineEvent) => void {
    return (event) => onEvent(event as LifecycleEvent);
}

/** One stack of the project, opened for the lifecycle actions. */
export class LifecycleStack {
    private constructor(
        private readonly stack: Stack,
        readonly name: string,
    ) {}

    /**
     * Opens the stack, creating it when `create` is set, and writes the target's settings. A stack
     * that must exist and does not is a `no-stack` failure.
     */
    static async open(target: StackTarget, create: boolean): Promise<LifecycleStack> {
        const args = { stackName: target.stackName, workDir: target.projectDir };
        const stack = await guarded(`opening stack ${target.stackName}`, () => (create ? LocalWorkspace.createOrSelectStack(args) : LocalWorkspace.selectStack(args)));
        const entries = Object.entries(target.config);
        if (entries.length > 0) {
            await guarded(`writing the settings of stack ${target.stackName}`, () =>
                stack.setAllConfig(Object.fromEntries(entries.map(([key, value]) => [key, { value, secret: false }]))),
            );
        }
        return new LifecycleStack(stack, target.stackName);
    }

    /** The stack's outputs, plain: `{}` for a stack never deployed. */
    async outputs(): Promise<Record<string, unknown>> {
        const outputs = await guarded(`reading the outputs of stack ${this.name}`, () => this.stack.outputs());
        return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    }

    /** `pulumi preview --diff`: nothing changes. */
    async preview(onEvent: OnEvent): Promise<void> {
        await guarded(`previewing stack ${this.name}`, () => this.stack.preview({ diff: true, onEvent: relay(onEvent) }));
    }

    /** `pulumi up` with the policy pack enforced. */
    async up(policyPack: string, onEvent: OnEvent): Promise<Record<string, unknown>> {
        await guarded(`deploying stack ${this.name}`, () => this.stack.up({ policyPacks: [policyPack], onEvent: relay(onEvent) }));
        return this.outputs();
    }

    /** `pulumi refresh --preview-only`: reads every resource from AWS, writes no state. */
    async previewRefresh(onEvent: OnEvent): Promise<void> {
        await guarded(`reading stack ${this.name}'s resources from AWS`, () => this.stack.previewRefresh({ onEvent: relay(onEvent) }));
    }

    /** `pulumi destroy`. */
    async destroy(onEvent: OnEvent): Promise<void> {
        await guarded(`destroying stack ${this.name}`, () => this.stack.destroy({ onEvent: relay(onEvent) }));
    }

    /** `pulumi stack rm`: the stack's history and settings go too. */
    async remove(): Promise<void> {
        await guarded(`removing stack ${this.name}`, () => this.stack.workspace.removeStack(this.name));
    }
}
