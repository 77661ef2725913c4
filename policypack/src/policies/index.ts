import { Policies } from "@pulumi/policy";
import { broadCidrDatabasePorts } from "./broad-cidr-database-ports";
import { combinedExposure } from "./combined-exposure";
import { internetAdminPorts } from "./internet-admin-ports";
import { internetDatabasePorts } from "./internet-database-ports";
import { internetPortsAllowlist } from "./internet-ports-allowlist";
import { mixedRuleStyles } from "./mixed-rule-styles";
import { ruleDescriptions } from "./rule-descriptions";
import { ruleQuota } from "./rule-quota";
import { ssmParameters } from "./ssm-parameters";
import { undecidedExposure } from "./undecided-exposure";
import { withExemptions } from "../with-exemptions";

export {
    broadCidrDatabasePorts,
    combinedExposure,
    internetAdminPorts,
    internetDatabasePorts,
    internetPortsAllowlist,
    mixedRuleStyles,
    ruleDescriptions,
    ruleQuota,
    ssmParameters,
    undecidedExposure,
};

/** Every policy of the pack, mandatory ones first, each taking `exemptions` in its config. */
export const POLICIES: Policies = [
    internetDatabasePorts,
    combinedExposure,
    ruleQuota,
    ssmParameters,
    undecidedExposure,
    broadCidrDatabasePorts,
    internetAdminPorts,
    internetPortsAllowlist,
    ruleDescriptions,
    mixedRuleStyles,
].map((policy) => withExemptions(policy));
