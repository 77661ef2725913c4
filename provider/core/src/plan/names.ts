import { ConfigSpec } from "../config/types";

/** Tag every resource carries, so IAM conditions and audits can find what we manage. */
export const MANAGED_BY_TAG = { key: "ManagedBy", value: "sg-provisioner" } as const;
/**
 * Tag every resource carries with the name of the set it belongs to, so that one set's IAM policy
 * (create-policy) reaches that set's resources and no other set's. A test deployment's resources carry
 * the real set's name (see {@link TEST_DEPLOYMENT_TAG}).
 */
export const SET_TAG = "sg-provisioner:set";
/** Tag a test deployment's resources carry besides {@link SET_TAG}: the test deployment's own set name, `{set}-test-{suffix}`. */
export const TEST_DEPLOYMENT_TAG = "sg-provisioner:test-deployment";
/** What the component's own tag keys begin with; a config may not set any key that does, in any case. */
export const COMPONENT_TAG_PREFIX = "sg-provisioner:";
export const TIER_TAG = "Tier";
export const NAME_TAG = "Name";
/** Tag keys the component sets itself; a config may not set them (nor any key beginning with {@link COMPONENT_TAG_PREFIX}). */
export const RESERVED_TAG_KEYS: readonly string[] = [MANAGED_BY_TAG.key, SET_TAG, TIER_TAG, NAME_TAG];

/** `{client}-{environment}-{deployment}-{region}[-{workload}]-sg`, the name of the whole set. */
export function securityGroupSetName(config: Pick<ConfigSpec, "client" | "environment" | "deployment" | "region" | "workload">): string {
    const parts = [config.client, config.environment, config.deployment, config.region];
    if (config.workload) parts.push(config.workload);
    return `${parts.join("-")}-sg`;
}

/** A tier's group name (its `Name` tag, and the prefix AWS completes): `{set}-{tier}`. */
export function groupName(setName: string, tier: string): string {
    return `${setName}-${tier}`;
}

/** The `namePrefix` a tier's group is created with, `{set}-{tier}-`: AWS adds a suffix of its own (digits, no hyphen). */
export function groupNamePrefix(setName: string, tier: string): string {
    return `${groupName(setName, tier)}-`;
}

/** Whether `name` is the tier's group name as AWS completes it: the prefix, then a suffix without hyphens (`{set}-app-2-…` is tier app-2's). */
export function isTierGroupName(name: string, setName: string, tier: string): boolean {
    const prefix = groupNamePrefix(setName, tier);
    return name.startsWith(prefix) && !name.slice(prefix.length).includes("-");
}

/** Where a tier's group ID is published for downstream stacks. */
export function tierParameterName(setName: string, tier: string): string {
    return `/sg/${setName}/${tier}/SecurityGroupId`;
}

/** Where the VPC provisioner publishes a VPC's ID. */
export function vpcParameterName(vpcName: string): string {
    return `/vpc/${vpcName}/VPCId`;
}
