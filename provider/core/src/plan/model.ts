import { NormalizedRule } from "../model/rule";

export type VpcSource = { readonly kind: "id"; readonly id: string } | { readonly kind: "ssm"; readonly name: string; readonly parameter: string };

export interface PlannedTier {
    readonly name: string;
    readonly description: string;
    /** The tier's service port after overrides. */
    readonly servicePort: number;
    /** When a port override changed the service port: the override's field path and the scenario's port. */
    readonly servicePortOverride?: { readonly path: string; readonly replacedPort: number };
    /** Rules in the stable order of {@link compareRules}. */
    readonly rules: readonly NormalizedRule[];
    /** The SSM parameter that publishes the tier's group ID. */
    readonly parameterName: string;
}

/** What a test deployment's set keeps of the real one, for reports: its name and the suffix. */
export interface Isolation {
    /** The real set's name. */
    readonly of: string;
    /** The suffix of `{set}-test-{suffix}`. */
    readonly suffix: string;
}

/**
 * Everything the component builds, as plain data: the output of validation and the only input of
 * the Pulumi layer.
 */
export interface SecurityGroupSet {
    /** The name every AWS name derives from: the real set's, or `{set}-test-{suffix}` for a test deployment. */
    readonly setName: string;
    /** Only for a test deployment: the real set's name and the suffix. */
    readonly isolation?: Isolation;
    readonly region: string;
    readonly vpc: VpcSource;
    readonly scenario: { readonly name: string; readonly description: string };
    /** The config's tags; the component adds ManagedBy, Tier and Name. */
    readonly tags: Readonly<Record<string, string>>;
    readonly tiers: readonly PlannedTier[];
}
