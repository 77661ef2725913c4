import { DescribeSecurityGroupsRequest, EC2Client, IpPermission, SecurityGroup, paginateDescribeSecurityGroups } from "@aws-sdk/client-ec2";
import { AwsTimeouts, callOptions } from "./client-config";
import { AwsProblem, describeAwsError } from "./errors";
import { GroupIds, groupLabel, tiersByGroup } from "./group-tiers";

/** Which of the groups asked about this account and region can see, and which it cannot, each in the order asked. */
export type VisibleGroupsResult =
    { readonly ok: true; readonly found: readonly string[]; readonly missing: readonly string[] } | { readonly ok: false; readonly problem: AwsProblem };

/** inbound: the other group's ingress rule allows traffic from our group; outbound: its egress rule allows traffic to it. */
export type ReferenceDirection = "inbound" | "outbound";

/** One of the set's groups named in a rule of a group outside the set. */
export interface GroupReference {
    readonly direction: ReferenceDirection;
    readonly groupId: string;
    /** Present when the caller named the tiers. */
    readonly tier?: string;
}

/** A group outside the set whose rules name one of the set's groups: while it does, EC2 refuses to delete that group (DependencyViolation). */
export interface ReferencingGroup {
    readonly groupId: string;
    /** "" when EC2 gave none. */
    readonly groupName: string;
    /** "" when EC2 gave none. */
    readonly vpcId: string;
    /** Inbound first, then outbound; within each, the set's groups in the order the caller gave them. */
    readonly references: readonly GroupReference[];
    /** For people: `sg-0abc (billing-api) allows inbound from db: sg-0123`. */
    readonly line: string;
}

export type ReferencingResult = { readonly ok: true; readonly groups: readonly ReferencingGroup[] } | { readonly ok: false; readonly problem: AwsProblem };

/** EC2's answer when any group ID in the request does not exist for this account and region; it fails the whole request. */
const NOT_FOUND = "InvalidGroup.NotFound";

/** The filter that finds groups whose rules name a group, per direction (DescribeSecurityGroups in the EC2 API reference). */
const FILTERS: Readonly<Record<ReferenceDirection, string>> = { inbound: "ip-permission.group-id", outbound: "egress.ip-permission.group-id" };
const DIRECTIONS: readonly ReferenceDirection[] = ["inbound", "outbound"];

type Timeouts = { readonly timeouts?: AwsTimeouts };

/** Every group DescribeSecurityGroups answers, over all pages. Throws what the SDK throws. */
async function describeGroups(input: DescribeSecurityGroupsRequest, client: EC2Client, timeouts: AwsTimeouts | undefined, pageSize?: number): Promise<SecurityGroup[]> {
    const groups: SecurityGroup[] = [];
    const pages = paginateDescribeSecurityGroups({ client, ...(pageSize ? { pageSize } : {}) }, input, callOptions(timeouts));
    for await (const page of pages) groups.push(...(page.SecurityGroups ?? []));
    return groups;
}

async function problemOf(error: unknown, groupIds: readonly string[], client: EC2Client, timeouts: AwsTimeouts | undefined): Promise<AwsProblem> {
    const region = await client.config.region().catch(() => undefined);
    return describeAwsError(error, { action: "ec2:DescribeSecurityGroups", resource: `groups ${groupIds.join(", ")}`, region, timeouts });
}

function isNotFound(error: unknown): boolean {
    return error instanceof Error && error.name === NOT_FOUND;
}

function idsOf(groups: readonly SecurityGroup[]): string[] {
    return groups.flatMap((group) => (group.GroupId ? [group.GroupId] : []));
}

function split(groupIds: readonly string[], seen: ReadonlySet<string>): VisibleGroupsResult {
    return { ok: true, found: groupIds.filter((id) => seen.has(id)), missing: groupIds.filter((id) => !seen.has(id)) };
}

/**
 * Which of the groups this account and region can see (DescribeSecurityGroups by ID). A group it
 * cannot see was deleted outside Pulumi, or the credentials or region are not the stack's: either
 * way DescribeNetworkInterfaces would find nothing using it and wrongly say the group is free.
 * EC2 fails the whole request when any ID is missing, so then each ID is asked alone; its message
 * is not parsed. No groups, no call. Never throws: an SDK error comes back as a problem.
 */
