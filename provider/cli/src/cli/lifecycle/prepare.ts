import { SecurityGroupSet, ValidationOptions } from "sg-provisioner-core";
import type { StackTarget } from "../../engine/automation";
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
    /** The policy pack preview and up enforce; default: the installed sg-provisioner-policy. */
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

/** What ends an action: its exit code, what went wrong and what to do. */
export class Stop extends Error {
    constructor(
        readonly code: number,
        message: string,
        readonly fix: string,
    ) {
        super(message);
        this.name = "Stop";
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
