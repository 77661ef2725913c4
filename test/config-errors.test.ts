import { strict as assert } from "node:assert";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { stringify } from "yaml";
import { configYaml, tempFile } from "./support/config";

/**
 * Every kind of bad input, each with the exact findings it must produce: code, severity, field path,
 * line, column and message. Fixes are checked for a few cases below.
 */
interface Case {
    readonly title: string;
    readonly yaml: string;
    readonly findings: readonly { code: string; severity: string; path?: string; line?: number; column?: number; message: string }[];
}

const CASES: readonly Case[] = [
    {
        title: "missing description",
        yaml: configYaml("three-tier-postgres", "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source_tier: web\n"),
        findings: [
            {
                code: "SG114",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].description",
                line: 12,
                column: 11,
                message: "rule tcp 9090 from the web tier has no description",
            },
        ],
    },
    {
        title: "empty description",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source_tier: web\n          description: "  "\n',
        ),
        findings: [
            {
                code: "SG114",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].description",
                line: 15,
                column: 24,
                message: "rule tcp 9090 from the web tier has no description",
            },
        ],
    },
    {
        title: "unknown source tier",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source_tier: cache\n          description: Metrics\n",
        ),
        findings: [
            { code: "SG021", severity: "error", path: "overrides.tiers.app.ingress[0].source_tier", line: 14, column: 24, message: 'tier "cache" does not exist in this scenario' },
        ],
    },
    {
        title: "unknown destination tier",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      egress:\n        - protocol: tcp\n          port: 9090\n          destination_tier: dbb\n          description: Metrics\n",
        ),
        findings: [
            {
                code: "SG021",
                severity: "error",
                path: "overrides.tiers.app.egress[0].destination_tier",
                line: 14,
                column: 29,
                message: 'tier "dbb" does not exist in this scenario',
            },
        ],
    },
    {
        title: "port out of range",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 70000\n          source_tier: web\n          description: Metrics\n",
        ),
        findings: [{ code: "SG014", severity: "error", path: "overrides.tiers.app.ingress[0].port", line: 13, column: 17, message: "port 70000 is above the maximum 65535" }],
    },
    {
        title: "port zero",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 0\n          source_tier: web\n          description: Metrics\n",
        ),
        findings: [{ code: "SG014", severity: "error", path: "overrides.tiers.app.ingress[0].port", line: 13, column: 17, message: "port 0 is below the minimum 1" }],
    },
    {
        title: "reversed range",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port_range: "9100-9000"\n          source_tier: web\n          description: Metrics\n',
        ),
        findings: [
            {
                code: "SG033",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].port_range",
                line: 13,
                column: 23,
                message: 'port_range "9100-9000" is reversed: 9100 is greater than 9000',
            },
        ],
    },
    {
        title: "range out of bounds",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port_range: "9000-99999"\n          source_tier: web\n          description: Metrics\n',
        ),
        findings: [
            {
                code: "SG033",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].port_range",
                line: 13,
                column: 23,
                message: 'port 99999 in port_range "9000-99999" is outside 1-65535',
            },
        ],
    },
    {
        title: "malformed range",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port_range: "9000:9100"\n          source_tier: web\n          description: Metrics\n',
        ),
        findings: [
            {
                code: "SG033",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].port_range",
                line: 13,
                column: 23,
                message: 'port_range "9000:9100" is not of the form FROM-TO',
            },
        ],
    },
    {
        title: "invalid cidr",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.300/24\n          description: Metrics\n",
        ),
        findings: [{ code: "SG031", severity: "error", path: "overrides.tiers.app.ingress[0].source", line: 14, column: 19, message: '"10.0.0.300/24" is not a valid CIDR block' }],
    },
    {
        title: "cidr without mask",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.1\n          description: Metrics\n",
        ),
        findings: [{ code: "SG031", severity: "error", path: "overrides.tiers.app.ingress[0].source", line: 14, column: 19, message: 'CIDR mask is missing in "10.0.0.1"' }],
    },
    {
        title: "cidr host bits",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.1/24\n          description: Metrics\n",
        ),
        findings: [
            { code: "SG031", severity: "error", path: "overrides.tiers.app.ingress[0].source", line: 14, column: 19, message: 'CIDR block "10.0.0.1/24" has host bits set' },
        ],
    },
    {
        title: "two peers",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.0/24\n          source_tier: web\n          description: Metrics\n",
        ),
        findings: [
            {
                code: "SG030",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].source_tier",
                line: 15,
                column: 24,
                message: "the rule names 2 peers (source, source_tier); a rule has exactly one",
            },
        ],
    },
    {
        title: "no peer",
        yaml: configYaml("three-tier-postgres", "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          description: Metrics\n"),
        findings: [{ code: "SG030", severity: "error", path: "overrides.tiers.app.ingress[0]", line: 12, column: 11, message: "the rule has no source" }],
    },
    {
        title: "tcp without port",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          source_tier: web\n          description: Metrics\n",
        ),
        findings: [{ code: "SG032", severity: "error", path: "overrides.tiers.app.ingress[0]", line: 12, column: 11, message: "a tcp rule needs a port" }],
    },
    {
        title: "all with port",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: all\n          port: 9090\n          source_tier: web\n          description: Metrics\n",
        ),
        findings: [
            {
                code: "SG032",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].port",
                line: 13,
                column: 17,
                message: "port is set but protocol all already covers every port",
            },
        ],
    },
    {
        title: "port and range",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          port_range: "9000-9100"\n          source_tier: web\n          description: Metrics\n',
        ),
        findings: [
            {
                code: "SG032",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].port_range",
                line: 14,
                column: 23,
                message: "the rule sets port and port_range; give only one",
            },
        ],
    },
    {
        title: "ingress key on egress",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      egress:\n        - protocol: tcp\n          port: 443\n          source: 0.0.0.0/0\n          description: HTTPS\n",
        ),
        findings: [{ code: "SG010", severity: "error", path: "overrides.tiers.app.egress[0].source", line: 14, column: 11, message: 'unknown key "source"' }],
    },
    {
        title: "port override unknown tier",
        yaml: configYaml("three-tier-postgres", "overrides:\n  ports:\n    cache: 6380\n"),
        findings: [
            {
                code: "SG022",
                severity: "error",
                path: "overrides.ports.cache",
                line: 10,
                column: 5,
                message: 'port override for tier "cache", which scenario three-tier-postgres does not have',
            },
        ],
    },
    {
        title: "tier override unknown tier",
        yaml: configYaml("three-tier-postgres", "overrides:\n  tiers:\n    cache:\n      ingress: []\n"),
        findings: [
            {
                code: "SG023",
                severity: "error",
                path: "overrides.tiers.cache",
                line: 10,
                column: 5,
                message: 'overrides for tier "cache", which scenario three-tier-postgres does not have',
            },
        ],
    },
    {
        title: "duplicate of scenario rule",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 8080\n          source_tier: web\n          description: Again\n",
        ),
        findings: [
            {
                code: "SG034",
                severity: "error",
                path: "overrides.tiers.app.ingress[0]",
                line: 12,
                column: 11,
                message: "this rule (tcp 8080 from the web tier) duplicates the scenario's rule tiers.app.ingress[0] in three-tier-postgres.yaml",
            },
        ],
    },
    {
        title: "unknown scenario",
        yaml: configYaml("three-tier-postgress", ""),
        findings: [{ code: "SG020", severity: "error", path: "scenario", line: 7, column: 11, message: 'scenario "three-tier-postgress" does not exist' }],
    },
    {
        title: "unknown top-level key",
        yaml: configYaml("three-tier-postgres", "regoin: eu-west-1\n"),
        findings: [{ code: "SG010", severity: "error", path: "regoin", line: 8, column: 1, message: 'unknown key "regoin"' }],
    },
    {
        title: "missing required keys",
        yaml: "client: acme\nscenario: three-tier-postgres\n",
        findings: [
            { code: "SG011", severity: "error", line: 1, column: 1, message: 'missing required key "environment"' },
            { code: "SG011", severity: "error", line: 1, column: 1, message: 'missing required key "deployment"' },
            { code: "SG011", severity: "error", line: 1, column: 1, message: 'missing required key "region"' },
            { code: "SG011", severity: "error", line: 1, column: 1, message: 'missing required key "vpc"' },
        ],
    },
    {
        title: "vpc both",
        yaml: "client: acme\nenvironment: dev\ndeployment: d01\nregion: eu-west-1\nvpc:\n  id: vpc-0123456789abcdef0\n  name: main\nscenario: three-tier-postgres\n",
        findings: [{ code: "SG040", severity: "error", path: "vpc", line: 6, column: 3, message: "vpc has both name and id" }],
    },
    {
        title: "vpc neither",
        yaml: "client: acme\nenvironment: dev\ndeployment: d01\nregion: eu-west-1\nvpc: {}\nscenario: three-tier-postgres\n",
        findings: [{ code: "SG040", severity: "error", path: "vpc", line: 5, column: 6, message: "vpc has neither name nor id" }],
    },
    {
        title: "reserved tag",
        yaml: configYaml("three-tier-postgres", "tags:\n  ManagedBy: someone-else\n  aws:owner: x\n"),
        findings: [
            { code: "SG035", severity: "error", path: "tags.ManagedBy", line: 9, column: 3, message: 'tag key "ManagedBy" is set by sg-provisioner itself' },
            { code: "SG035", severity: "error", path: 'tags["aws:owner"]', line: 10, column: 3, message: 'tag key "aws:owner" uses the aws: prefix, which AWS reserves' },
        ],
    },
    {
        title: "number tag value",
        yaml: configYaml("three-tier-postgres", "tags:\n  cost_center: 4711\n"),
        findings: [{ code: "SG012", severity: "error", path: "tags.cost_center", line: 9, column: 16, message: "cost_center must be a string, not the number 4711" }],
    },
    {
        title: "tag keys and values with characters AWS refuses: each refused character escaped, with its code point",
        yaml: configYaml(
            "three-tier-postgres",
            [
                "tags:",
                '  "a<b": "x\\u00a0y"',
                '  "k\\e[31m": "v\\e]0;PWNED\\a\\e[2J"',
                '  sym: "!#$%&*()"',
                '  "zero\\u200bwidth": ok',
                "  Équipe: données 42 _.:/=+-@",
                "  empty: ''",
            ].join("\n"),
        ),
        findings: [
            { code: "SG015", severity: "error", path: 'tags["a<b"]', line: 9, column: 3, message: 'tag key "a<b" has characters AWS refuses: "<" (U+003C)' },
            { code: "SG015", severity: "error", path: 'tags["a<b"]', line: 9, column: 10, message: 'tag value "x\u00a0y" has characters AWS refuses: "\u00a0" (U+00A0)' },
            {
                code: "SG015",
                severity: "error",
                path: 'tags["k\\u001b[31m"]',
                line: 10,
                column: 3,
                message: 'tag key "k\\x1b[31m" has characters AWS refuses: "\\x1b" (U+001B), "[" (U+005B)',
            },
            {
                code: "SG015",
                severity: "error",
                path: 'tags["k\\u001b[31m"]',
                line: 10,
                column: 14,
                message: 'tag value "v\\x1b]0;PWNED\\x07\\x1b[2J" has characters AWS refuses: "\\x1b" (U+001B), "]" (U+005D), ";" (U+003B), "\\x07" (U+0007), "[" (U+005B)',
            },
            {
                code: "SG015",
                severity: "error",
                path: "tags.sym",
                line: 11,
                column: 8,
                message: 'tag value "!#$%&*()" has characters AWS refuses: "!" (U+0021), "#" (U+0023), "$" (U+0024), "%" (U+0025), "&" (U+0026) and 3 more',
            },
            {
                code: "SG015",
                severity: "error",
                path: 'tags["zero\u200bwidth"]',
                line: 12,
                column: 3,
                message: 'tag key "zero\\u200bwidth" has characters AWS refuses: "\\u200b" (U+200B)',
            },
        ],
    },
    {
        title: "tag key over 128 characters: quoted as an excerpt",
        yaml: configYaml("three-tier-postgres", `tags:\n  ${"k".repeat(129)}: x\n`),
        findings: [{ code: "SG015", severity: "error", path: `tags.${"k".repeat(129)}`, line: 9, column: 3, message: `key "${"k".repeat(59)}…" is not valid in tags` }],
    },
    {
        title: "tag value over 256 characters",
        yaml: configYaml("three-tier-postgres", `tags:\n  team: ${"v".repeat(257)}\n`),
        findings: [{ code: "SG014", severity: "error", path: "tags.team", line: 9, column: 9, message: "team is 257 characters long, over the limit of 256" }],
    },
    {
        title: "tag key with the aws: prefix in any case",
        yaml: configYaml("three-tier-postgres", "tags:\n  AWS:Owner: x\n"),
        findings: [{ code: "SG035", severity: "error", path: 'tags["AWS:Owner"]', line: 9, column: 3, message: 'tag key "AWS:Owner" uses the aws: prefix, which AWS reserves' }],
    },
    {
        title: "the set tag, and any key with the sg-provisioner: prefix in any case",
        yaml: configYaml("three-tier-postgres", "tags:\n  sg-provisioner:set: other-sg\n  SG-Provisioner:Set: other-sg\n  sg-provisioner:test-deployment: x\n"),
        findings: [
            { code: "SG035", severity: "error", path: 'tags["sg-provisioner:set"]', line: 9, column: 3, message: 'tag key "sg-provisioner:set" is set by sg-provisioner itself' },
            {
                code: "SG035",
                severity: "error",
                path: 'tags["SG-Provisioner:Set"]',
                line: 10,
                column: 3,
                message: 'tag key "SG-Provisioner:Set" uses the sg-provisioner: prefix, which sg-provisioner reserves for its own tags, in any case',
            },
            {
                code: "SG035",
                severity: "error",
                path: 'tags["sg-provisioner:test-deployment"]',
                line: 11,
                column: 3,
                message: 'tag key "sg-provisioner:test-deployment" uses the sg-provisioner: prefix, which sg-provisioner reserves for its own tags, in any case',
            },
        ],
    },
    {
        title: "a set name that begins like another set's test deployments",
        yaml: configYaml("three-tier-postgres", "workload: x-sg-test-abcd\n"),
        findings: [
            {
                code: "SG049",
                severity: "error",
                path: "workload",
                line: 8,
                column: 11,
                message:
                    "the set name acme-dev-d01-eu-west-1-x-sg-test-abcd-sg begins like a test deployment of the set acme-dev-d01-eu-west-1-x-sg (acme-dev-d01-eu-west-1-x-sg-test-{suffix}): create-policy grants that set's role its test deployments' SSM parameters by the pattern /sg/acme-dev-d01-eu-west-1-x-sg-test-*, which would reach this set's",
            },
        ],
    },
    {
        title: "bad description characters",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source_tier: web\n          description: "<img src=x onerror=alert(1)>"\n',
        ),
        findings: [
            {
                code: "SG036",
                severity: "error",
                path: "overrides.tiers.app.ingress[0].description",
                line: 15,
                column: 24,
                message: 'description "<img src=x onerror=alert(1)>" has characters EC2 refuses: "<" ">"',
            },
        ],
    },
    {
        title: "invalid yaml",
        yaml: configYaml("three-tier-postgres", "overrides:\n  ports: [app: 1\n"),
        findings: [
            { code: "SG002", severity: "error", line: 10, column: 1, message: "invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]" },
        ],
    },
    {
        title: "empty file",
        yaml: "",
        findings: [{ code: "SG005", severity: "error", message: "the file is empty (or holds only comments)" }],
    },
    {
        title: "comments only",
        yaml: "# nothing here\n",
        findings: [{ code: "SG005", severity: "error", message: "the file is empty (or holds only comments)" }],
    },
    {
        title: "duplicate keys",
        yaml: configYaml("three-tier-postgres", "scenario: two-tier-mysql\n"),
        findings: [{ code: "SG003", severity: "error", line: 8, column: 1, message: "invalid YAML: Map keys must be unique" }],
    },
    {
        title: "alias bomb",
        yaml: "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        findings: [{ code: "SG004", severity: "error", line: 1, column: 1, message: "YAML aliases expand to too many nodes (more than 100)" }],
    },
    {
        title: "list at top level",
        yaml: "- client: acme\n",
        findings: [{ code: "SG006", severity: "error", line: 1, column: 1, message: "the file must hold a mapping of keys to values, not a list" }],
    },
    {
        title: "ssh warning",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 22\n          source: 0.0.0.0/0\n          description: SSH\n",
        ),
        findings: [
            {
                code: "SG110",
                severity: "warning",
                path: "overrides.tiers.app.ingress[0].source",
                line: 14,
                column: 19,
                message: "tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet",
            },
        ],
    },
    {
        title: "rdp v6 warning",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 3389\n          source: "::/0"\n          description: RDP\n',
        ),
        findings: [
            {
                code: "SG110",
                severity: "warning",
                path: "overrides.tiers.app.ingress[0].source",
                line: 14,
                column: 19,
                message: "tcp 3389 from ::/0 makes RDP (3389) reachable from the internet",
            },
        ],
    },
    {
        title: "wide range warning",
        yaml: configYaml(
            "three-tier-postgres",
            'overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port_range: "1024-65535"\n          source_tier: web\n          description: Ephemeral\n',
        ),
        findings: [
            {
                code: "SG111",
                severity: "warning",
                path: "overrides.tiers.app.ingress[0].port_range",
                line: 13,
                column: 23,
                message: "port range 1024-65535 spans 64512 ports, more than 1024",
            },
        ],
    },
    {
        title: "all-traffic egress warning",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      egress:\n        - protocol: all\n          destination: 0.0.0.0/0\n          description: Anything out\n",
        ),
        findings: [{ code: "SG112", severity: "warning", path: "overrides.tiers.app.egress[0].protocol", line: 12, column: 21, message: "egress allows all traffic to 0.0.0.0/0" }],
    },
    {
        title: "broad cidr warning",
        yaml: configYaml(
            "three-tier-postgres",
            "overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: 9090\n          source: 10.0.0.0/16\n          description: Whole VPC\n",
        ),
        findings: [
            {
                code: "SG113",
                severity: "warning",
                path: "overrides.tiers.app.ingress[0].source",
                line: 14,
                column: 19,
                message: "10.0.0.0/16 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6)",
            },
        ],
    },
];

