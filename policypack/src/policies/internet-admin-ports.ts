import { ResourceValidationPolicy } from "@pulumi/policy";
import { CODES, DEFAULT_POLICY } from "sg-provisioner-core/rules-engine";
import { explain, placeOf } from "../report";
import { portListSchema } from "../settings";
import { exposurePolicy } from "./exposure";
import { ruleFindings } from "./rule-findings";

/** Advisory: SSH, RDP or another remote-administration port reachable from the internet. */
export const internetAdminPorts: ResourceValidationPolicy = {
    name: "security-group-internet-admin-ports",
    description: "Remote-administration ports (SSH 22, RDP 3389) should not be reachable from the internet.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            adminPorts: portListSchema("Remote-administration ports to warn about when the internet can reach them.", DEFAULT_POLICY.adminPorts),
        },
    },
    validateResource: (args, reportViolation) => {
        const policy = exposurePolicy(args.getConfig<{ adminPorts?: number[] }>());
        for (const { adapted, finding } of ruleFindings(args, policy, [CODES.adminFromInternet])) {
            reportViolation(explain(placeOf(adapted), finding));
        }
    },
};
