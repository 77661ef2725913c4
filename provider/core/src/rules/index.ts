/**
 * The rules engine and its model. Policy packs and other tools that judge rules written elsewhere
 * use these through the core package.
 */
export { ExposurePolicy, DEFAULT_POLICY, RuleFinding, RuleScene, checkRule, databasePortsReached, opensAllPorts, portLabel } from "./checks";
export { CODES, CODE_REGISTRY, CodeInfo, CodeName, Reporter } from "./codes";
export { CombinedExposure, checkCombinedExposure } from "./combined";
export { Finding, FindingPlace, MAX_FINDINGS_IN_TOTAL, MAX_FINDINGS_PER_FILE, Severity, capFindings, countFindings, hasErrors } from "./finding";
export { INTERNET_SHARE, isInternet, publicShare } from "../model/internet";
export { DATABASE_PORTS, ADMIN_PORTS } from "./ports-catalog";
export { NormalizedRule, Direction, RuleOrigin, RuleField, ruleKey, compareRules, compareRuleMatch, describeRule, effectivePorts, portsLabel } from "../model/rule";
export { IcmpMatch, icmpFromPortFields, icmpLabel, icmpPortFields } from "../model/icmp";
export { Peer, CidrPeer, parseCidr, cidrNetwork, peerKey, describePeer, isCidr } from "../model/peer";
export { PortRange, portKey } from "../model/ports";
export { Protocol, parseProtocol, hasPorts, isIcmp } from "../model/protocol";
