import { CidrPeer, isCidr } from "../model/peer";
import { coversPort } from "../model/ports";
import { NormalizedRule, effectivePorts } from "../model/rule";
import { DEFAULT_POLICY, ExposurePolicy, opensAllPorts, portLabel } from "./checks";
import { isInternet, publicShare } from "../model/internet";
import { CODES } from "./codes";
import { listSome } from "../util/text";

type Family = CidrPeer["family"];

/**
 * Several ingress rules of one group that together make a port reachable from the internet, though
 * none does alone: 256 rules of one public /16 each on 5432 are the internet as surely as 0.0.0.0/0.
 */
export interface CombinedExposure {
    readonly code: typeof CODES.combinedExposure;
    readonly severity: "error";
    readonly family: Family;
    /** The database ports exposed, or `undefined` when the rules open every port. */
    readonly ports?: readonly number[];
    /** The rules whose blocks add up, in the order they were given. */
    readonly rules: readonly NormalizedRule[];
    readonly message: string;
    readonly fix: string;
    readonly why: string;
}

const FAMILY_LABEL: Record<Family, string> = { ipv4: "IPv4", ipv6: "IPv6" };
const LISTED_BLOCKS = 4;

function cidrOf(rule: NormalizedRule): CidrPeer {
    return rule.peer as CidrPeer;
}

/**
 * Candidates: rules of one family and one transport protocol (a rule of protocol `all` counts for
 * both) whose block holds public addresses but is not the internet alone; a rule that is the
 * internet alone is already reported by `checkRule`. TCP 5432 from one half and UDP 5432 from the
 * other do not add up: no one client reaches the port over both.
 */
function candidates(rules: readonly NormalizedRule[], family: Family, transport: "tcp" | "udp", policy: ExposurePolicy): NormalizedRule[] {
    return rules.filter((rule) => {
        const peer = rule.peer;
        return (
            rule.direction === "ingress" &&
            isCidr(peer) &&
            peer.family === family &&
            (rule.protocol === transport || rule.protocol === "all") &&
            publicShare(family, [peer.cidr]) > 0 &&
            !isInternet(family, [peer.cidr], policy.internetShare)
        );
    });
}

function describeBlocks(rules: readonly NormalizedRule[]): string {
    return listSome([...new Set(rules.map((rule) => cidrOf(rule).cidr))], LISTED_BLOCKS);
}

function exposure(family: Family, rules: readonly NormalizedRule[], ports: readonly number[] | undefined): CombinedExposure {
    const share = publicShare(
        family,
        rules.map((rule) => cidrOf(rule).cidr),
    );
    const what = ports ? ports.map(portLabel).join(", ") : "every port";
    return {
        code: CODES.combinedExposure,
        severity: "error",
        family,
        ports,
        rules,
        message: `together, ${rules.length} ingress rules (${describeBlocks(rules)}) make ${what} reachable from the internet: their ${FAMILY_LABEL[family]} blocks cover ${(share * 100).toFixed(2)}% of public ${FAMILY_LABEL[family]} space`,
        fix: "allow the few CIDRs that need access, a prefix list, or a security group, rather than many blocks that add up to the internet",
        why: "address space split into many rules is still the internet; scanners do not care how the rules were written",
    };
}

/**
 * The address-space rule applied to the union of a group's ingress blocks, per family and transport
 * protocol: first for rules that open every port, then for each database port the rules cover.
 * Database ports exposed by the same rules are reported together, and a set of rules found through
 * both TCP and UDP (rules of protocol `all`) is reported once.
 */
export function checkCombinedExposure(rules: readonly NormalizedRule[], policy: ExposurePolicy = DEFAULT_POLICY): CombinedExposure[] {
    const found = new Map<string, CombinedExposure>();
    const add = (family: Family, covering: NormalizedRule[], ports: readonly number[] | undefined) => {
        const key = `${family}|${ports ?? "all"}|${covering.map((rule) => rules.indexOf(rule)).join(",")}`;
        if (!found.has(key)) found.set(key, exposure(family, covering, ports));
    };
    for (const family of ["ipv4", "ipv6"] as const) {
        for (const transport of ["tcp", "udp"] as const) {
            const pool = candidates(rules, family, transport, policy);
            const allPorts = pool.filter((rule) => opensAllPorts(rule));
            if (
                isInternet(
                    family,
                    allPorts.map((rule) => cidrOf(rule).cidr),
                    policy.internetShare,
                )
            ) {
                add(family, allPorts, undefined);
                continue;
            }
            const bySameRules = new Map<string, { rules: NormalizedRule[]; ports: number[] }>();
            for (const port of [...policy.databasePorts].sort((a, b) => a - b)) {
                const covering = pool.filter((rule) => coversPort(effectivePorts(rule), port));
                if (
                    !isInternet(
                        family,
                        covering.map((rule) => cidrOf(rule).cidr),
                        policy.internetShare,
                    )
                )
                    continue;
                const key = covering.map((rule) => pool.indexOf(rule)).join(",");
                const entry = bySameRules.get(key) ?? { rules: covering, ports: [] };
                entry.ports.push(port);
                bySameRules.set(key, entry);
            }
            for (const entry of bySameRules.values()) add(family, entry.rules, entry.ports);
        }
    }
    return [...found.values()];
}
