import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { SecurityGroupSet } from "../provider/core/src/plan/model";
import { Validation, validateConfigFile } from "../provider/core/src/plan/validate";
import { overrideOf } from "../provider/core/src/model/rule";
import { Topology, topologyOf } from "../provider/cli/src/report/topology";
import { renderTopologySvg } from "../provider/cli/src/report/topology-svg";
import { renderTopologyText } from "../provider/cli/src/report/topology-text";
import { buildReview } from "../provider/cli/src/report/review";
import { renderReviewHtml } from "../provider/cli/src/report/review-html";
import { EXAMPLE, REPO, configYaml, tempFile } from "./support/config";
import { assertGolden } from "./support/golden";
import { REVIEW_FIXTURES, ReviewRun, runCli, runReview } from "./support/review";
import { makeRule } from "./support/rules";
import { tempDir } from "./support/temp";

const EXAMPLE_RELATIVE = "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml";
const EXAMPLE_SET = "globalbank-prod-c001-us-west-2-fraud-sg";
const OVERRIDES = `${REVIEW_FIXTURES}/overrides.yaml`;
const OVERRIDES_SET = "acme-prod-p01-eu-west-1-payments-sg";
const BLOCKING = `${REVIEW_FIXTURES}/blocking.yaml`;
const BLOCKING_SET = "acme-prod-p02-eu-west-1-shop-sg";
const PAYLOAD = "<img src=x onerror=alert(1)>";

function read(file: string): string {
    return fs.readFileSync(file, "utf8");
}

function validate(file: string): Validation {
    return validateConfigFile(path.join(REPO, file));
}

