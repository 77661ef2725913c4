import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { validateConfigData, validateConfigFile } from "../provider/core/src/plan/validate";
import { DANGEROUS_OVERRIDES } from "./fixtures/dangerous-overrides";
import { baseConfig, configYaml, tempFile } from "./support/config";

describe("config validation: nothing dangerous reaches the internet", () => {
    for (const danger of DANGEROUS_OVERRIDES) {
        it(`rejects ${danger.title}`, () => {
            const overrides = stringify({ overrides: { tiers: { [danger.tier]: { ingress: [danger.rule] } } } });
            const file = tempFile(configYaml("three-tier-postgres", overrides));
            const validation = validateConfigFile(file);
            assert.equal(validation.set, undefined, "an invalid config must not produce a set to build");
            const errors = validation.findings.filter((finding) => finding.severity === "error");
            // yaml.stringify puts the rule's first key on line 12, one key per line, keys at column 11.
            const line = 12 + Object.keys(danger.rule).indexOf(danger.field);
            const column = 11 + `${danger.field}: `.length;
            assert.deepEqual(
                errors.map(({ code, path, file: where, line: l, column: c, message }) => ({ code, path, file: where, line: l, column: c, message })),
                [{ code: danger.code, path: `overrides.tiers.${danger.tier}.ingress[0].${danger.field}`, file, line, column, message: danger.message }],
            );
        });
    }

    it("blames a port override that turns the web tier's HTTPS rules into a database port", () => {
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", "overrides:\n  ports:\n    web: 5432\n")));
        assert.deepEqual(
            validation.findings.map(({ code, severity, path, line, column, message }) => ({ code, severity, path, line, column, message })),
            ["0.0.0.0/0", "::/0"].map((cidr, index) => ({
                code: "SG100",
                severity: "error",
                path: "overrides.ports.web",
                line: 10,
                column: 10,
                message: `tcp 5432 from ${cidr} makes PostgreSQL (5432) reachable from the internet, after the port override overrides.ports.web: 5432 (the scenario's rule at tiers.web.ingress[${index + 2}] uses it)`,
            })),
        );
    });

    it("rejects rules of one tier whose blocks add up to the internet, though no rule does alone", () => {
        const halves = ["52.0.0.0/9", "52.128.0.0/9"].map((source) => ({ protocol: "tcp", port: 5432, source, description: "Partner" }));
        const file = tempFile(configYaml("three-tier-postgres", stringify({ overrides: { tiers: { db: { ingress: halves } } } })));
        const validation = validateConfigFile(file);
        assert.equal(validation.set, undefined);
        assert.deepEqual(
            validation.findings.filter((finding) => finding.severity === "error").map(({ code, path, line, message }) => ({ code, path, line, message })),
            [
                {
                    code: "SG102",
                    path: "overrides.tiers.db.ingress[0].source",
                    line: 14,
                    message:
                        "together, 2 ingress rules (52.0.0.0/9, 52.128.0.0/9) make PostgreSQL (5432) reachable from the internet: their IPv4 blocks cover 0.45% of public IPv4 space (rules at overrides.tiers.db.ingress[0], overrides.tiers.db.ingress[1])",
                },
            ],
        );
    });

    it("rejects the same dangerous rules passed as component args, without a file", () => {
        const danger = DANGEROUS_OVERRIDES[0];
        const validation = validateConfigData({ ...baseConfig(), overrides: { tiers: { db: { ingress: [danger.rule] } } } });
        assert.equal(validation.set, undefined);
        assert.deepEqual(
            validation.findings.map(({ code, path, file, line }) => ({ code, path, file, line })),
            [{ code: "SG100", path: "overrides.tiers.db.ingress[0].source", file: undefined, line: undefined }],
        );
    });

    it("accepts 80 and 443 from the internet, ICMP, tier references, self, prefix lists and private CIDRs", () => {
        const safe = stringify({
            overrides: {
                tiers: {
                    web: {
                        ingress: [
                            { protocol: "icmp", source: "0.0.0.0/0", description: "Ping" },
                            { protocol: "icmpv6", source: "::/0", description: "Ping v6" },
                        ],
                    },
                    db: {
                        ingress: [
                            { protocol: "tcp", port: 5432, source: "10.0.11.0/24", description: "Reporting subnet" },
                            { protocol: "tcp", port: 5432, source_prefix_list: "pl-0123456789abcdef0", description: "Corporate VPN" },
                            { protocol: "tcp", port: 5432, self: true, description: "Replication" },
                        ],
                    },
                },
            },
        });
        const validation = validateConfigFile(tempFile(configYaml("three-tier-postgres", safe)));
        assert.deepEqual(validation.findings, []);
        assert.notEqual(validation.set, undefined);
    });
});
