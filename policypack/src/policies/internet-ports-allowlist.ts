import { ResourceValidationPolicy } from "@pulumi/policy";
import { CODES, DEFAULT_POLICY } from "sg-provisioner-core/rules-engine";
import { explain, placeOf } from "../report";
import { portListSchema } from "../settings";
import { exposurePolicy } from "./exposure";
import { ruleFindings } from "./rule-findings";

/**
 * Advisory: a port the internet can reach that is not on the list of ports meant to face it.
 * Database and admin ports are left to their own policies, so no rule is reported twice; which
 * ports those are is this policy's own setting, since a policy cannot read another's.
 */
export const internetPortsAllowlist: ResourceValidationPolicy = {
    name: "security-group-internet-ports-allowlist",
    description: "Only the ports meant to face the internet (80 and 443 by default) should be reachable from it.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            allowedPorts: portListSchema("Ports the internet may reach without a warning.", DEFAULT_POLICY.internetPorts),
            databasePorts: portListSchema("Ports left to security-group-no-internet-database-ports; keep equal to its setting.", DEFAULT_POLICY.databasePorts),
            adminPorts: portListSchema("Ports left to security-group-internet-admin-ports; keep equal to its setting.", DEFAULT_POLICY.adminPorts),
        },
    },
    validateResource: (args, reportViolation) => {
        const { allowedPorts, ...others } = args.getConfig<{ allowedPorts?: number[]; databasePorts?: number[]; adminPorts?: number[] }>();
        const policy = exposurePolicy({ ...others, internetPorts: allowedPorts });
        for (const { adapted, finding } of ruleFindings(args, policy, [CODES.unlistedInternetPort])) {
            reportViolation(explain(placeOf(adapted), finding));
        }
    },
};
