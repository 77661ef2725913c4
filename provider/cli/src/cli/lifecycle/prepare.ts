import { SecurityGroupSet, ValidationOptions } from "sg-provisioner-core";
import type { LifecycleStack, StackTarget } from "../../engine/automation";
import type { LifecycleEvent } from "../../report/changes";
import { ActionResult, CommonOptions, printInvalid, printProblems, subjectOf, validateLogged } from "../action";
import { AuditLog } from "../audit";
import { EXIT, Io } from "../io";
import { CONFIG_FILE_KEY, REGION_KEY, findProject, stackConfigFile } from "./project";

/** Options of the actions that run Pulumi. */
export interface LifecycleOptions extends CommonOptions {
    /** The stack; default: the set's name. */
    readonly stack?: string;
    /** Changes AWS without asking. */
    readonly force?: boolean;
    /** The Pulumi project; default: the nearest Pulumi.yaml at or above the working directory. */
    readonly projectDir?: string;
    /** The policy pack `up` enforces; default: the installed sg-provisioner-policy. */
    readonly policyPack?: string;
    /** test-deploy: leave the test stack deployed. */
    readonly keep?: boolean;
}

/** A valid config, the project that deploys it, and the stack it goes to. */
export interface Prepared {
    readonly file: string;
    readonly subject: string;
    readonly set: SecurityGroupSet;
    readonly target: StackTarget;
}

/** A failure that ends the action: its exit code, what to log, and what to tell the operator. */
export class Stop extends Error {
    constructor(
        readonly code: number,
        message: string,
        readonly fix?: string,
    ) {
        super(message);
    }
}

/**
 * Validates the config and finds the project and stack: everything an action needs before it
 * talks to AWS or Pulumi. Returns the action's result instead when it cannot go on.
 */
export function prepare(
    file: string,
    options: LifecycleOptions,
    io: Io,
    audit: AuditLog,
    extra: { readonly validation?: Omit<ValidationOptions, "scenariosDir">; readonly stackConfig?: Record<string, string> } = {},
): Prepared | ActionResult {
    if (options.scenariosDir !== undefined) {
        const message = "--scenarios-dir does not reach the Pulumi program, which reads the catalog bundled with the component";
        audit.decided(`refused: ${message}`);
        printProblems(io, options, null, [`sg-provisioner: ${message}`], "leave the option out; to deploy a scenario of your own, add it to the component package's catalog");
        return { code: EXIT.usage, subject: subjectOf({}, file) };
    }
    const checked = validateLogged(file, options, audit, extra.validation);
    const { validation, subject } = checked;
    if (!validation.set) {
        printInvalid(io, options, file, checked, "nothing was changed");
        return { code: EXIT.invalid, subject };
    }
    const project = findProject(io.cwd, options.projectDir);
    if (!project.ok) {
        audit.decided(`refused: ${project.message}`);
        printProblems(io, options, subject, [`sg-provisioner: ${project.message}`], project.fix);
        return { code: EXIT.usage, subject };
    }
    const set = validation.set;
    const stackName = options.stack ?? set.setName;
    audit.read(`Pulumi project ${project.dir}, stack ${stackName}`);
    return {
        file,
        subject,
        set,
        target: { projectDir: project.dir, stackName, config: { [REGION_KEY]: set.region, [CONFIG_FILE_KEY]: stackConfigFile(project.dir, file, io.cwd), ...extra.stackConfig } },
    };
}

export function isPrepared(value: Prepared | ActionResult): value is Prepared {
    return "set" in value;
}

/**
 * An engine-event handler that keeps every event for the reports and prints Pulumi's progress,
 * resource by resource, on standard error (standard output stays for the result).
 */
export async function streamed<T>(io: Io, run: (onEvent: (event: LifecycleEvent) => void) => Promise<T>): Promise<{ result: T; events: LifecycleEvent[] }> {
    const { progressLine } = await import("../../report/changes");
    const events: LifecycleEvent[] = [];
    const result = await run((event) => {
        events.push(event);
        const line = progressLine(event);
        if (line !== undefined) io.err(line);
    });
    return { result, events };
}

/** The stack's outputs when it exists, else `{}`; undefined stack when there is none. */
export async function existingStack(target: StackTarget, audit: AuditLog): Promise<{ stack?: LifecycleStack; outputs: Record<string, unknown> }> {
    const { LifecycleStack } = await import("../../engine/automation");
    try {
        const stack = await audit.step(`pulumi stack select ${target.stackName}`, () => LifecycleStack.open({ ...target, config: {} }, false));
        const outputs = await audit.step(`pulumi stack output ${target.stackName}`, () => stack.outputs());
        audit.read(`stack ${target.stackName}: ${Object.keys(outputs).length === 0 ? "no outputs (never deployed, or destroyed)" : "deployed"}`);
        return { stack, outputs };
    } catch (error) {
        if ((error as { kind?: string }).kind === "no-stack") {
            audit.read(`stack ${target.stackName} does not exist yet`);
            return { outputs: {} };
        }
        throw error;
    }
}

/** The group IDs by tier in a stack's outputs: what the stack owns in AWS. */
export function ownGroupIds(outputs: Record<string, unknown>): Record<string, string> {
    const ids = outputs.securityGroupIds;
    if (typeof ids !== "object" || ids === null) return {};
    return Object.fromEntries(Object.entries(ids).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
