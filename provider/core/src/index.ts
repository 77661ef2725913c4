/**
 * sg-provisioner-core: the model, the rules engine, config and scenario validation and the plan, as
 * pure functions over plain data. No Pulumi SDK, no CLI: the component, the CLI and the policy pack
 * all stand on it.
 */
export * from "./rules/index";
export * from "./config/types";
export { RuleCount, RuleOverride, countRules, overrideOf } from "./model/rule";
export { stackOutputsErrors } from "./config/schema-check";
export { ProgramConfigInput, readProgramConfig } from "./config/program-config";
export { ConfigSource, configFileSource } from "./config/source";
export { displayFile, findingsForJson, formatFinding, formatFindings, locationOf, summarize } from "./format/findings";
export { errorAt } from "./rules/finding";
export { Isolation, SecurityGroupSet, PlannedTier, VpcSource } from "./plan/model";
export { ISOLATION_MARKER, ISOLATION_SUFFIX, isolatedSetName, isolationPrefix, owningSetName } from "./plan/isolation";
export {
    MANAGED_BY_TAG,
    NAME_TAG,
    SET_TAG,
    TEST_DEPLOYMENT_TAG,
    TIER_TAG,
    groupName,
    groupNamePrefix,
    isTierGroupName,
    securityGroupSetName,
    tierParameterName,
    vpcParameterName,
} from "./plan/names";
export { TIERED_SECURITY_GROUPS_TYPE } from "./component-type";
export { ScenarioTier, scenarioTiers } from "./plan/resolve";
export { GroupRef, ResourceSpec, ownershipTags, planResources } from "./plan/resources";
export { Validation, ValidationOptions, allFindings, scenarioSource, validateConfigData, validateConfigFile, validateConfigSource } from "./plan/validate";
export { LoadedScenario, catalogProblem, listScenarios, loadScenario, textScenarios } from "./scenarios/catalog";
export { bundledScenarios, bundledScenariosDir, directoryScenarios } from "./scenarios/directory";
export { Catalog, ScenarioSource } from "./scenarios/source";
export { PeerFields, PeerPlace, peerKey, peerLabel, peerPlace, peerReachesInternet, peerRuleFields } from "./model/peer";
export { own } from "./util/own";
export { FileRead, ReadProblem, notRegularFile, readRegularFile, readStandardInput } from "./util/read-file";
export {
    EXCERPT_LENGTH,
    PathSegment,
    compareText,
    describeCharacter,
    excerpt,
    formatPath,
    plural,
    printableJson,
    quote,
    terminalSafe,
    terminalSafeJson,
    terminalSafeLines,
} from "./util/text";
