/**
 * sg-provisioner: tiered AWS security groups for Pulumi.
 *
 * The component is the Pulumi entry point; the pure functions (validation, planning, the rules
 * engine) are exported too, for programs and policy packs that work on plain data.
 */
export { TieredSecurityGroups, TieredSecurityGroupsArgs, TIERED_SECURITY_GROUPS_TYPE } from "./component/tiered-security-groups";
export * from "./config/types";
export { Finding, Severity, hasErrors } from "./rules/finding";
export { ExposurePolicy, DEFAULT_POLICY, RuleFinding, checkRule, opensAllPorts, CODES } from "./rules/checks";
export { INTERNET_SHARE, isInternet, publicShare } from "./rules/internet";
export { DATABASE_PORTS, ADMIN_PORTS } from "./rules/ports-catalog";
export { NormalizedRule, Direction, RuleOrigin, ruleKey, compareRules, describeRule, effectivePorts } from "./model/rule";
export { Peer, parseCidr, peerKey } from "./model/peer";
export { PortRange } from "./model/ports";
export { Protocol, parseProtocol } from "./model/protocol";
export { SecurityGroupSet, PlannedTier, VpcSource } from "./plan/model";
export { securityGroupSetName, tierParameterName, vpcParameterName } from "./plan/names";
export { Validation, ValidationOptions, validateConfigData, validateConfigFile } from "./plan/validate";
export { bundledScenariosDir, listScenarios, loadScenario } from "./scenarios/catalog";
export { formatFinding, formatFindings } from "./format/findings";