describe("config validation: every bad input gets a located, explained finding", () => {
    for (const testCase of CASES) {
        it(testCase.title, () => {
            const file = tempFile(testCase.yaml);
            const validation = validateConfigFile(file);
            assert.deepEqual(
                validation.findings.map(({ code, severity, path, line, column, message }) => JSON.parse(JSON.stringify({ code, severity, path, line, column, message }))),
                testCase.findings,
            );
            for (const finding of validation.findings) {
                assert.equal(finding.file, file, "every finding names the file");
                assert.ok(finding.fix.length > 10, `finding ${finding.code} has a fix`);
            }
            const hasError = testCase.findings.some((finding) => finding.severity === "error");
            assert.equal(validation.set === undefined, hasError, "a set is returned exactly when there is no error");
        });
    }

    it("suggests the key a typo meant", () => {
        const validation = validateConfigFile(tempFile(CASES.find((c) => c.title === "unknown top-level key")!.yaml));
        assert.equal(validation.findings[0].fix, "did you mean region? (keys allowed here: client, environment, deployment, workload, region, vpc, scenario, overrides, tags)");
    });

    it("says which tags the component sets, and why the set tag matters, for a reserved tag key", () => {
        const validation = validateConfigFile(tempFile(CASES.find((c) => c.title.startsWith("the set tag"))!.yaml));
        assert.deepEqual(
            [...new Set(validation.findings.map((finding) => finding.fix))],
            [
                "rename or remove the tag; the component sets ManagedBy, sg-provisioner:set, Tier, Name on every resource (sg-provisioner:set: the set the resource belongs to, which create-policy's IAM policy turns on)",
            ],
        );
    });

    it("says which characters AWS allows in tag keys and values, and how long they may be", () => {
        const fixes = (extra: string) => validateConfigFile(tempFile(configYaml("three-tier-postgres", extra))).findings.map((finding) => finding.fix);
        assert.deepEqual(fixes('tags:\n  "a<b": "c>d"\n'), [
            "AWS allows letters, digits, spaces and _ . : / = + - @ in tag keys and values; rename the key without the others",
            "AWS allows letters, digits, spaces and _ . : / = + - @ in tag keys and values; rewrite the value without the others",
        ]);
        assert.deepEqual(fixes(`tags:\n  ${"k".repeat(129)}: x\n`), ["a tag key is 1 to 128 characters: letters, digits, spaces and _ . : / = + - @, not beginning with aws:"]);
        assert.deepEqual(fixes(`tags:\n  team: ${"v".repeat(257)}\n`), [
            "a tag value is a string of up to 256 characters: letters, digits, spaces and _ . : / = + - @; quote numbers and dates",
        ]);
    });

    it("suggests the network address for a CIDR with host bits", () => {
        const validation = validateConfigFile(tempFile(CASES.find((c) => c.title === "cidr host bits")!.yaml));
        assert.equal(validation.findings[0].fix, 'use the network address: "10.0.0.0/24"');
    });

    it("reports a missing file as a finding, not an exception", () => {
        const validation = validateConfigFile("/nonexistent/sg.yaml");
        assert.deepEqual(
            validation.findings.map(({ code, file, message }) => ({ code, file, message })),
            [{ code: "SG001", file: "/nonexistent/sg.yaml", message: "no such file: /nonexistent/sg.yaml" }],
        );
    });
});

