/**
 * sg-provisioner: tiered AWS security groups for Pulumi.
 *
 * The component is the Pulumi entry point; the pure functions (validation, planning, the rules
 * engine) are exported too, for programs and policy packs that work on plain data.
 */
export { TieredSecurityGroups, TieredSecurityGroupsArgs, argsFromSource } from "./component/tiered-security-groups";
export { RuleCount } from "./model/rule";
export * from "./config/types";
export * from "./rules/index";
export { SecurityGroupSet, PlannedTier, VpcSource } from "./plan/model";
export { securityGroupSetName, vpcParameterName } from "./plan/names";
export { ConfigSource, Validation, ValidationOptions, configFileSource, validateConfigData, validateConfigFile, validateConfigSource } from "./plan/validate";
export { bundledScenariosDir, listScenarios, loadScenario } from "./scenarios/catalog";
export { formatFinding, formatFindings } from "./format/findings";
export { configError } from "./component/errors";
export { ProgramConfigInput, readProgramConfig } from "./config/program-config";
