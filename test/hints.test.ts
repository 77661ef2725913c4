import { strict as assert } from "node:assert";
import { parseCidr } from "../provider/core/src/model/peer";
import { NormalizedRule } from "../provider/core/src/model/rule";
import { validateConfigFile } from "../provider/core/src/plan/validate";
import { checkRule } from "../provider/core/src/rules/checks";
import { didYouMean } from "../provider/core/src/util/suggest";
import { configYaml, tempFile } from "./support/config";

/**
 * Fixes are built from the set's own scenario: the tiers it has and the rule's own port and
 * protocol. Each case is a config's override rules and the exact (code, path, fix) it must give.
 */
function fixes(scenario: string, overrides: string): { code: string; path?: string; fix: string }[] {
    const validation = validateConfigFile(tempFile(configYaml(scenario, overrides)));
    return validation.findings.map((finding) => ({ code: finding.code, path: finding.path, fix: finding.fix }));
}

function ingress(tier: string, rule: string): string {
    return `overrides:\n  tiers:\n    ${tier}:\n      ingress:\n${rule}`;
}

describe("hints that fit the scenario", () => {
    describe("two-tier-mysql (tiers web and db)", () => {
        it("SG100 suggests the tier that talks to the database in this scenario (web), never one the scenario lacks", () => {
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", "        - protocol: tcp\n          port: 3306\n          source: 0.0.0.0/0\n          description: MySQL\n")), [
                {
                    code: "SG100",
                    path: "overrides.tiers.db.ingress[0].source",
                    fix: "reach the database through a tier reference (source_tier: web) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0",
                },
            ]);
        });

        it("SG100 on an IPv6 rule gives an IPv6 private CIDR as the other way", () => {
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", '        - protocol: tcp\n          port: 3306\n          source: "::/0"\n          description: MySQL\n')), [
                {
                    code: "SG100",
                    path: "overrides.tiers.db.ingress[0].source",
                    fix: "reach the database through a tier reference (source_tier: web) or a private CIDR (such as fd00:0:0:11::/64), never ::/0",
                },
            ]);
        });

        it('SG021 does not take "ap" for a typo of "db": it lists the tiers of two-tier-mysql', () => {
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", "        - protocol: tcp\n          port: 3306\n          source_tier: ap\n          description: MySQL\n")), [
                { code: "SG021", path: "overrides.tiers.db.ingress[0].source_tier", fix: "use one of the tiers of two-tier-mysql: web, db" },
            ]);
        });

        it("SG021 suggests the tier a one-letter typo meant, and lists the tiers for two edits in a three-letter word (wbe)", () => {
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", "        - protocol: tcp\n          port: 3306\n          source_tier: wbe\n          description: MySQL\n")), [
                { code: "SG021", path: "overrides.tiers.db.ingress[0].source_tier", fix: "use one of the tiers of two-tier-mysql: web, db" },
            ]);
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", "        - protocol: tcp\n          port: 3306\n          source_tier: dbb\n          description: MySQL\n")), [
                { code: "SG021", path: "overrides.tiers.db.ingress[0].source_tier", fix: "did you mean db? (tiers of two-tier-mysql: web, db)" },
            ]);
        });

        it("SG114's example for an SSH rule is SSH on its own port and peer", () => {
            assert.deepEqual(fixes("two-tier-mysql", ingress("db", "        - protocol: tcp\n          port: 22\n          source_tier: web\n")), [
                {
                    code: "SG114",
                    path: "overrides.tiers.db.ingress[0].description",
                    fix: 'add description: with why the rule exists, such as "SSH on tcp 22 from the web tier"',
                },
            ]);
            assert.deepEqual(fixes("two-tier-mysql", ingress("web", "        - protocol: tcp\n          port: 22\n          source: 10.0.0.0/24\n")), [
                {
                    code: "SG114",
                    path: "overrides.tiers.web.ingress[0].description",
                    fix: 'add description: with why the rule exists, such as "SSH on tcp 22 from 10.0.0.0/24"',
                },
            ]);
        });

        it("SG022 and SG023 list the tiers of two-tier-mysql for an unknown tier", () => {
            assert.deepEqual(
                fixes("two-tier-mysql", "overrides:\n  ports:\n    ap: 8080\n  tiers:\n    ap:\n      ingress: []\n").map((finding) => [finding.code, finding.fix]),
                [
                    ["SG022", "use one of the tiers of two-tier-mysql: web, db"],
                    ["SG023", "use one of the tiers of two-tier-mysql: web, db"],
                ],
            );
        });
    });

    describe("three-tier-postgres (tiers web, app and db)", () => {
        it("SG100 on the db tier suggests its client, the app tier", () => {
            assert.deepEqual(
                fixes("three-tier-postgres", ingress("db", "        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: PostgreSQL\n")),
                [
                    {
                        code: "SG100",
                        path: "overrides.tiers.db.ingress[0].source",
                        fix: "reach the database through a tier reference (source_tier: app) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0",
                    },
                ],
            );
        });

        it("SG100 on the app tier suggests its client, the web tier, not the app tier itself", () => {
            assert.deepEqual(
                fixes("three-tier-postgres", ingress("app", "        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: PostgreSQL\n")),
                [
                    {
                        code: "SG100",
                        path: "overrides.tiers.app.ingress[0].source",
                        fix: "reach the database through a tier reference (source_tier: web) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0",
                    },
                ],
            );
        });

        it("SG100 on the web tier, which no tier reaches, suggests the first other tier", () => {
            assert.deepEqual(
                fixes("three-tier-postgres", ingress("web", "        - protocol: tcp\n          port: 5432\n          source: 0.0.0.0/0\n          description: PostgreSQL\n")),
                [
                    {
                        code: "SG100",
                        path: "overrides.tiers.web.ingress[0].source",
                        fix: "reach the database through a tier reference (source_tier: app) or a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0",
                    },
                ],
            );
        });

        it('SG021 takes "ap" for a typo of "app"', () => {
            assert.deepEqual(
                fixes("three-tier-postgres", ingress("db", "        - protocol: tcp\n          port: 5432\n          source_tier: ap\n          description: PostgreSQL\n")),
                [{ code: "SG021", path: "overrides.tiers.db.ingress[0].source_tier", fix: "did you mean app? (tiers of three-tier-postgres: web, app, db)" }],
            );
        });

        it("SG114's example uses the rule's own protocol, port and peer", () => {
            assert.deepEqual(
                fixes(
                    "three-tier-postgres",
                    "overrides:\n  tiers:\n    app:\n      egress:\n        - protocol: udp\n          port_range: 8000-8100\n          destination_tier: db\n      ingress:\n        - protocol: icmp\n          source_tier: web\n",
                ).map((finding) => finding.fix),
                [
                    'add description: with why the rule exists, such as "udp 8000-8100 to the db tier"',
                    'add description: with why the rule exists, such as "icmp from the web tier"',
                ],
            );
        });
    });

    describe("checkRule with a scene", () => {
        function databaseRule(kind: "override" | "resource", source: string): NormalizedRule {
            const parsed = parseCidr(source);
            assert.ok(parsed.ok);
            return { direction: "ingress", protocol: "tcp", ports: { from: 3306, to: 3306 }, peer: parsed.peer, description: "MySQL", origin: { kind, path: "ingress[0]" } };
        }

        it("SG100 in a scenario with no other tier suggests a private CIDR only", () => {
            const scene = { scenario: "db-only", tier: "db", tiers: ["db"], clients: [] };
            assert.deepEqual(
                checkRule(databaseRule("override", "0.0.0.0/0"), undefined, scene).map((finding) => finding.fix),
                ["reach the database through a private CIDR (such as 10.0.11.0/24), never 0.0.0.0/0; db-only has no other tier to reference"],
            );
        });

        it("SG100 names a client tier of the scene, never the rule's own tier", () => {
            const scene = { scenario: "s", tier: "db", tiers: ["db", "batch", "api"], clients: ["db", "api"] };
            assert.deepEqual(
                checkRule(databaseRule("override", "::/0"), undefined, scene).map((finding) => finding.fix),
                ["reach the database through a tier reference (source_tier: api) or a private CIDR (such as fd00:0:0:11::/64), never ::/0"],
            );
        });

        it("SG100 on a Pulumi resource keeps the resource's words, whatever the scene", () => {
            const scene = { scenario: "s", tier: "db", tiers: ["web", "db"], clients: ["web"] };
            assert.deepEqual(
                checkRule(databaseRule("resource", "0.0.0.0/0"), undefined, scene).map((finding) => finding.fix),
                ["allow the database only from its clients' security group (referencedSecurityGroupId, sourceSecurityGroupId) or a private CIDR, never 0.0.0.0/0"],
            );
        });
    });

    describe("didYouMean", () => {
        it("suggests only plausible typos: at most one edit per three letters of the candidate, and at most half the letters typed", () => {
            assert.deepEqual(
                ["ap", "d", "x", "wbe", "dbb", "regin", "sauce", "tpc", "db"].map((value) => didYouMean(value, ["web", "app", "db", "region", "source", "tcp"])),
                ["app", undefined, undefined, undefined, "db", "region", "source", undefined, "db"],
            );
        });

        it("suggests nothing from an empty list", () => {
            assert.equal(didYouMean("web", []), undefined);
        });
    });
});
