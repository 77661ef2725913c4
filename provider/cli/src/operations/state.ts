/** What a stack's state (`pulumi stack export`) says the set has in AWS. */

/** A resource of the state, as the lifecycle actions read it. */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Readonly<Record<string, unknown>>;
    readonly outputs?: Readonly<Record<string, unknown>>;
}

/** A security group the stack holds: the one list of groups to check before deleting anything. */
export interface DeployedGroup {
    readonly urn: string;
    readonly id: string;
    /** The tier, from the group's Tier tag. */
    readonly tier?: string;
    /** The group's Name tag: `{set}-{tier}` for a group of sg-provisioner's. */
    readonly name?: string;
    /** The region the provider created it in. */
    readonly region?: string;
}

export const SECURITY_GROUP_TYPE = "aws:ec2/securityGroup:SecurityGroup";

function text(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The security groups in a stack's state, created or not yet in outputs: after a failed first
 * `up`, the state can hold groups that the stack's outputs do not name.
 */
export function groupsInState(resources: readonly StateResource[]): DeployedGroup[] {
    return resources.flatMap((resource) => {
        const id = text(resource.id);
        if (resource.type !== SECURITY_GROUP_TYPE || !id) return [];
        const fields = { ...resource.inputs, ...resource.outputs };
        const tags = fields.tags;
        const tagged = typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>) : {};
        const tier = text(tagged.Tier);
        const name = text(tagged.Name);
        const region = text(fields.region);
        return [{ urn: resource.urn, id, ...(tier ? { tier } : {}), ...(name ? { name } : {}), ...(region ? { region } : {}) }];
    });
}

/** The group IDs by tier, for the preflight: every group of the state whose tier is known. */
export function groupIdsByTier(groups: readonly DeployedGroup[]): Record<string, string> {
    return Object.fromEntries(groups.flatMap((group) => (group.tier ? [[group.tier, group.id]] : [])));
}