describe("config validation: a CIDR block in any form but the canonical one is refused where it is written", () => {
    const at = { path: "overrides.tiers.app.ingress[0].source", line: 14, column: 19 };
    const nonCanonical = (message: string, fix: string) => ({ code: "SG037", severity: "error", ...at, message, fix });
    const table: [string, number, { code: string; severity: string; path: string; line: number; column: number; message: string; fix: string }[]][] = [
        [
            "010.0.0.0/8",
            9090,
            [
                nonCanonical(
                    '"010.0.0.0/8" is not canonical IPv4 and is refused: leading zeros are read as octal by some tools (8.0.0.0/8) and as decimal by others (10.0.0.0/8)',
                    'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
                ),
            ],
        ],
        [
            "0/0",
            5432,
            [
                nonCanonical(
                    '"0/0" is not canonical IPv4 and is refused: a shortened address, which some tools read as 0.0.0.0/0 and others refuse',
                    'write the block in dotted decimal without leading zeros, such as "0.0.0.0/0"',
                ),
            ],
        ],
        [
            "0x0a.0.0.0/8",
            9090,
            [
                nonCanonical(
                    '"0x0a.0.0.0/8" is not canonical IPv4 and is refused: hexadecimal octets, which some tools read as 10.0.0.0/8 and others refuse',
                    'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
                ),
            ],
        ],
        [
            "10/8",
            9090,
            [
                nonCanonical(
                    '"10/8" is not canonical IPv4 and is refused: a shortened address, which some tools read as 0.0.0.10/8 (the last part fills the remaining bits) and others as 10.0.0.0/8 (the missing octets are zeros)',
                    'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
                ),
            ],
        ],
        [
            "1.2.3.04/32",
            9090,
            [
                nonCanonical(
                    '"1.2.3.04/32" is not canonical IPv4 and is refused: leading zeros are read as octal by some tools and as decimal by others (1.2.3.4/32 either way here)',
                    'write the block in dotted decimal without leading zeros, such as "1.2.3.4/32"',
                ),
            ],
        ],
        [
            "10.0.0.0/08",
            9090,
            [
                nonCanonical(
                    '"10.0.0.0/08" is not canonical IPv4 and is refused: the prefix length "08" has leading zeros, which some tools refuse and others read as octal (read here as /8)',
                    'write the block in dotted decimal without leading zeros, such as "10.0.0.0/8"',
                ),
            ],
        ],
        [
            "::ffff:0.0.0.0/96",
            5432,
            [
                {
                    code: "SG038",
                    severity: "error",
                    ...at,
                    message:
                        '"::ffff:0.0.0.0/96" is refused: it is an IPv4-mapped IPv6 block, IPv4 0.0.0.0/0 written as IPv6, which some tools match against IPv4 traffic and others against IPv6 traffic, where no packet carries such an address',
                    fix: 'write the IPv4 block as IPv4: "0.0.0.0/0"',
                },
                {
                    code: "SG100",
                    severity: "error",
                    ...at,
                    message: "tcp 5432 from ::ffff:0:0/96 makes PostgreSQL (5432) reachable from the internet",
                    fix: "reach the database through a tier reference (source_tier: web) or a private CIDR (such as fd00:0:0:11::/64), never ::ffff:0:0/96",
                },
            ],
        ],
        [
            "::0.0.0.0/96",
            9090,
            [
                {
                    code: "SG038",
                    severity: "error",
                    ...at,
                    message:
                        '"::0.0.0.0/96" is refused: it is an IPv4-compatible IPv6 block, a form deprecated since RFC 4291, which some tools read as ::/96 and others, this one included, as the IPv4-mapped ::ffff:0:0/96, which stands for IPv4 0.0.0.0/0',
                    fix: 'write an IPv4 block as IPv4 ("0.0.0.0/0"), or an IPv6 block in hexadecimal ("::/96")',
                },
                {
                    code: "SG115",
                    severity: "warning",
                    ...at,
                    message: "tcp 9090 from ::ffff:0:0/96 opens port 9090 to the internet, beyond the ports meant to face it (80, 443)",
                    fix: "serve the traffic through the web tier on 80, 443, or allow only the CIDRs of the clients that need it",
                },
            ],
        ],
        [
            "fe80::%eth0/64",
            9090,
            [
                {
                    code: "SG031",
                    severity: "error",
                    ...at,
                    message: '"fe80::%eth0/64" names the zone "eth0", the network interface of one host, which AWS does not accept in a CIDR block',
                    fix: 'remove "%eth0": "fe80::/64"',
                },
            ],
        ],
    ];
    for (const [source, port, expected] of table) {
        it(`${source} on port ${port}`, () => {
            const yaml = configYaml(
                "three-tier-postgres",
                `overrides:\n  tiers:\n    app:\n      ingress:\n        - protocol: tcp\n          port: ${port}\n          source: ${JSON.stringify(source)}\n          description: Metrics\n`,
            );
            const file = tempFile(yaml);
            const validation = validateConfigFile(file);
            assert.deepEqual(
                validation.findings.map(({ code, severity, path, line, column, message, fix }) => ({ code, severity, path, line, column, message, fix })),
                expected,
            );
            assert.deepEqual(
                validation.findings.map((finding) => finding.file),
                expected.map(() => file),
            );
            assert.equal(validation.set, undefined);
        });
    }

    it("accepts the canonical forms of the same blocks, and IPv6 that holds IPv4 by design", () => {
        const rules = ["10.0.0.0/8", "1.2.3.4/32", "10.0.0.0/24", "64:ff9b::1.2.3.4/128", "2002:a00:1:1::/64"].map((source, index) => ({
            protocol: "tcp",
            port: 9000 + index,
            source,
            description: "Metrics",
        }));
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", stringify({ overrides: { tiers: { app: { ingress: rules } } } }))));
        assert.deepEqual(
            validation.findings.map(({ code, message }) => ({ code, message })),
            [{ code: "SG113", message: "10.0.0.0/8 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6)" }],
        );
        assert.notEqual(validation.set, undefined);
    });
});
