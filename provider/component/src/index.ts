/**
 * sg-provisioner: tiered AWS security groups for Pulumi.
 *
 * The component is the Pulumi entry point. The pure functions it stands on (validation, planning,
 * the rules engine) come from sg-provisioner-core and are exported here too, for programs that
 * work on plain data.
 */
export * from "sg-provisioner-core";
export { TieredSecurityGroups, TieredSecurityGroupsArgs, argsFromSource } from "./component/tiered-security-groups";
export { configError } from "./component/errors";
