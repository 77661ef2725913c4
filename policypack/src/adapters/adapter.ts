import { AdaptedRule } from "./rule-parts";

/** Turns one resource shape's props into the core's rules. One adapter per shape; no checks here. */
export interface RuleAdapter {
    /** The Pulumi type token the adapter reads. */
    readonly type: string;
    /**
     * For a rule resource, the property naming its group by ID (`securityGroupId`, `groupId`); undefined for a
     * group's own inline rules.
     */
    readonly groupProperty: string | undefined;
    /**
     * For a rule resource that may name its group by name instead (AWS Native's `groupName`, in a
     * default VPC), that property; read when the resource leaves `groupProperty` unset.
     */
    readonly groupNameProperty?: string;
    /** Every rule the resource declares, from plain props (see `snapshot`). */
    adapt(props: Record<string, unknown>): AdaptedRule[];
    /**
     * For a group, the entries of its outputs (`securityGroupEgress[0]`) that AWS added by itself
     * rather than the program: rules AWS holds and counts, though no one wrote them.
     */
    awsAddedEntries?(props: Record<string, unknown>): string[];
}