describe("create-review-report", () => {
    describe("the example config", () => {
        let run: ReviewRun;
        let yamlFile: string;
        let htmlFile: string;
        before(() => {
            run = runReview(EXAMPLE_RELATIVE, [], { SOURCE_DATE_EPOCH: "0" });
            yamlFile = path.join(run.templatesDir, `${EXAMPLE_SET}-review.yaml`);
            htmlFile = path.join(run.reportsDir, `${EXAMPLE_SET}-review.html`);
        });

        it("prints what it wrote, tier by tier, and exits 0", () => {
            assert.equal(run.stderr, "");
            assert.equal(run.code, 0);
            assert.equal(
                run.stdout,
                [
                    `Review of ${EXAMPLE_SET}: scenario three-tier-postgres, region us-west-2`,
                    "  web tier: 6 rules, 2 from overrides",
                    "  app tier: 3 rules, 2 from overrides",
                    "  db tier: 1 rule",
                    `wrote ${yamlFile}`,
                    `wrote ${htmlFile}`,
                    `${EXAMPLE_RELATIVE} is valid: 3 tiers, 10 rules (4 from overrides); 0 errors, 0 warnings`,
                    "",
                ].join("\n"),
            );
        });

        it("writes the review YAML exactly as the golden file", () => {
            assertGolden(`${EXAMPLE_SET}-review.yaml`, read(yamlFile));
        });

        it("keeps an audit trail of what it read, decided and wrote", () => {
            const log = read(path.join(run.reportsDir, `${EXAMPLE_SET}-create-review-report-19700101_000000_000.log`));
            assert.equal(
                log,
                [
                    "sg-provisioner create-review-report",
                    "started 1970-01-01T00:00:00.000Z",
                    `READ    config ${EXAMPLE_RELATIVE}`,
                    "READ    scenario three-tier-postgres from the bundled catalog",
                    "DECIDED valid: 0 errors, 0 warnings",
                    "DECIDED review: 3 tiers, 10 rules (4 from overrides); 0 errors, 0 warnings",
                    `WROTE   ${yamlFile}`,
                    `WROTE   ${htmlFile}`,
                    "exit 0",
                    "",
                ].join("\n"),
            );
            assert.deepEqual(fs.readdirSync(run.reportsDir).sort(), [`${EXAMPLE_SET}-create-review-report-19700101_000000_000.log`, `${EXAMPLE_SET}-review.html`]);
        });

        it("shows the derived names in the HTML: set, scenario, region, VPC source, SSM paths, tags", () => {
            const html = read(htmlFile);
            for (const fragment of [
                `<title>Security group review: ${EXAMPLE_SET}</title>`,
                `<tr><th scope="row">Set name</th><td><code>${EXAMPLE_SET}</code></td></tr>`,
                `<tr><th scope="row">Scenario</th><td><code>three-tier-postgres</code></td></tr>`,
                `<tr><th scope="row">Region</th><td><code>us-west-2</code></td></tr>`,
                `<tr><th scope="row">VPC</th><td>SSM parameter <code>/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId</code>`,
                `<tr><th scope="row">db tier group ID</th><td>SSM parameter <code>/sg/${EXAMPLE_SET}/db/SecurityGroupId</code>; group name <code>${EXAMPLE_SET}-db</code></td></tr>`,
                "<code>cost_center</code>: Fraud Operations<br>",
                '<p class="muted">No findings: every check passed.</p>',
            ]) {
                assert.ok(html.includes(fragment), `missing: ${fragment}`);
            }
        });

        it("highlights and labels every override rule and port substitution in the HTML", () => {
            const html = read(htmlFile);
            const rows = html.match(/<tr id="rule-[a-z]+-\d+" class="override" data-testid="override-row" data-override="[^"]*">.*<\/tr>/g) ?? [];
            const labels = rows.map((row) => /<span class="badge override">override<\/span> <code class="override-path">([^<]*)<\/code>/.exec(row)?.[1]);
            assert.deepEqual(labels, ["overrides.tiers.web.egress[0]", "overrides.ports.app", "overrides.ports.app", "overrides.tiers.app.ingress[0]"]);
            assert.ok(rows[1].includes('<td class="ports">8443</td>') && rows[1].includes('<span class="muted">port 8080 → 8443</span>'), rows[1]);
            assert.equal(
                (html.match(/<tr id="rule-[a-z]+-\d+"><td class="status muted">ok<\/td><td>(?:ingress|egress)<\/td>/g) ?? []).length,
                6,
                "the six scenario rules as written are not highlighted",
            );
        });
    });

    describe("a config with port overrides and override rules", () => {
        let run: ReviewRun;
        before(() => {
            run = runReview(OVERRIDES, ["--json"]);
        });

        it("answers --json with the name, validity, files written and findings", () => {
            assert.equal(run.code, 0, run.stderr);
            const out = JSON.parse(run.stdout);
            assert.deepEqual(Object.keys(out), ["name", "valid", "files", "findings"]);
            assert.deepEqual(
                [out.name, out.valid, out.files],
                [OVERRIDES_SET, true, { yaml: path.join(run.templatesDir, `${OVERRIDES_SET}-review.yaml`), html: path.join(run.reportsDir, `${OVERRIDES_SET}-review.html`) }],
            );
            assert.deepEqual(
                out.findings.map((f: { code: string; file: string; line: number; path: string }) => [f.code, f.file, f.line, f.path]),
                [["SG113", OVERRIDES, 25, "overrides.tiers.app.ingress[0].source"]],
            );
        });

        it("writes the review YAML exactly as the golden file", () => {
            assertGolden(`${OVERRIDES_SET}-review.yaml`, read(path.join(run.templatesDir, `${OVERRIDES_SET}-review.yaml`)));
        });

        it("prints the warning, then the summary, as text", () => {
            const text = runReview(OVERRIDES);
            assert.equal(text.code, 0, text.stderr);
            assert.equal(
                text.stdout,
                [
                    `${OVERRIDES}:25:19  warning  SG113  overrides.tiers.app.ingress[0].source`,
                    "  10.20.0.0/16 is a broad CIDR block (/16 or wider for IPv4, /56 or wider for IPv6)",
                    "  fix: reference the tier (source_tier / destination_tier) or name the subnet's own CIDR, such as 10.0.11.0/24",
                    "  why: a broad block lets every address in it through, not only the clients that need access",
                    "",
                    `Review of ${OVERRIDES_SET}: scenario three-tier-mysql, region eu-west-1`,
                    "  web tier: 6 rules, 2 from overrides",
                    "  app tier: 5 rules, 5 from overrides",
                    "  db tier: 2 rules, 2 from overrides",
                    `wrote ${path.join(text.templatesDir, `${OVERRIDES_SET}-review.yaml`)}`,
                    `wrote ${path.join(text.reportsDir, `${OVERRIDES_SET}-review.html`)}`,
                    `${OVERRIDES} is valid: 3 tiers, 13 rules (9 from overrides); 0 errors, 1 warning`,
                    "",
                ].join("\n"),
            );
        });

        it("embeds the diagram as SVG: internet, tiers, prefix list and CIDR nodes, flows labelled with ports", () => {
            const html = read(path.join(run.reportsDir, `${OVERRIDES_SET}-review.html`));
            const svg = /<figure class="diagram" data-testid="topology-diagram">\n(<svg [^]*?<\/svg>)/.exec(html)?.[1] ?? "";
            assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="\d+" height="\d+" viewBox="0 0 \d+ \d+" role="img"/);
            assert.deepEqual(
                [...svg.matchAll(/data-node="([^"]*)"/g)].map((m) => m[1]),
                ["internet", "tier:web", "tier:app", "tier:db", "prefix-list:pl-0123456789abcdef0", "cidr:10.0.0.2/32", "cidr:10.20.0.0/16"],
            );
            const edges = [...svg.matchAll(/<g class="edge( warning| blocking)?( override)?" data-from="([^"]*)" data-to="([^"]*)">.*?<text [^>]*>([^<]*)<\/text><\/g>/g)].map(
                (m) => `${m[3]} -> ${m[4]}: ${m[5]}${m[1] ? ` (${m[1].trim()})` : ""}${m[2] ? " (override)" : ""}`,
            );
            assert.deepEqual(edges, [
                "internet -> tier:web: tcp 80,443",
                "tier:web -> tier:app: tcp 8443 (override)",
                "tier:web -> prefix-list:pl-0123456789abcdef0: tcp 443 (override)",
                "tier:app -> internet: tcp 443 (override)",
                "tier:app -> tier:db: tcp 3307 (override)",
                "tier:app -> cidr:10.0.0.2/32: udp 53 (override)",
                "cidr:10.20.0.0/16 -> tier:app: tcp 9100 (warning) (override)",
            ]);
            assert.ok(svg.includes(">self: tcp 3307</text>"), "the db tier's flow to itself is noted in its box");
            assert.doesNotMatch(svg, / (?:x|y|width|height)="-?\d+\.\d+"|[ML]-?\d+\.\d/, "coordinates are rounded");
        });
    });

    it("writes byte-identical YAML and HTML for the same config, whenever it runs", () => {
        const first = runReview(OVERRIDES, [], { SOURCE_DATE_EPOCH: "0" });
        const second = runReview(OVERRIDES, [], { SOURCE_DATE_EPOCH: "1900000000" });
        for (const [dir, name] of [
            ["templatesDir", `${OVERRIDES_SET}-review.yaml`],
            ["reportsDir", `${OVERRIDES_SET}-review.html`],
        ] as const) {
            assert.ok(fs.readFileSync(path.join(first[dir], name)).equals(fs.readFileSync(path.join(second[dir], name))), `${name} differs between runs`);
        }
    });

    it("still writes the report for an invalid config, with the error, and exits 1", () => {
        const run = runReview(`${REVIEW_FIXTURES}/invalid.yaml`);
        assert.equal(run.code, 1, run.stderr);
        const name = "acme-dev-d01-eu-west-1-sg";
        assert.match(run.stdout, /^test\/fixtures\/review\/invalid\.yaml:15:19 {2}error {2}SG100 {2}overrides\.tiers\.db\.ingress\[0\]\.source\n/);
        assert.ok(
            run.stdout.endsWith(
                `${REVIEW_FIXTURES}/invalid.yaml is not valid: 2 tiers, 7 rules (1 from overrides); 1 error, 0 warnings. The report shows the findings; fix the errors before deploying.\n`,
            ),
            run.stdout,
        );
        const review = parse(read(path.join(run.templatesDir, `${name}-review.yaml`)));
        assert.deepEqual(
            [review.valid, review.summary, review.findings.map((f: { code: string }) => f.code)],
            [false, { tiers: 2, rules: 7, overrides: 1, errors: 1, warnings: 0 }, ["SG100"]],
        );
        const html = read(path.join(run.reportsDir, `${name}-review.html`));
        assert.ok(html.includes('<span class="badge error">not valid</span>'));
        const finding = /<div class="finding error" id="finding-1" data-testid="finding">[^]*?<\/div>/.exec(html)?.[0] ?? "";
        assert.ok(
            finding.includes(
                '<span class="badge error">error</span> <code>SG100</code> <span class="muted">test/fixtures/review/invalid.yaml:15:19</span> <code>overrides.tiers.db.ingress[0].source</code>',
            ),
            finding,
        );
        assert.ok(finding.includes("<p>tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet</p>"), finding);
        assert.match(finding, /<p><strong>Why it matters:<\/strong> databases exposed to the internet /);
        assert.match(finding, /<p><strong>Fix:<\/strong> reach the database through a tier reference/);
    });

    it("writes nothing for a config that has no set to review, and prints its findings", () => {
        const run = runReview(`${REVIEW_FIXTURES}/unreadable.yaml`);
        assert.equal(run.code, 1, run.stderr);
        assert.equal(
            run.stdout,
            [
                `${REVIEW_FIXTURES}/unreadable.yaml:15:11  error  SG010  overrides.tiers.web.ingress[0].sauce`,
                '  unknown key "sauce"',
                "  fix: did you mean source? (keys allowed here: protocol, port, port_range, icmp_type, icmp_code, source, source_tier, source_prefix_list, self, description)",
                "",
                `${REVIEW_FIXTURES}/unreadable.yaml is not valid (1 error, 0 warnings); no report was written`,
                "",
            ].join("\n"),
        );
        assert.equal(fs.existsSync(run.templatesDir), false);
        assert.deepEqual(
            fs.readdirSync(run.reportsDir).map((file) => file.replace(/\d{8}_\d{6}_\d{3}/, "STAMP")),
            ["unreadable-create-review-report-STAMP.log"],
        );
        const json = runReview(`${REVIEW_FIXTURES}/unreadable.yaml`, ["--json"]);
        const out = JSON.parse(json.stdout);
        assert.deepEqual([json.code, out.name, out.valid, out.files, out.findings.length], [1, null, false, null, 1]);
    });

    describe("escaping", () => {
        it("shows markup from tag keys, tag values and findings as text, never as markup", () => {
            const run = runReview(`${REVIEW_FIXTURES}/escaping.yaml`);
            assert.equal(run.code, 1, "the aws: tag key is an error; the report is still written");
            const html = read(path.join(run.reportsDir, "acme-dev-d01-eu-west-1-sg-review.html"));
            assert.ok(html.includes("<code>owner</code>: &lt;img src=x onerror=alert(1)&gt;<br>"));
            assert.ok(html.includes("<code>aws:&lt;script&gt;alert(2)&lt;/script&gt;</code>: &quot;&gt;&lt;svg onload=alert(3)&gt;<br>"));
            assert.ok(html.includes("<p>tag key &quot;aws:&lt;script&gt;alert(2)&lt;/script&gt;&quot; uses the aws: prefix, which AWS reserves</p>"));
            assert.ok(html.includes("<code>tags[&quot;aws:&lt;script&gt;alert(2)&lt;/script&gt;&quot;]</code>"));
            for (const raw of ["<img", "<script", "onload=alert(3)>"]) assert.equal(html.includes(raw), false, `raw ${raw} in the page`);
            assert.equal((html.match(/<svg/g) ?? []).length, 1, "the diagram is the only svg element");
        });

        it("writes the report of a config whose rule description is markup, showing it as text next to the error", () => {
            const run = runReview(`${REVIEW_FIXTURES}/markup-description.yaml`);
            assert.equal(run.code, 1, "EC2 refuses < and > in a description");
            const html = read(path.join(run.reportsDir, "acme-dev-d01-eu-west-1-sg-review.html"));
            assert.ok(html.includes("<td>&lt;img src=x onerror=alert(1)&gt;</td>"), "the rule's description, as text");
            assert.ok(
                html.includes("description &quot;&lt;img src=x onerror=alert(1)&gt;&quot; has characters EC2 refuses: &quot;&lt;&quot; &quot;&gt;&quot;"),
                "the finding, as text",
            );
            assert.equal(html.includes("<img"), false);
            const yaml = read(path.join(run.templatesDir, "acme-dev-d01-eu-west-1-sg-review.yaml"));
            assert.ok(yaml.includes("        description: <img src=x onerror=alert(1)>\n"), "the YAML keeps the text as written");
        });

        it("escapes a rule description and peer labels that came from anywhere but the schema-checked config", () => {
            const validation = validate(OVERRIDES);
            const set = validation.set as SecurityGroupSet;
            const tiers = set.tiers.map((tier) => ({ ...tier, rules: tier.rules.map((rule) => ({ ...rule, description: PAYLOAD })) }));
            const html = renderReviewHtml(
                buildReview({ ...validation, set: { ...set, tiers }, partialSet: { ...set, tiers } }, { cwd: REPO }) as NonNullable<ReturnType<typeof buildReview>>,
            );
            assert.equal((html.match(/<td>&lt;img src=x onerror=alert\(1\)&gt;<\/td>/g) ?? []).length, 13);
            assert.equal(html.includes("<img"), false);
            const svg = renderTopologySvg({
                nodes: [
                    { id: "a", kind: "tier", label: PAYLOAD },
                    { id: "b", kind: "cidr", label: "b" },
                ],
                edges: [{ from: "a", to: "b", label: "</text><script>alert(1)</script>", overrides: [PAYLOAD] }],
            }).value;
            assert.equal(svg.includes("<img"), false);
            assert.equal(svg.includes("<script"), false);
            assert.ok(svg.includes(">&lt;img src=x onerror=alert(1)&gt;</text>"));
        });
    });

    describe("the review model", () => {
        it("labels each override rule with its path and each port substitution with the port it replaced", () => {
            const review = buildReview(validate(EXAMPLE_RELATIVE), { file: EXAMPLE, cwd: REPO });
            assert.ok(review);
            assert.equal(review.configFile, EXAMPLE_RELATIVE);
            const rows = review.tiers.flatMap((tier) => tier.rules.map((rule) => [tier.name, rule.direction, rule.peer, rule.protocol, rule.ports, rule.override ?? null]));
            assert.deepEqual(rows, [
                ["web", "ingress", "0.0.0.0/0", "tcp", "80", null],
                ["web", "ingress", "0.0.0.0/0", "tcp", "443", null],
                ["web", "ingress", "::/0", "tcp", "80", null],
                ["web", "ingress", "::/0", "tcp", "443", null],
                ["web", "egress", "0.0.0.0/0", "tcp", "443", { path: "overrides.tiers.web.egress[0]" }],
                ["web", "egress", "app tier", "tcp", "8443", { path: "overrides.ports.app", replacedPort: 8080 }],
                ["app", "ingress", "web tier", "tcp", "8443", { path: "overrides.ports.app", replacedPort: 8080 }],
                ["app", "ingress", "web tier", "tcp", "9090", { path: "overrides.tiers.app.ingress[0]" }],
                ["app", "egress", "db tier", "tcp", "5432", null],
                ["db", "ingress", "app tier", "tcp", "5432", null],
            ]);
            assert.deepEqual(
                review.tiers.map((tier) => tier.servicePortOverride ?? null),
                [null, { path: "overrides.ports.app", replacedPort: 8080 }, null],
            );
        });

        it("reviews what could be understood of an invalid config, and nothing when there is no set", () => {
            const invalid = buildReview(validate(`${REVIEW_FIXTURES}/invalid.yaml`), { cwd: REPO });
            assert.deepEqual([invalid?.valid, invalid?.counts], [false, { tiers: 2, rules: 7, overrides: 1, errors: 1, warnings: 0 }]);
            assert.equal(buildReview(validate(`${REVIEW_FIXTURES}/unreadable.yaml`)), undefined);
            assert.equal(buildReview(validateConfigFile(tempFile(configYaml("no-such-scenario")))), undefined);
        });

        it("gives the same review whatever order the rules come in", () => {
            const validation = validate(OVERRIDES);
            const set = validation.set as SecurityGroupSet;
            const reversed = { ...set, tiers: set.tiers.map((tier) => ({ ...tier, rules: [...tier.rules].reverse() })) };
            assert.deepEqual(buildReview({ ...validation, set: reversed }, { cwd: REPO }), buildReview(validation, { cwd: REPO }));
        });
    });

    describe("topology", () => {
        it("draws ingress as peer to tier and egress as tier to peer, merging parallel flows, as text", () => {
            const set = validate(EXAMPLE_RELATIVE).set as SecurityGroupSet;
            assert.deepEqual(renderTopologyText(topologyOf(set.tiers)), [
                "internet --tcp 80,443--> web",
                "web --tcp 443--> internet  [overrides.tiers.web.egress[0]]",
                "web --tcp 8443,9090--> app  [overrides.ports.app, overrides.tiers.app.ingress[0]]",
                "app --tcp 5432--> db",
            ]);
        });

        it("works on a scenario's tiers alone, and lists tiers with no flow", () => {
            const set = validateConfigFile(tempFile(configYaml("two-tier-web-app"))).set as SecurityGroupSet;
            const topology: Topology = topologyOf([...set.tiers.map((tier) => ({ name: tier.name, rules: tier.rules })), { name: "batch", rules: [] }]);
            assert.deepEqual(topology.nodes[0], { id: "internet", kind: "internet", label: "internet", detail: "0.0.0.0/0, ::/0" });
            assert.deepEqual(renderTopologyText(topology), ["internet --tcp 80,443--> web", "web --tcp 8080--> app", "batch: no allowed flows"]);
        });

        it("merges flows per protocol, gives every peer kind its node, and lays out peers it was not told about", () => {
            const rules = [
                makeRule({ peer: { kind: "cidr", family: "ipv4", cidr: "0.0.0.0/0" }, ports: { from: 8000, to: 8100 } }),
                makeRule({ peer: { kind: "cidr", family: "ipv4", cidr: "0.0.0.0/0" }, protocol: "udp", ports: { from: 53, to: 53 } }),
                makeRule({ peer: { kind: "cidr", family: "ipv4", cidr: "0.0.0.0/0" }, ports: { from: 443, to: 443 } }),
                makeRule({ direction: "egress", peer: { kind: "security-group", id: "sg-0123456789abcdef0" }, protocol: "all", ports: undefined }),
                makeRule({ direction: "egress", peer: { kind: "tier", tier: "batch" }, protocol: "icmp", ports: undefined }),
            ];
            const topology = topologyOf([{ name: "edge", rules }]);
            assert.deepEqual(renderTopologyText(topology), ["internet --tcp 443,8000-8100; udp 53--> edge", "edge --icmp--> batch", "edge --all traffic--> sg-0123456789abcdef0"]);
            const svg = renderTopologySvg(topology).value;
            assert.deepEqual(
                [...svg.matchAll(/data-node="([^"]*)"/g)].map((m) => m[1]),
                ["internet", "tier:edge", "tier:batch", "security-group:sg-0123456789abcdef0"],
            );
        });

        it("names the override behind a rule: the rule itself, else the port override, else none", () => {
            const origin = { kind: "scenario" as const, path: "tiers.app.ingress[0]" };
            assert.deepEqual(overrideOf({ origin: { kind: "override", path: "overrides.tiers.db.ingress[0]" } }), { path: "overrides.tiers.db.ingress[0]" });
            assert.deepEqual(overrideOf({ origin, portSource: { tier: "app", scenarioPort: 8080, port: 8443, overridePath: "overrides.ports.app" } }), {
                path: "overrides.ports.app",
                replacedPort: 8080,
            });
            assert.equal(overrideOf({ origin, portSource: { tier: "app", scenarioPort: 8080, port: 8080 } }), undefined);
        });
    });

    describe("blocking findings at a glance", () => {
        /** The ids every `href="#..."` of the page points at, and whether an element carries each. */
        function anchors(html: string): [string, boolean][] {
            return [...html.matchAll(/href="#([^"]+)"/g)].map((m) => [m[1], html.includes(` id="${m[1]}"`)]);
        }

        it("marks the rule a finding is on: 3306 to the internet blocking, 22 a warning, the egress override neither", () => {
            const review = buildReview(validate(BLOCKING), { cwd: REPO });
            assert.ok(review);
            const web = review.tiers[0].rules.map((rule) => [rule.id, rule.direction, rule.peer, rule.ports, rule.status ?? null, rule.findings, rule.override?.path ?? null]);
            assert.deepEqual(web, [
                ["rule-web-1", "ingress", "0.0.0.0/0", "22", "warning", [{ code: "SG110", severity: "warning" }], "overrides.tiers.web.ingress[1]"],
                ["rule-web-2", "ingress", "0.0.0.0/0", "80", null, [], null],
                ["rule-web-3", "ingress", "0.0.0.0/0", "443", null, [], null],
                ["rule-web-4", "ingress", "0.0.0.0/0", "3306", "blocking", [{ code: "SG100", severity: "error" }], "overrides.tiers.web.ingress[0]"],
                ["rule-web-5", "ingress", "::/0", "80", null, [], null],
                ["rule-web-6", "ingress", "::/0", "443", null, [], null],
                ["rule-web-7", "egress", "0.0.0.0/0", "443", null, [], "overrides.tiers.web.egress[0]"],
                ["rule-web-8", "egress", "app tier", "8080", null, [], null],
            ]);
            assert.deepEqual(
                review.tiers.slice(1).flatMap((tier) => tier.rules.map((rule) => [rule.id, rule.status ?? null])),
                [
                    ["rule-app-1", null],
                    ["rule-app-2", null],
                    ["rule-db-1", null],
                ],
            );
            assert.deepEqual(
                review.findings.map((finding) => [finding.id, finding.code, finding.path, finding.rules]),
                [
                    ["finding-1", "SG100", "overrides.tiers.web.ingress[0].source", ["rule-web-4"]],
                    ["finding-2", "SG110", "overrides.tiers.web.ingress[1].source", ["rule-web-1"]],
                ],
            );
        });

        it("ties a finding the port override draws to the one rule it was computed for, and a finding on no rule to none", () => {
            const config = configYaml("three-tier-mysql", "overrides:\n  ports:\n    web: 3306\ntags:\n  aws:owner: team\n");
            const validation = validateConfigFile(tempFile(config));
            assert.deepEqual(
                validation.findings.map((finding) => [
                    finding.code,
                    finding.path,
                    finding.related?.map((place) => [path.relative(REPO, place.file ?? ""), place.path, place.line, place.column]) ?? null,
                ]),
                [
                    ["SG100", "overrides.ports.web", [["scenarios/three-tier-mysql.yaml", "tiers.web.ingress[2]", 17, 9]]],
                    ["SG100", "overrides.ports.web", [["scenarios/three-tier-mysql.yaml", "tiers.web.ingress[3]", 21, 9]]],
                    ["SG035", 'tags["aws:owner"]', null],
                ],
            );
            const review = buildReview(validation);
            assert.ok(review);
            assert.deepEqual(
                review.findings.map((finding) => [finding.code, finding.path, finding.rules]),
                [
                    ["SG100", "overrides.ports.web", ["rule-web-2"]],
                    ["SG100", "overrides.ports.web", ["rule-web-4"]],
                    ["SG035", 'tags["aws:owner"]', []],
                ],
            );
            assert.deepEqual(
                review.tiers.flatMap((tier) =>
                    tier.rules.filter((rule) => rule.status).map((rule) => [rule.id, rule.peer, rule.ports, rule.origin.path, rule.status, rule.findings]),
                ),
                [
                    ["rule-web-2", "0.0.0.0/0", "3306", "tiers.web.ingress[2]", "blocking", [{ code: "SG100", severity: "error" }]],
                    ["rule-web-4", "::/0", "3306", "tiers.web.ingress[3]", "blocking", [{ code: "SG100", severity: "error" }]],
                ],
                "the tier rules that take web's port draw no finding, so they stay unmarked",
            );
            const banner = /<section class="banner blocking"[^]*?<\/section>/.exec(renderReviewHtml(review))?.[0] ?? "";
            assert.deepEqual(
                [
                    ...banner.matchAll(
                        /<li class="error" data-testid="banner-finding"><span class="badge blocking">blocking<\/span> <a href="#([^"]+)"><code>([^<]+)<\/code> ([^<]+)<\/a>:/g,
                    ),
                ].map((m) => [m[1], m[2], m[3]]),
                [
                    ["rule-web-2", "SG100", "web tier: ingress tcp 3306 from 0.0.0.0/0"],
                    ["rule-web-4", "SG100", "web tier: ingress tcp 3306 from ::/0"],
                    ["finding-3", "SG035", "details below"],
                ],
                "each rule once, by its own finding",
            );
            assert.equal(banner.includes("more rule"), false);
        });

        it("opens the page with a red banner listing each finding, linked to its rule's row", () => {
            const run = runReview(BLOCKING);
            assert.equal(run.code, 1, run.stderr);
            const html = read(path.join(run.reportsDir, `${BLOCKING_SET}-review.html`));
            const header = /<header>\n<h1>[^\n]*<\/h1>\n(<section [^]*?<\/section>)\n<p class="subtitle">/.exec(html)?.[1] ?? "";
            assert.ok(header.startsWith('<section class="banner blocking" id="verdict" data-testid="verdict-banner">'), header);
            assert.ok(
                header.includes(
                    '<p class="verdict"><span class="badge error">not valid</span> <strong>1 blocking finding: fix it before this set can be deployed.</strong> <span class="muted">3 tiers, 11 rules (3 from overrides); 1 error, 1 warning</span></p>',
                ),
                header,
            );
            assert.deepEqual(
                [...header.matchAll(/<li class="(error|warning)" data-testid="banner-finding">(.*)<\/li>/g)].map((m) => [m[1], m[2]]),
                [
                    [
                        "error",
                        '<span class="badge blocking">blocking</span> <a href="#rule-web-4"><code>SG100</code> web tier: ingress tcp 3306 from 0.0.0.0/0</a>: tcp 3306 from 0.0.0.0/0 makes MySQL (3306) reachable from the internet <span class="muted">test/fixtures/review/blocking.yaml:17:19</span> <code>overrides.tiers.web.ingress[0].source</code>',
                    ],
                    [
                        "warning",
                        '<span class="badge warning">warning</span> <a href="#rule-web-1"><code>SG110</code> web tier: ingress tcp 22 from 0.0.0.0/0</a>: tcp 22 from 0.0.0.0/0 makes SSH (22) reachable from the internet <span class="muted">test/fixtures/review/blocking.yaml:21:19</span> <code>overrides.tiers.web.ingress[1].source</code>',
                    ],
                ],
            );
            assert.ok(header.indexOf("Blocking (errors):") < header.indexOf("1 warning to review:"));
            assert.ok(html.indexOf('data-testid="verdict-banner"') < html.indexOf('<table class="names">'), "the banner comes before the names");
            const links = anchors(html);
            assert.deepEqual(
                links.filter(([id]) => id.startsWith("rule-")).map(([id]) => id),
                ["rule-web-4", "rule-web-1", "rule-web-4", "rule-web-1"],
            );
            assert.deepEqual(
                links.filter(([, exists]) => !exists),
                [],
                "every link leads to an element of the page",
            );
        });

        it("colours the rows: red and named for blocking, amber for warnings, an override tag apart from both", () => {
            const html = read(path.join(runReview(BLOCKING).reportsDir, `${BLOCKING_SET}-review.html`));
            const row = (id: string) => new RegExp(`<tr id="${id}"[^>]*>.*</tr>`).exec(html)?.[0] ?? "";
            assert.ok(
                row("rule-web-4").startsWith(
                    '<tr id="rule-web-4" class="blocking override" data-status="blocking" data-testid="override-row" data-override="overrides.tiers.web.ingress[0]"><td class="status"><span class="badge blocking">blocking SG100</span></td>',
                ),
                row("rule-web-4"),
            );
            assert.ok(
                row("rule-web-1").startsWith(
                    '<tr id="rule-web-1" class="warning override" data-status="warning" data-testid="override-row" data-override="overrides.tiers.web.ingress[1]"><td class="status"><span class="badge warning">warning SG110</span></td>',
                ),
                row("rule-web-1"),
            );
            assert.ok(
                row("rule-web-7").startsWith(
                    '<tr id="rule-web-7" class="override" data-testid="override-row" data-override="overrides.tiers.web.egress[0]"><td class="status muted">ok</td>',
                ),
                row("rule-web-7"),
            );
            assert.ok(
                row("rule-web-7").endsWith(
                    '<td class="source"><span class="badge override">override</span> <code class="override-path">overrides.tiers.web.egress[0]</code></td></tr>',
                ),
            );
            assert.ok(row("rule-web-2").startsWith('<tr id="rule-web-2"><td class="status muted">ok</td>'), row("rule-web-2"));
            assert.equal((html.match(/<tr id="[^"]*" class="blocking/g) ?? []).length, 1);
            assert.equal((html.match(/<tr id="[^"]*" class="warning/g) ?? []).length, 1);
        });

        it("draws the blocking flow as its own red edge, the warning amber, the safe ports grey, overrides dashed", () => {
            const html = read(path.join(runReview(BLOCKING).reportsDir, `${BLOCKING_SET}-review.html`));
            const edges = [
                ...html.matchAll(
                    /<g class="(edge[^"]*)" data-from="([^"]*)" data-to="([^"]*)"><title>[^<]*<\/title><path d="[^"]*" fill="none" stroke="([^"]*)" stroke-width="[^"]*"( stroke-dasharray="6 4")?.*?<text [^>]*>([^<]*)<\/text><\/g>/g,
                ),
            ].map((m) => [m[1], `${m[2]} -> ${m[3]}`, m[4], m[5] ? "dashed" : "solid", m[6]]);
            assert.deepEqual(edges, [
                ["edge blocking override", "internet -> tier:web", "#b3261e", "dashed", "tcp 3306"],
                ["edge warning override", "internet -> tier:web", "#b07800", "dashed", "tcp 22"],
                ["edge", "internet -> tier:web", "#5b6475", "solid", "tcp 80,443"],
                ["edge override", "tier:web -> internet", "#5b6475", "dashed", "tcp 443"],
                ["edge", "tier:web -> tier:app", "#5b6475", "solid", "tcp 8080"],
                ["edge", "tier:app -> tier:db", "#5b6475", "solid", "tcp 3306"],
            ]);
            assert.ok(html.includes("<title>internet → web: tcp 3306 (blocking) (override: overrides.tiers.web.ingress[0])</title>"));
            assert.match(html, /<figcaption class="muted">[^<]*Red edges carry only flows with a blocking finding/);
            const yaml = parse(read(path.join(runReview(BLOCKING).templatesDir, `${BLOCKING_SET}-review.yaml`)));
            assert.deepEqual(yaml.flows.slice(0, 3), [
                "internet --tcp 3306--> web (blocking)  [overrides.tiers.web.ingress[0]]",
                "internet --tcp 22--> web (warning)  [overrides.tiers.web.ingress[1]]",
                "internet --tcp 80,443--> web",
            ]);
        });

        it("gives each rule its status and finding codes in the YAML, and nothing more to a rule without findings", () => {
            const yaml = parse(read(path.join(runReview(BLOCKING).templatesDir, `${BLOCKING_SET}-review.yaml`)));
            const web = yaml.tiers[0].rules;
            assert.deepEqual(web[3], {
                direction: "ingress",
                peer: "0.0.0.0/0",
                internet: true,
                protocol: "tcp",
                ports: "3306",
                description: "MySQL from anywhere",
                source: "config overrides.tiers.web.ingress[0]",
                override: { path: "overrides.tiers.web.ingress[0]" },
                status: "blocking",
                findings: ["SG100"],
            });
            assert.deepEqual([web[0].status, web[0].findings], ["warning", ["SG110"]]);
            assert.deepEqual(Object.keys(web[6]), ["direction", "peer", "internet", "protocol", "ports", "description", "source", "override"]);
        });

        it("is green with no finding, amber with warnings only", () => {
            const clean = read(path.join(runReview(EXAMPLE_RELATIVE).reportsDir, `${EXAMPLE_SET}-review.html`));
            assert.ok(
                clean.includes(
                    '<section class="banner clear" id="verdict" data-testid="verdict-banner">\n<p class="verdict"><span class="badge valid">valid</span> <strong>No blocking findings: every check passed.</strong> <span class="muted">3 tiers, 10 rules (4 from overrides); 0 errors, 0 warnings</span></p>\n</section>\n',
                ),
            );
            assert.equal(clean.includes('data-testid="banner-finding"'), false);
            const warned = read(path.join(runReview(OVERRIDES).reportsDir, `${OVERRIDES_SET}-review.html`));
            const banner = /<section class="banner warning" id="verdict" data-testid="verdict-banner">[^]*?<\/section>/.exec(warned)?.[0] ?? "";
            assert.ok(banner.includes("<strong>No blocking findings.</strong>"), banner);
            assert.ok(banner.includes('<p class="list-title">1 warning to review:</p>'), banner);
            assert.ok(banner.includes('<a href="#rule-app-1"><code>SG113</code> app tier: ingress tcp 9100 from 10.20.0.0/16</a>'), banner);
            assert.ok(warned.includes('<tr id="rule-app-1" class="warning override" data-status="warning"'));
            assert.equal(warned.includes('class="blocking'), false);
        });

        it("links a finding about no rule to its details below", () => {
            const run = runReview(`${REVIEW_FIXTURES}/escaping.yaml`);
            const html = read(path.join(run.reportsDir, "acme-dev-d01-eu-west-1-sg-review.html"));
            assert.match(
                html,
                /<li class="error" data-testid="banner-finding"><span class="badge blocking">blocking<\/span> <a href="#finding-3"><code>SG035<\/code> details below<\/a>: tag key /,
            );
            assert.ok(html.includes('<div class="finding error" id="finding-3" data-testid="finding">\n<p><span class="badge error">error</span> <code>SG035</code>'));
        });
    });

    describe("what the findings mark", () => {
        const SPLIT = configYaml(
            "three-tier-mysql",
            [
                "overrides:",
                "  tiers:",
                "    db:",
                "      ingress:",
                "        - { protocol: tcp, port: 3306, source: 11.0.0.0/9, description: first half }",
                "        - { protocol: tcp, port: 3306, source: 11.128.0.0/9, description: second half }",
                "",
            ].join("\n"),
        );

        /** A three-tier-mysql config whose db tier takes 111 ingress rules written by `each`, then `last`. */
        function manyRules(each: (index: number) => string, last: string): string {
            const rules = Array.from({ length: 111 }, (_, index) => `        - ${each(index)}\n`).join("");
            return configYaml("three-tier-mysql", `overrides:\n  tiers:\n    db:\n      ingress:\n${rules}        - ${last}\n`);
        }

        it("ties a combined exposure (SG102) to every rule it adds up, in the finding, its JSON, its SARIF and the review", () => {
            const file = tempFile(SPLIT);
            const validation = validateConfigFile(file);
            assert.deepEqual(
                validation.findings.map((finding) => [finding.code, finding.path, finding.related ?? null]),
                [
                    [
                        "SG102",
                        "overrides.tiers.db.ingress[0].source",
                        [
                            { file, path: "overrides.tiers.db.ingress[0].source", line: 12, column: 48 },
                            { file, path: "overrides.tiers.db.ingress[1].source", line: 13, column: 48 },
                        ],
                    ],
                    ["SG113", "overrides.tiers.db.ingress[0].source", null],
                    ["SG113", "overrides.tiers.db.ingress[1].source", null],
                ],
            );
            const json = JSON.parse(runCli(["validate-config", path.basename(file), "--json"], { cwd: path.dirname(file) }).stdout);
            assert.deepEqual(json.findings[0].related, [
                { file: "config.yaml", path: "overrides.tiers.db.ingress[0].source", line: 12, column: 48 },
                { file: "config.yaml", path: "overrides.tiers.db.ingress[1].source", line: 13, column: 48 },
            ]);
            assert.equal(json.findings[1].related, undefined);
            const sarif = JSON.parse(runCli(["validate-config", path.basename(file), "--format", "sarif"], { cwd: path.dirname(file) }).stdout);
            const place = (line: number, index: number) => ({
                physicalLocation: { artifactLocation: { uri: "config.yaml" }, region: { startLine: line, startColumn: 48 } },
                logicalLocations: [{ fullyQualifiedName: `overrides.tiers.db.ingress[${index}].source` }],
            });
            assert.deepEqual(
                sarif.runs[0].results.map((result: { ruleId: string; locations: unknown; relatedLocations?: unknown }) => [
                    result.ruleId,
                    result.locations,
                    result.relatedLocations ?? null,
                ]),
                [
                    [
                        "SG102",
                        [place(12, 0)],
                        [
                            { id: 0, ...place(12, 0), message: { text: "a rule this finding is about" } },
                            { id: 1, ...place(13, 1), message: { text: "a rule this finding is about" } },
                        ],
                    ],
                    ["SG113", [place(12, 0)], null],
                    ["SG113", [place(13, 1)], null],
                ],
            );
            const review = buildReview(validation);
            assert.ok(review);
            assert.deepEqual(
                review.tiers[2].rules.map((rule) => [rule.id, rule.peer, rule.status ?? null, rule.findings.map((finding) => finding.code)]),
                [
                    ["rule-db-1", "11.0.0.0/9", "blocking", ["SG102", "SG113"]],
                    ["rule-db-2", "11.128.0.0/9", "blocking", ["SG102", "SG113"]],
                    ["rule-db-3", "app tier", null, []],
                ],
            );
            assert.deepEqual(
                review.findings.map((finding) => [finding.code, finding.rules]),
                [
                    ["SG102", ["rule-db-1", "rule-db-2"]],
                    ["SG113", ["rule-db-1"]],
                    ["SG113", ["rule-db-2"]],
                ],
            );
            assert.deepEqual(
                review.topology.edges.filter((edge) => edge.to === "tier:db").map((edge) => [edge.from, edge.label, edge.status ?? null]),
                [
                    ["tier:app", "tcp 3306", null],
                    ["cidr:11.0.0.0/9", "tcp 3306", "blocking"],
                    ["cidr:11.128.0.0/9", "tcp 3306", "blocking"],
                ],
            );
        });

        it("lists a finding about many rules on one banner line, the first linked and the rest counted, and every rule in its details", () => {
            // 11.0.0.0/8 in eight /11 blocks, one rule each: together the same 0.45% as two /9.
            const blocks = Array.from({ length: 8 }, (_, index) => `11.${index * 32}.0.0/11`);
            const rules = blocks.map((block, index) => `        - { protocol: tcp, port: 3306, source: ${block}, description: part ${index} }\n`).join("");
            const file = tempFile(configYaml("three-tier-mysql", `overrides:\n  tiers:\n    db:\n      ingress:\n${rules}`));
            const validation = validateConfigFile(file);
            const combined = validation.findings[0];
            assert.equal(
                combined.message,
                "together, 8 ingress rules (11.0.0.0/11, 11.32.0.0/11, 11.64.0.0/11, 11.96.0.0/11 and 4 more) make MySQL (3306) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space (rules at overrides.tiers.db.ingress[0], overrides.tiers.db.ingress[1], overrides.tiers.db.ingress[2], overrides.tiers.db.ingress[3] and 4 more)",
            );
            assert.deepEqual(
                combined.related?.map((place) => place.path),
                blocks.map((_, index) => `overrides.tiers.db.ingress[${index}].source`),
                "the message names four, the finding every one",
            );
            const review = buildReview(validation);
            assert.ok(review);
            // The table's order sorts peers as text: 11.128.0.0/11 before 11.32.0.0/11.
            const sorted = ["11.0.0.0/11", "11.128.0.0/11", "11.160.0.0/11", "11.192.0.0/11", "11.224.0.0/11", "11.32.0.0/11", "11.64.0.0/11", "11.96.0.0/11"];
            assert.deepEqual(
                review.tiers[2].rules.map((rule) => [rule.peer, rule.status ?? null]),
                [...sorted.map((block) => [block, "blocking"]), ["app tier", null]],
            );
            const html = renderReviewHtml(review);
            const items = [...html.matchAll(/<li class="error" data-testid="banner-finding">(.*)<\/li>/g)].map((m) => m[1]);
            assert.equal(items.length, 1);
            assert.ok(
                items[0].startsWith(
                    '<span class="badge blocking">blocking</span> <a href="#rule-db-1"><code>SG102</code> db tier: ingress tcp 3306 from 11.0.0.0/11</a> <a href="#finding-1">+7 more rules</a>: together, 8 ingress rules',
                ),
                items[0],
            );
            const details = /<div class="finding error" id="finding-1" data-testid="finding">[^]*?<\/div>/.exec(html)?.[0] ?? "";
            assert.deepEqual(
                /<p class="muted">Rules: (.*)<\/p>/.exec(details)?.[1].split("; "),
                sorted.map((block, index) => `<a href="#rule-db-${index + 1}">db tier: ingress tcp 3306 from ${block}</a>`),
            );
            assert.ok(html.includes('<p class="muted">Rule: <a href="#rule-db-6">db tier: ingress tcp 3306 from 11.32.0.0/11</a></p>'), "a finding about one rule says Rule");
        });

        it("marks rules and edges and counts by every finding, past the list's cap: the 112th, a warning", () => {
            const config = manyRules(
                (index) => `{ protocol: tcp, port: 3306, source: 10.${index}.0.0/16, description: subnet ${index} }`,
                "{ protocol: tcp, port: 22, source: 0.0.0.0/0, description: SSH }",
            );
            const validation = validateConfigFile(tempFile(config));
            assert.deepEqual([validation.findings.length, validation.uncapped?.length], [101, 112]);
            assert.equal(validation.findings[100].message, "and 12 more findings (12 warnings) not shown");
            const review = buildReview(validation);
            assert.ok(review);
            const ssh = review.tiers[2].rules.filter((rule) => rule.peer === "0.0.0.0/0");
            assert.deepEqual(
                ssh.map((rule) => [rule.id, rule.ports, rule.status, rule.findings]),
                [["rule-db-1", "22", "warning", [{ code: "SG110", severity: "warning" }]]],
            );
            assert.deepEqual(review.tiers[2].rules.filter((rule) => rule.status === "warning").length, 112, "the 111 broad blocks, 11 of them past the cap, and SSH");
            assert.deepEqual(
                review.topology.edges.filter((edge) => edge.from === "internet").map((edge) => [edge.to, edge.label, edge.status ?? null]),
                [
                    ["tier:web", "tcp 80,443", null],
                    ["tier:db", "tcp 22", "warning"],
                ],
            );
            assert.deepEqual([review.counts.errors, review.counts.warnings, review.findings.length], [0, 112, 101]);
            const banner = /<section class="banner warning"[^]*?<\/section>/.exec(renderReviewHtml(review))?.[0] ?? "";
            assert.ok(banner.includes('<strong>No blocking findings.</strong> <span class="muted">3 tiers, 120 rules (112 from overrides); 0 errors, 112 warnings</span>'), banner);
            assert.ok(banner.includes('<p class="list-title">112 warnings to review:</p>'), banner);
            assert.equal((banner.match(/data-testid="banner-finding"/g) ?? []).length, 101, "the list keeps its cap");
            assert.ok(banner.includes("<code>SG007</code> details below</a>: and 12 more findings (12 warnings) not shown"), banner);
        });

        it("marks rules and edges and counts by every finding, past the list's cap: the 112th, an error", () => {
            const config = manyRules(
                (index) => `{ protocol: tcp, port: 3306, source: 10.0.${index}.0/24 }`,
                "{ protocol: tcp, port: 3306, source: 0.0.0.0/0, description: MySQL }",
            );
            const validation = validateConfigFile(tempFile(config));
            assert.deepEqual([validation.findings.length, validation.uncapped?.length, validation.findings.some((finding) => finding.code === "SG100")], [101, 112, false]);
            const review = buildReview(validation);
            assert.ok(review);
            assert.deepEqual(
                review.tiers[2].rules.filter((rule) => rule.peer === "0.0.0.0/0").map((rule) => [rule.id, rule.ports, rule.status, rule.findings]),
                [["rule-db-1", "3306", "blocking", [{ code: "SG100", severity: "error" }]]],
            );
            assert.deepEqual(
                review.topology.edges.filter((edge) => edge.from === "internet").map((edge) => [edge.to, edge.label, edge.status ?? null]),
                [
                    ["tier:web", "tcp 80,443", null],
                    ["tier:db", "tcp 3306", "blocking"],
                ],
            );
            assert.deepEqual([review.counts.errors, review.counts.warnings], [112, 0]);
            const html = renderReviewHtml(review);
            assert.ok(
                html.includes(
                    '<p class="verdict"><span class="badge error">not valid</span> <strong>112 blocking findings: fix them before this set can be deployed.</strong> <span class="muted">3 tiers, 120 rules (112 from overrides); 112 errors, 0 warnings</span></p>',
                ),
            );
            assert.match(html, /<g class="edge blocking override" data-from="internet" data-to="tier:db"><title>internet → db: tcp 3306 \(blocking\)/);
        });

        it("colours a tier's self flows in its box by status: blocking red and bold, warning amber, the rest grey", () => {
            const config = configYaml(
                "three-tier-mysql",
                [
                    "overrides:",
                    "  tiers:",
                    "    db:",
                    "      ingress:",
                    "        - { protocol: tcp, port: 3307, self: true }",
                    '        - { protocol: tcp, port_range: "1000-5000", self: true, description: wide }',
                    "        - { protocol: tcp, port: 4444, self: true, description: gossip }",
                    "",
                ].join("\n"),
            );
            const review = buildReview(validateConfigFile(tempFile(config)));
            assert.ok(review);
            assert.deepEqual(
                review.findings.map((finding) => [finding.code, finding.severity, finding.rules]),
                [
                    ["SG114", "error", ["rule-db-2"]],
                    ["SG111", "warning", ["rule-db-1"]],
                ],
            );
            const box = /<g class="node tier" data-node="tier:db">.*<\/g>/.exec(renderTopologySvg(review.topology).value)?.[0] ?? "";
            assert.deepEqual(
                [...box.matchAll(/<text( class="[^"]*")? x="\d+" y="\d+" text-anchor="middle" font-size="11"( font-weight="700")? fill="([^"]*)">([^<]*)<\/text>/g)].map((m) => [
                    m[1] ?? "",
                    m[2] ? "bold" : "",
                    m[3],
                    m[4],
                ]),
                [
                    ["", "", "#5b6475", "port 3306"],
                    [' class="self blocking"', "bold", "#8c1d18", "self: tcp 3307 (blocking)"],
                    [' class="self warning"', "", "#6b4a00", "self: tcp 1000-5000 (warning)"],
                    ["", "", "#5b6475", "self: tcp 4444"],
                ],
            );
        });
    });

    it("answers the seed form --config NAME --action create-review-report with the default directories", () => {
        const cwd = tempDir("sgp-review-seed-");
        fs.mkdirSync(path.join(cwd, "configs"));
        fs.copyFileSync(EXAMPLE, path.join(cwd, "configs", "globalbank-prod-c001-us-west-2-sg.yaml"));
        const result = runCli(["--config", "globalbank-prod-c001-us-west-2-sg.yaml", "--action", "create-review-report"], { cwd });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`\nwrote templates/${EXAMPLE_SET}-review\\.yaml\nwrote reports/${EXAMPLE_SET}-review\\.html\n`));
        assert.ok(fs.existsSync(path.join(cwd, "templates", `${EXAMPLE_SET}-review.yaml`)));
        assert.ok(fs.existsSync(path.join(cwd, "reports", `${EXAMPLE_SET}-review.html`)));
    });

    it("never loads the Pulumi SDK", () => {
        const out = path.join(tempDir("sgp-modules-"), "modules.json");
        const dir = tempDir("sgp-review-");
        const result = runCli(["create-review-report", EXAMPLE, "--templates-dir", dir, "--reports-dir", dir], {
            preload: path.join(REPO, "test", "support", "record-modules.js"),
            env: { SGP_MODULES_OUT: out },
        });
        assert.equal(result.code, 0, result.stderr);
        const modules = JSON.parse(read(out)) as string[];
        assert.deepEqual(
            modules.filter((file) => file.includes(`${path.sep}@pulumi${path.sep}`)),
            [],
        );
        assert.ok(
            modules.some((file) => file.includes(`${path.sep}@dagrejs${path.sep}dagre${path.sep}`)),
            "the control: the layout library was loaded",
        );
    });
});
