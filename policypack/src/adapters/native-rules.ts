import { Direction, Peer } from "sg-provisioner-core/rules-engine";
import { UNKNOWN, isUnknown } from "../props";
import { RuleAdapter } from "./adapter";
import { AdaptedRule, PeerAt, adaptEntry, peers } from "./rule-parts";
import { NATIVE_TYPES } from "./types";

type Props = Record<string, unknown>;

/**
 * AWS Native (CloudFormation's schema) names the far end of a rule by direction: `source...` on
 * ingress, `destination...` on egress. Only ingress can name a group by name (default VPC).
 */
const PEER_FIELDS: Readonly<Record<Direction, { prefixList: string; group: string; groupName?: string }>> = {
    ingress: { prefixList: "sourcePrefixListId", group: "sourceSecurityGroupId", groupName: "sourceSecurityGroupName" },
    egress: { prefixList: "destinationPrefixListId", group: "destinationSecurityGroupId" },
};

/** The list property of `aws-native:ec2:SecurityGroup` holding each direction's inline rules. */
export const NATIVE_INLINE_LISTS: Readonly<Record<Direction, string>> = { ingress: "securityGroupIngress", egress: "securityGroupEgress" };

/**
 * The group peer of an entry. AWS Native has no `self`: a group refers to itself by its own ID, and
 * a refreshed group reads its members back that way. It is read as `self`, so it is one rule with
 * the classic provider's `self` and with a separate rule naming the group.
 */
function groupPeers(entry: string, direction: Direction, rule: Props, ownGroupId: unknown): PeerAt[] {
    const fields = PEER_FIELDS[direction];
    const byId = peers
        .group(entry, fields.group, rule[fields.group])
        .map((at) => (typeof ownGroupId === "string" && rule[fields.group] === ownGroupId ? { ...at, peer: Peer.self() } : at));
    // A group named both by ID and by name is one group; the ID wins. `sourceSecurityGroupOwnerId` only qualifies it.
    if (byId.length > 0 || !fields.groupName) return byId;
    return peers.group(entry, fields.groupName, rule[fields.groupName]);
}

/**
 * One AWS Native rule entry (an inline list item, or a whole `SecurityGroupIngress` /
 * `SecurityGroupEgress`) in the core's shape, one rule per peer it names. `ownGroupId` is the ID
 * of the group the entry belongs to, when known.
 */
export function adaptNativeEntry(entry: string, direction: Direction, rule: Props, ownGroupId: unknown): AdaptedRule[] {
    const fields = PEER_FIELDS[direction];
    return adaptEntry({ entry, direction, protocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, description: rule.description, protocolField: "ipProtocol" }, [
        ...peers.cidr(entry, "cidrIp", rule.cidrIp, "ipv4"),
        ...peers.cidr(entry, "cidrIpv6", rule.cidrIpv6, "ipv6"),
        ...peers.prefixList(entry, fields.prefixList, rule[fields.prefixList]),
        ...groupPeers(entry, direction, rule, ownGroupId),
    ]);
}

/** An entry (or the whole list) unknown during preview: anything, from anywhere, on either family, as for the classic provider. */
function unknownEntry(entry: string, direction: Direction): AdaptedRule[] {
    return adaptNativeEntry(entry, direction, { ipProtocol: UNKNOWN, fromPort: UNKNOWN, toPort: UNKNOWN, description: UNKNOWN, cidrIp: UNKNOWN, cidrIpv6: UNKNOWN }, undefined);
}

function inlineRules(props: Props, direction: Direction): AdaptedRule[] {
    const list = NATIVE_INLINE_LISTS[direction];
    const entries = props[list];
    if (isUnknown(entries)) return unknownEntry(list, direction);
    if (!Array.isArray(entries)) return [];
    return entries.flatMap((item, index) => {
        const entry = `${list}[${index}]`;
        return isUnknown(item) ? unknownEntry(entry, direction) : adaptNativeEntry(entry, direction, (item ?? {}) as Props, props.groupId);
    });
}

/**
 * AWS's default egress rule as CloudControl reads it back: every protocol to `0.0.0.0/0`, with no
 * description. EC2 gives it to every new group, and CloudFormation removes it only when the group
 * is created with inline egress rules; separate `SecurityGroupEgress` resources leave it in place.
 * So once a group is read back (after `pulumi up`, after `pulumi refresh`), its
 * `securityGroupEgress` output holds it though the program set none (pulumi/pulumi-aws-native#1592).
 * Only this exact entry: ports, when reported, may only be -1 (they mean nothing for protocol -1);
 * any other field, a description, or an IPv6 or narrower peer makes it a rule someone wrote. And
 * only once the group is read back (its `groupId` known): before that, in the first preview, the
 * outputs are the program's own inputs, so such an entry there is one the program wrote.
 */
const AWS_DEFAULT_EGRESS: Readonly<Record<string, (value: unknown) => boolean>> = {
    ipProtocol: (value) => value === "-1" || value === -1,
    cidrIp: (value) => value === "0.0.0.0/0",
    description: (value) => value === "",
    fromPort: (value) => value === -1,
    toPort: (value) => value === -1,
};

function isAwsDefaultEgress(entry: unknown): boolean {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return false;
    const fields = Object.entries(entry).filter(([, value]) => value !== undefined && value !== null);
    const written = new Set(fields.map(([field]) => field));
    return written.has("ipProtocol") && written.has("cidrIp") && fields.every(([field, value]) => AWS_DEFAULT_EGRESS[field]?.(value) ?? false);
}

/** `securityGroupIngress` / `securityGroupEgress` lists of `aws-native:ec2:SecurityGroup`. */
export const nativeSecurityGroupAdapter: RuleAdapter = {
    type: NATIVE_TYPES.securityGroup,
    groupProperty: undefined,
    adapt: (props) => [...inlineRules(props, "ingress"), ...inlineRules(props, "egress")],
    awsAddedEntries: (props) => {
        const list = NATIVE_INLINE_LISTS.egress;
        const entries = props[list];
        if (typeof props.groupId !== "string" || props.groupId === "" || !Array.isArray(entries)) return [];
        return entries.flatMap((entry, index) => (isAwsDefaultEgress(entry) ? [`${list}[${index}]`] : []));
    },
};

/**
 * `aws-native:ec2:SecurityGroupIngress` / `SecurityGroupEgress`: one entry, one peer, per resource,
 * on the group `groupId` names (or, for ingress in a default VPC, `groupName`).
 */
function nativeRuleAdapter(type: string, direction: Direction, groupNameProperty?: string): RuleAdapter {
    return { type, groupProperty: "groupId", groupNameProperty, adapt: (props) => adaptNativeEntry("", direction, props, props.groupId) };
}

export const nativeIngressAdapter = nativeRuleAdapter(NATIVE_TYPES.securityGroupIngress, "ingress", "groupName");
export const nativeEgressAdapter = nativeRuleAdapter(NATIVE_TYPES.securityGroupEgress, "egress");
