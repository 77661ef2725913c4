/** A set's groups as a caller names them: a list of group IDs, or tier names to group IDs. */
export type GroupIds = readonly string[] | Readonly<Record<string, string>>;

/** Tier names by group ID, in the order given; a plain list of IDs names no tiers. */
export function tiersByGroup(groupIds: GroupIds): Map<string, string | undefined> {
    if (Array.isArray(groupIds)) return new Map(groupIds.map((id: string) => [id, undefined]));
    return new Map(Object.entries(groupIds).map(([tier, id]) => [id, tier]));
}

/** `db: sg-0123` when the caller named the tier, else the group ID alone. */
export function groupLabel(groupId: string, tier: string | undefined): string {
    return tier ? `${tier}: ${groupId}` : groupId;
}
