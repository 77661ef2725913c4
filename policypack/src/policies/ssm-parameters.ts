import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { TIERED_SECURITY_GROUPS_TYPE, TIER_TAG, tierParameterName } from "sg-provisioner-core/rules-engine";
import { AWS_TYPES } from "../adapters";
import { isUnknown, resourceProps } from "../props";
import { explain } from "../report";

type Props = Record<string, unknown>;

const VALUE_PROPERTIES = ["insecureValue", "value"] as const;

/**
 * The parameters that publish each group: a parameter publishes a group when its value depends on
 * the group, or (values known) equals its ID. Indexed by the group's URN and by the ID, so that
 * finding a group's parameters does not read every parameter again for every group.
 */
function parameterIndex(parameters: readonly PolicyResource[]): (group: PolicyResource) => PolicyResource[] {
    const byDependency = new Map<string, Set<number>>();
    const byValue = new Map<string, Set<number>>();
    const add = (index: Map<string, Set<number>>, key: string, position: number) => {
        const positions = index.get(key);
        if (positions) positions.add(position);
        else index.set(key, new Set([position]));
    };
    parameters.forEach((parameter, position) => {
        const values = resourceProps(parameter);
        for (const property of VALUE_PROPERTIES) {
            for (const dependency of parameter.propertyDependencies[property] ?? []) add(byDependency, dependency.urn, position);
            const value = values[property];
            if (typeof value === "string") add(byValue, value, position);
        }
    });
    return (group) => {
        const id = resourceProps(group).id;
        const holdingId = typeof id === "string" ? (byValue.get(id) ?? []) : [];
        // In the stack's order, each parameter once, however it was found.
        const positions = new Set([...(byDependency.get(group.urn) ?? []), ...holdingId]);
        return [...positions].sort((a, b) => a - b).map((position) => parameters[position]);
    };
}

/** The path the component publishes a tier at, from the group's Name tag ("{set}-{tier}") and Tier tag. */
function expectedName(group: PolicyResource): string | undefined {
    const tags = resourceProps(group).tags as Props | undefined;
    const tier = tags?.[TIER_TAG];
    const name = tags?.Name;
    if (typeof tier !== "string" || typeof name !== "string" || !name.endsWith(`-${tier}`)) return undefined;
    return tierParameterName(name.slice(0, -tier.length - 1), tier);
}

/**
 * Mandatory: every group built by the TieredSecurityGroups component has its SSM parameter, at the
 * documented path. Downstream stacks find the group only through it.
 */
export const ssmParameters: StackValidationPolicy = {
    name: "tiered-security-groups-ssm-parameters",
    description: "Every security group built by sg-provisioner's TieredSecurityGroups publishes its ID in SSM at /sg/{set-name}/{tier}/SecurityGroupId.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const publishing = parameterIndex(args.resources.filter((resource) => resource.type === AWS_TYPES.ssmParameter));
        const groups = args.resources.filter((resource) => resource.type === AWS_TYPES.securityGroup && resource.parent?.type === TIERED_SECURITY_GROUPS_TYPE);
        for (const group of groups) {
            const expected = expectedName(group);
            const published = publishing(group);
            if (published.length === 0) {
                reportViolation(
                    explain(`security group ${group.name}`, {
                        message: `no SSM parameter publishes its ID${expected ? `; downstream stacks look for ${expected}` : ""}`,
                        fix: "restore the component's parameter: remove the transformation, alias or deletion that dropped it",
                        why: "downstream stacks find the group only through the parameter, and fail or attach to a stale group without it",
                    }),
                    group.urn,
                );
                continue;
            }
            const names = published.map((parameter) => resourceProps(parameter).name);
            // Other parameters may carry the ID too (a legacy path, a list of IDs); only a missing documented one is wrong.
            if (expected === undefined || names.some((name) => isUnknown(name) || name === expected)) continue;
            for (const parameter of published) {
                const name = resourceProps(parameter).name;
                reportViolation(
                    explain(`security group ${group.name}`, {
                        message: `its ID is published at ${JSON.stringify(name)} (parameter ${parameter.name}), not at ${expected}`,
                        fix: `publish it at ${expected}, the path downstream stacks read`,
                        why: "downstream stacks read the documented path; a parameter elsewhere leaves them without the group",
                    }),
                    parameter.urn,
                );
            }
        }
    },
};
