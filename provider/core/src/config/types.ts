/**
 * The shapes of the user's files, exactly as the JSON schemas admit them. Field names follow the
 * YAML (snake_case): they are the user's contract. Interfaces, not unions, so that Pulumi's
 * component analyzer can turn them into a multi-language schema.
 */

/** One rule as written in a config or scenario. Exactly one peer key must be set. */
export interface RuleSpec {
    /** tcp, udp, icmp, icmpv6 or all. */
    protocol: string;
    /** A single port, 1-65535. TCP and UDP need this or `port_range`. */
    port?: number;
    /** An inclusive range such as "8000-8100". */
    port_range?: string;
    /** icmp and icmpv6 only: the one ICMP type the rule allows, 0-255 (8: echo request). Absent: every type. */
    icmp_type?: number;
    /** With icmp_type only: the one code of that type, 0-255 (4 with type 3: fragmentation needed). Absent: every code. */
    icmp_code?: number;
    /** Ingress peer: an IPv4 or IPv6 CIDR block. */
    source?: string;
    /** Ingress peer: another tier of the same set. */
    source_tier?: string;
    /** Ingress peer: a managed prefix list ID (pl-...). */
    source_prefix_list?: string;
    /** Egress peer: an IPv4 or IPv6 CIDR block. */
    destination?: string;
    /** Egress peer: another tier of the same set. */
    destination_tier?: string;
    /** Egress peer: a managed prefix list ID (pl-...). */
    destination_prefix_list?: string;
    /** Peer: members of the same security group. */
    self?: boolean;
    /** Why the rule exists. Required. */
    description?: string;
}

/** A scenario rule may take its port from a tier's service port, so that port overrides reach it. */
export interface ScenarioRuleSpec extends RuleSpec {
    tier_port?: string;
}

export interface TierOverrideSpec {
    /** Extra inbound rules for the tier. */
    ingress?: RuleSpec[];
    /** Extra outbound rules for the tier. */
    egress?: RuleSpec[];
}

export interface OverridesSpec {
    /** New service ports by tier; each replaces the tier's port everywhere the scenario uses it. */
    ports?: { [tier: string]: number };
    /** Extra rules by tier. */
    tiers?: { [tier: string]: TierOverrideSpec };
}

export interface VpcSpec {
    /** The VPC's name; its ID is read from SSM at /vpc/{name}/VPCId. */
    name?: string;
    /** The VPC's ID, used as given. */
    id?: string;
}

/** The config file: one security group set. */
export interface ConfigSpec {
    client: string;
    environment: string;
    deployment: string;
    region: string;
    /** Optional discriminator for several sets in one environment. */
    workload?: string;
    vpc: VpcSpec;
    /** A scenario name from the catalog, such as three-tier-postgres. */
    scenario: string;
    overrides?: OverridesSpec;
    /** Tags for every resource, on top of ManagedBy and Tier. */
    tags?: { [key: string]: string };
}

export interface TierSpec {
    description: string;
    service_port: number;
    ingress: ScenarioRuleSpec[];
    egress: ScenarioRuleSpec[];
}

export interface ScenarioSpec {
    name: string;
    description: string;
    tiers: { [tier: string]: TierSpec };
}
