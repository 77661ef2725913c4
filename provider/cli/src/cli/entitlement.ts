import { AuditLog } from "./audit";
import { EXIT, Io } from "./io";

/** The AWS Marketplace product code; when set, every action first checks the subscription. */
export const PRODUCT_CODE_VARIABLE = "SG_PROVISIONER_PRODUCT_CODE";

/** The product code when the entitlement check is on: set and not empty. */
export function productCode(env: NodeJS.ProcessEnv): string | undefined {
    const code = env[PRODUCT_CODE_VARIABLE];
    return code === undefined || code.trim() === "" ? undefined : code.trim();
}

/**
 * The Marketplace entitlement check, opt-in: with SG_PROVISIONER_PRODUCT_CODE unset nothing is
 * called (and the AWS SDK is not even loaded). Returns the exit code of a refusal, or undefined
 * when the action may run.
 */
export async function checkEntitlement(io: Io, audit: AuditLog): Promise<number | undefined> {
    const code = productCode(io.env);
    if (code === undefined) return undefined;
    const { awsClients } = await import("../aws/clients");
    const { registerUsage } = await import("../aws/entitlement");
    // The region is the SDK's default chain's: an action may run before any config names one.
    const aws = awsClients();
    const result = await audit.step(`AWS Marketplace RegisterUsage for product ${code}`, () => registerUsage(code, aws.metering)).finally(() => aws.destroy());
    if (result.ok) {
        audit.decided(`entitled: AWS Marketplace confirmed the subscription to product ${code}`);
        return undefined;
    }
    audit.decided(`refused: not entitled (${result.kind}): ${result.message}; nothing else was done`);
    io.err(`sg-provisioner: not entitled: ${result.message}\nfix: ${result.fix}`);
    return EXIT.notEntitled;
}

/** An entitlement check: the exit code of a refusal, or undefined when the action may run. */
export type EntitlementCheck = (io: Io, audit: AuditLog) => Promise<number | undefined>;

/**
 * One entitlement check for a run over many configs: AWS Marketplace is asked once, and each
 * later config's log records that the run was entitled (or refused) by that answer.
 */
export function entitlementOnce(check: EntitlementCheck = checkEntitlement): EntitlementCheck {
    let first: Promise<number | undefined> | undefined;
    return async (io, audit) => {
        if (first === undefined) {
            first = check(io, audit);
            return first;
        }
        const refusal = await first;
        if (productCode(io.env) !== undefined)
            audit.decided(refusal === undefined ? "entitled: confirmed earlier in this run" : "refused: not entitled, as found earlier in this run");
        return refusal;
    };
}
