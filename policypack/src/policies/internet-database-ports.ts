import { ResourceValidationPolicy } from "@pulumi/policy";
import { checkCombinedExposure } from "sg-provisioner-core/rules-engine";
import { resourceRules } from "../adapters";
import { explain, placeOf } from "../report";
import { BLOCKING_CODES, EXPOSURE_SCHEMA, ExposureSettings, exposurePolicy } from "./exposure";
import { ruleFindings } from "./rule-findings";

/**
 * Mandatory: no database port, and no rule opening every port, reachable from the internet. Reads
 * every rule shape through the adapters and judges it with the config validator's own checks.
 * Rules whose values are unknown during preview are left to `security-group-undecided-exposure`.
 */
export const internetDatabasePorts: ResourceValidationPolicy = {
    name: "security-group-no-internet-database-ports",
    description: "No database port, and no rule opening every port, may be reachable from the internet (IPv4 or IPv6).",
    enforcementLevel: "mandatory",
    configSchema: EXPOSURE_SCHEMA,
    validateResource: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<Partial<ExposureSettings>>());
        for (const { adapted, finding } of ruleFindings(args, policy, BLOCKING_CODES)) {
            reportViolation(explain(placeOf(adapted), finding));
        }
        // Several blocks of one resource (cidrBlocks) may add up to the internet where none does alone.
        const decided = resourceRules(args).filter((adapted) => adapted.undecided.length === 0);
        const byRule = new Map(decided.flatMap((adapted) => (adapted.rule ? [[adapted.rule, adapted.location] as const] : [])));
        for (const combined of checkCombinedExposure([...byRule.keys()], policy)) {
            reportViolation(explain(combined.rules.map((rule) => byRule.get(rule)).join(", "), combined));
        }
    },
};
