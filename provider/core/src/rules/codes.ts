import { Severity } from "./finding";

/**
 * Who reports a code on a Pulumi stack: the policies of sg-provisioner-policy that do, or why none
 * does. A new check has to decide.
 */
export type Reporter = { readonly policies: readonly string[] } | { readonly noPolicy: string };

/** One finding code: stable, for scripts to match on. */
export interface CodeInfo {
    readonly code: string;
    readonly severity: Severity;
    readonly title: string;
    /** Where the docs describe it, relative to the repository root (SARIF links it). */
    readonly docs: string;
    readonly reporter: Reporter;
}

const DOCS = "docs/checks.md#what-is-checked";
const CONFIG_ONLY: Reporter = { noPolicy: "a problem in a config file or its scenario, which a stack does not have" };
const PROGRAM_ONLY: Reporter = { noPolicy: "a problem in how the program or the component is given its config, found before any resource exists" };
const DATABASE = "security-group-no-internet-database-ports";

function entry<Code extends string>(code: Code, severity: Severity, title: string, reporter: Reporter): CodeInfo & { readonly code: Code } {
    return { code, severity, title, docs: DOCS, reporter };
}

/** Every finding code, by the name the code uses for it. The one place codes are declared. */
export const CODE_REGISTRY = {
    unreadable: entry("SG001", "error", "a file that cannot be read", CONFIG_ONLY),
    syntax: entry("SG002", "error", "invalid YAML", CONFIG_ONLY),
    duplicateKey: entry("SG003", "error", "a duplicate key", CONFIG_ONLY),
    aliasBomb: entry("SG004", "error", "too many alias expansions", CONFIG_ONLY),
    empty: entry("SG005", "error", "an empty file", CONFIG_ONLY),
    notMapping: entry("SG006", "error", "a top level that is not a mapping", CONFIG_ONLY),
    findingsNotShown: entry("SG007", "error", "more findings than are shown (a warning when every one left out is a warning)", CONFIG_ONLY),
    unknownKey: entry("SG010", "error", "an unknown key", CONFIG_ONLY),
    missingKey: entry("SG011", "error", "a missing key", CONFIG_ONLY),
    wrongType: entry("SG012", "error", "a value of the wrong type", CONFIG_ONLY),
    notAllowed: entry("SG013", "error", "a value not allowed", CONFIG_ONLY),
    outOfRange: entry("SG014", "error", "a value out of range", CONFIG_ONLY),
    badFormat: entry("SG015", "error", "a value in the wrong format", CONFIG_ONLY),
    unknownScenario: entry("SG020", "error", "an unknown scenario", CONFIG_ONLY),
    unknownTier: entry("SG021", "error", "a reference to a tier that does not exist", CONFIG_ONLY),
    unknownPortOverride: entry("SG022", "error", "a port override for a tier the scenario does not have", CONFIG_ONLY),
    unknownTierOverride: entry("SG023", "error", "a tier override for a tier the scenario does not have", CONFIG_ONLY),
    peerCount: entry("SG030", "error", "no peer, or more than one, in a rule", CONFIG_ONLY),
    invalidCidr: entry("SG031", "error", "an invalid CIDR block", CONFIG_ONLY),
    portsForProtocol: entry("SG032", "error", "ports that do not fit the protocol", CONFIG_ONLY),
    badPortRange: entry("SG033", "error", "a bad or reversed port range", CONFIG_ONLY),
    duplicateRule: entry("SG034", "error", "two rules with the same identity in one tier", CONFIG_ONLY),
    reservedTag: entry("SG035", "error", "a reserved tag key", CONFIG_ONLY),
    descriptionCharacters: entry("SG036", "error", "a rule description with characters EC2 refuses", CONFIG_ONLY),
    nonCanonicalAddress: entry("SG037", "error", "an IPv4 address or prefix length not in canonical dotted decimal", {
        noPolicy: "the policy pack reads such a block on a stack at its worst, as 0.0.0.0/0, and says so beside the exposure it then reports",
    }),
    embeddedIpv4: entry("SG038", "error", "an IPv6 block that writes IPv4 addresses (IPv4-mapped or IPv4-compatible)", {
        noPolicy: "the policy pack reads such a block on a stack as the IPv4 addresses it holds, and reports the exposure (SG100, SG101) where those are the internet",
    }),
    icmpForProtocol: entry("SG039", "error", "an ICMP type or code that does not fit the rule: on a protocol other than icmp or icmpv6, or a code without a type", CONFIG_ONLY),
    vpcSource: entry("SG040", "error", "a vpc with both or neither of name and id", CONFIG_ONLY),
    nameMismatch: entry("SG041", "error", "a scenario whose name differs from its file name", CONFIG_ONLY),
    unreadableCatalog: entry("SG042", "error", "a scenarios directory that cannot be read", CONFIG_ONLY),
    noSource: entry("SG043", "error", "a stack with neither sg-provisioner:configFile nor sg-provisioner:set", PROGRAM_ONLY),
    twoSources: entry("SG044", "error", "a stack with both sg-provisioner:configFile and sg-provisioner:set", PROGRAM_ONLY),
    pendingValue: entry("SG045", "error", "a component arg that is an output, a secret or a promise", PROGRAM_ONLY),
    secret: entry("SG046", "error", "sg-provisioner:configFile or sg-provisioner:set held as a secret", PROGRAM_ONLY),
    badIsolationSuffix: entry("SG047", "error", "an isolation suffix for a test deployment that is not 4 to 16 lowercase letters and digits", PROGRAM_ONLY),
    isolationTierCollision: entry("SG048", "error", "a set refused isolation: a tier named test or test-… would give names that begin the test deployment's", PROGRAM_ONLY),
    testDeploymentName: entry("SG049", "error", "a set name holding -sg-test-, which begins like another set's test deployments", CONFIG_ONLY),
    databaseFromInternet: entry("SG100", "error", "a database port reachable from the internet", { policies: [DATABASE] }),
    allPortsFromInternet: entry("SG101", "error", "every port reachable from the internet", { policies: [DATABASE] }),
    combinedExposure: entry("SG102", "error", "blocks that add up to the internet on a database port or every port", {
        policies: [DATABASE, "security-group-combined-internet-exposure"],
    }),
    adminFromInternet: entry("SG110", "warning", "SSH or RDP reachable from the internet", { policies: ["security-group-internet-admin-ports"] }),
    widePortRange: entry("SG111", "warning", "a port range wider than 1024 ports", {
        noPolicy:
            "a range is judged by the ports it reaches: one that reaches the internet is reported by the exposure policies and the allowlist; a wide private range is for the config's review",
    }),
    allTrafficEgress: entry("SG112", "warning", "egress of all traffic", {
        noPolicy: "every security group AWS creates allows all egress unless told otherwise, so on a stack it would fire on nearly every group; the config validator warns instead",
    }),
    broadCidr: entry("SG113", "warning", "a broad CIDR block", { policies: ["security-group-broad-cidr-database-ports"] }),
    missingDescription: entry("SG114", "error", "a rule without a description", { policies: ["security-group-rule-descriptions"] }),
    unlistedInternetPort: entry("SG115", "warning", "a port reachable from the internet that is not on the allowlist", { policies: ["security-group-internet-ports-allowlist"] }),
} as const satisfies Record<string, CodeInfo>;

export type CodeName = keyof typeof CODE_REGISTRY;

/** The code of each finding, by name: `CODES.databaseFromInternet` is `"SG100"`. */
export const CODES = Object.fromEntries(Object.entries(CODE_REGISTRY).map(([name, info]) => [name, info.code])) as { readonly [K in CodeName]: (typeof CODE_REGISTRY)[K]["code"] };
