export { RuleAdapter } from "./adapter";
export { GroupHandles, GroupIndex, GroupLink, groupHandlesOf, groupLinkOf, indexGroups, moveInlineRulesFix, prefixListIdOf, ruleGroupKey } from "./native-links";
export { ADAPTERS, RuleSource, awsAddedEntriesOf, resourceRules, rulesOf } from "./registry";
export { AdaptedRule, Family } from "./rule-parts";
export { AWS_TYPES, GROUP_TYPES, NATIVE_TYPES, PREFIX_LIST_TYPES } from "./types";
