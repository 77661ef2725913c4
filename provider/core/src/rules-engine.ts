/**
 * `sg-provisioner-core/rules-engine`: the rules engine and its model, and the names the component
 * gives what it builds. All that a tool judging resources written elsewhere needs (the policy
 * pack), without what the package's index also loads: config and scenario validation, the YAML
 * parser, the planner. A policy pack is started for every preview and update, and loads this alone.
 */
export * from "./rules/index";
export { TIERED_SECURITY_GROUPS_TYPE } from "./component-type";
export { TIER_TAG, tierParameterName } from "./plan/names";
