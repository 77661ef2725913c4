import * as path from "node:path";
import { SecurityGroupSet, groupName } from "sg-provisioner-core";
import type { DeployedGroup } from "../../operations/state";
import { CONFIG_FILE_KEY, INLINE_SET_KEY, ISOLATION_KEY } from "./project";

/** What a stack already is: its settings, its outputs and the groups its state holds. */
export interface StackFacts {
    readonly stackName: string;
    readonly projectDir: string;
    readonly settings: Readonly<Record<string, string>>;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly groups: readonly DeployedGroup[];
}

/** Why a stack is not the one to run a config's action on, each with what to do. */
export interface BindingProblem {
    readonly message: string;
    readonly fix: string;
}

/**
 * Whether a setting holds a value: `pulumi config` lists the project's defaults too (Pulumi.yaml
 * declares `""` and `{}`), which say nothing about the stack.
 */
function isSet(value: string | undefined): value is string {
    return value !== undefined && !["", "{}", "null"].includes(value.trim());
}

function sameFile(projectDir: string, a: string, b: string): boolean {
    return path.resolve(projectDir, a) === path.resolve(projectDir, b);
}

/**
 * Whether `facts` is the stack of `set`, so that an action cannot deploy one set over another's
 * stack, nor destroy another set, whatever `--stack` says: the stack's outputs and the Name tags of
 * the groups in its state must name this set; a test stack (isolation suffix set) is only for
 * test-deploy; and a stack that takes its set inline is left to `pulumi up`, since writing a config
 * file beside it would make the program refuse both (SG044).
 */
export function bindingProblems(set: SecurityGroupSet, file: string, configSetting: string, facts: StackFacts): BindingProblem[] {
    const problems: BindingProblem[] = [];
    const stack = facts.stackName;
    if (isSet(facts.settings[INLINE_SET_KEY])) {
        problems.push({
            message: `stack ${stack} takes its set inline (${INLINE_SET_KEY} in Pulumi.${stack}.yaml), not from a config file`,
            fix: `run pulumi preview / pulumi up on that stack, or remove ${INLINE_SET_KEY} from it to manage it from ${file}`,
        });
    }
    const suffix = facts.settings[ISOLATION_KEY];
    const isolated = set.isolation !== undefined;
    if (!isolated && isSet(suffix)) {
        problems.push({
            message: `stack ${stack} is a test deployment (${ISOLATION_KEY} is ${suffix}), not the set's own stack`,
            fix: `remove it with: pulumi destroy --stack ${stack} --yes && pulumi stack rm ${stack} --yes; or pass the set's own stack with --stack`,
        });
    }
    const deployedSet = facts.outputs.setName;
    if (typeof deployedSet === "string" && deployedSet !== set.setName) {
        problems.push({
            message: `stack ${stack} holds set ${deployedSet}, but ${file} describes ${set.setName}`,
            fix: `pass the stack of ${set.setName} with --stack, or leave --stack out`,
        });
    }
    const foreign = facts.groups.filter((group) => !belongsTo(group, set));
    if (foreign.length > 0) {
        problems.push({
            message: `stack ${stack} holds security groups of another set: ${foreign.map((group) => group.name ?? group.id).join(", ")} (${file} describes ${set.setName})`,
            fix: `pass the stack of ${set.setName} with --stack, or leave --stack out`,
        });
    }
    const recorded = facts.settings[CONFIG_FILE_KEY];
    if (deployedSet === undefined && facts.groups.length === 0 && isSet(recorded) && !sameFile(facts.projectDir, recorded, configSetting)) {
        problems.push({
            message: `stack ${stack} is set up for ${recorded}, not ${file}`,
            fix: `pass the stack of ${file} with --stack, or remove the stack (pulumi stack rm ${stack}) if it is a leftover`,
        });
    }
    return problems;
}

/** A group is the set's when its Name tag is the name the set gives that tier's group (test sets included). */
function belongsTo(group: DeployedGroup, set: SecurityGroupSet): boolean {
    return group.tier !== undefined && group.name === groupName(set.setName, group.tier);
}
