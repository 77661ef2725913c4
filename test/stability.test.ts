import { strict as assert } from "node:assert";
import fc from "fast-check";
import { RuleSpec } from "../provider/core/src/config/types";
import { planResources } from "../provider/core/src/plan/resources";
import { validateConfigData } from "../provider/core/src/plan/validate";
import { baseConfig } from "./support/config";

const octet = fc.integer({ min: 0, max: 255 });

/** What a rule allows: tcp/udp on a port, or ICMP of every type, one type, or one type and code. */
const trafficArb: fc.Arbitrary<Pick<RuleSpec, "protocol" | "port" | "icmp_type" | "icmp_code">> = fc.oneof(
    fc.record({ protocol: fc.constantFrom("tcp", "udp"), port: fc.integer({ min: 9000, max: 9999 }) }),
    fc.constant({ protocol: "icmp" }),
    octet.map((type) => ({ protocol: "icmp", icmp_type: type })),
    fc.tuple(octet, octet).map(([type, code]) => ({ protocol: "icmp", icmp_type: type, icmp_code: code })),
);

/** Distinct, valid override rules for the app tier, from the web tier or a private /24. */
const ruleArb: fc.Arbitrary<RuleSpec> = fc
    .record({
        traffic: trafficArb,
        peer: fc.oneof(
            fc.constant({ source_tier: "web" }),
            octet.map((third) => ({ source: `10.20.${third}.0/24` })),
        ),
        description: fc.constantFrom("Metrics", "Health checks", "Admin API"),
    })
    .map(({ traffic, peer, ...rest }) => ({ ...traffic, ...rest, ...peer }));

const identity = (rule: RuleSpec) => `${rule.protocol}|${rule.port}|${rule.icmp_type}|${rule.icmp_code}|${rule.source ?? rule.source_tier}`;
const rulesArb = fc.uniqueArray(ruleArb, { minLength: 1, maxLength: 12, selector: identity });

/** Resource name -> inputs for a config whose app tier has these extra ingress rules. */
function plan(rules: readonly RuleSpec[]): Map<string, string> {
    const validation = validateConfigData({ ...baseConfig(), overrides: { tiers: { app: { ingress: [...rules] } } } });
    assert.ok(validation.set, JSON.stringify(validation.findings));
    return new Map(planResources("n", validation.set).map((spec) => [spec.name, JSON.stringify(spec.args)]));
}

function changed(before: Map<string, string>, after: Map<string, string>): { added: string[]; removed: string[]; modified: string[] } {
    return {
        added: [...after.keys()].filter((name) => !before.has(name)),
        removed: [...before.keys()].filter((name) => !after.has(name)),
        modified: [...after.keys()].filter((name) => before.has(name) && before.get(name) !== after.get(name)),
    };
}

describe("one rule, one resource: edits to a rule list touch exactly one resource", () => {
    it("adding a rule anywhere adds exactly one resource and changes no other", () => {
        fc.assert(
            fc.property(rulesArb, fc.nat(), (rules, at) => {
                const [extra, ...rest] = rules;
                const index = at % (rest.length + 1);
                const diff = changed(plan(rest), plan([...rest.slice(0, index), extra, ...rest.slice(index)]));
                assert.equal(diff.added.length, 1);
                assert.deepEqual([diff.removed, diff.modified], [[], []]);
            }),
        );
    });

    it("removing a rule removes exactly one resource and changes no other", () => {
        fc.assert(
            fc.property(rulesArb, fc.nat(), (rules, at) => {
                const index = at % rules.length;
                const diff = changed(plan(rules), plan([...rules.slice(0, index), ...rules.slice(index + 1)]));
                assert.equal(diff.removed.length, 1);
                assert.deepEqual([diff.added, diff.modified], [[], []]);
            }),
        );
    });

    it("reordering rules changes nothing at all", () => {
        fc.assert(
            fc.property(
                rulesArb.chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length }))),
                ([rules, shuffled]) => {
                    assert.deepEqual(changed(plan(rules), plan(shuffled)), { added: [], removed: [], modified: [] });
                },
            ),
        );
    });

    it("rewording one description updates that resource in place (same name)", () => {
        fc.assert(
            fc.property(rulesArb, fc.nat(), (rules, at) => {
                const index = at % rules.length;
                const edited = rules.map((rule, i) => (i === index ? { ...rule, description: `${rule.description} v2` } : rule));
                const diff = changed(plan(rules), plan(edited));
                assert.deepEqual([diff.added, diff.removed, diff.modified.length], [[], [], 1]);
            }),
        );
    });
});