export async function visibleGroups(groupIds: readonly string[], client: EC2Client, options: Timeouts = {}): Promise<VisibleGroupsResult> {
    const ids = [...new Set(groupIds)];
    if (ids.length === 0) return { ok: true, found: [], missing: [] };
    try {
        const groups = await describeGroups({ GroupIds: ids }, client, options.timeouts);
        return split(ids, new Set(idsOf(groups)));
    } catch (error) {
        if (!isNotFound(error)) return { ok: false, problem: await problemOf(error, ids, client, options.timeouts) };
        if (ids.length === 1) return { ok: true, found: [], missing: ids };
    }
    const seen = new Set<string>();
    for (const id of ids) {
        try {
            for (const found of idsOf(await describeGroups({ GroupIds: [id] }, client, options.timeouts))) seen.add(found);
        } catch (error) {
            if (!isNotFound(error)) return { ok: false, problem: await problemOf(error, [id], client, options.timeouts) };
        }
    }
    return split(ids, seen);
}

/** The set's group IDs that the rules name, in the set's order. */
function named(permissions: readonly IpPermission[] | undefined, tierOf: ReadonlyMap<string, string | undefined>): string[] {
    const ids = new Set((permissions ?? []).flatMap((permission) => (permission.UserIdGroupPairs ?? []).map((pair) => pair.GroupId)));
    return [...tierOf.keys()].filter((id) => ids.has(id));
}

function referencesOf(group: SecurityGroup, tierOf: ReadonlyMap<string, string | undefined>): GroupReference[] {
    const rules: Record<ReferenceDirection, IpPermission[] | undefined> = { inbound: group.IpPermissions, outbound: group.IpPermissionsEgress };
    return DIRECTIONS.flatMap((direction) =>
        named(rules[direction], tierOf).map((groupId) => {
            const tier = tierOf.get(groupId);
            return tier === undefined ? { direction, groupId } : { direction, groupId, tier };
        }),
    );
}

const PHRASES: Readonly<Record<ReferenceDirection, string>> = { inbound: "inbound from", outbound: "outbound to" };

function lineOf(groupId: string, groupName: string, references: readonly GroupReference[]): string {
    const parts = DIRECTIONS.flatMap((direction) => {
        const labels = references.filter((reference) => reference.direction === direction).map((reference) => groupLabel(reference.groupId, reference.tier));
        return labels.length > 0 ? [`${PHRASES[direction]} ${labels.join(", ")}`] : [];
    });
    return `${groupId}${groupName ? ` (${groupName})` : ""} allows ${parts.join(" and ")}`;
}

function referencingGroup(group: SecurityGroup, tierOf: ReadonlyMap<string, string | undefined>): ReferencingGroup | undefined {
    const references = referencesOf(group, tierOf);
    if (references.length === 0) return undefined;
    const groupId = group.GroupId ?? "";
    const groupName = group.GroupName ?? "";
    return { groupId, groupName, vpcId: group.VpcId ?? "", references, line: lineOf(groupId, groupName, references) };
}

/**
 * The groups outside the set whose inbound or outbound rules name one of the set's groups, each
 * with what it names: EC2 refuses to delete a group another group's rule references. References
 * between the set's own groups are left out, since they go with the set. `groupIds` is a list of
 * group IDs, or tier names to group IDs (the lines then name the tiers). One DescribeSecurityGroups
 * per direction, over all pages; no groups, no call. Sorted by group ID. Never throws.
 */
export async function groupsReferencing(groupIds: GroupIds, client: EC2Client, options: Timeouts = {}): Promise<ReferencingResult> {
    const tierOf = tiersByGroup(groupIds);
    const ids = [...tierOf.keys()];
    if (ids.length === 0) return { ok: true, groups: [] };
    const byId = new Map<string, SecurityGroup>();
    try {
        for (const direction of DIRECTIONS) {
            const filter = { Name: FILTERS[direction], Values: ids };
            for (const group of await describeGroups({ Filters: [filter] }, client, options.timeouts, 1000)) if (group.GroupId) byId.set(group.GroupId, group);
        }
    } catch (error) {
        return { ok: false, problem: await problemOf(error, ids, client, options.timeouts) };
    }
    const groups = [...byId.values()]
        .filter((group) => !tierOf.has(group.GroupId ?? ""))
        .flatMap((group) => referencingGroup(group, tierOf) ?? [])
        .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
    return { ok: true, groups };
}
