import { PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import Ajv from "ajv";
import fc from "fast-check";
import { strict as assert } from "node:assert";
import { AWS_TYPES } from "../policypack/src/adapters";
import {
    EXPLICIT_ONLY_CODES,
    Exemption,
    ExemptedViolation,
    covers,
    coversCode,
    decideExemption,
    exemptionNote,
    exemptionsSchema,
    parseExemptions,
    policyCodes,
    utcDay,
} from "../policypack/src/exemptions";
import { POLICIES } from "../policypack/src/policies";
import { EXPOSURE_SCHEMA } from "../policypack/src/policies/exposure";
import { violationCode, withExemptions } from "../policypack/src/with-exemptions";

const DATABASE = "security-group-no-internet-database-ports";
const DATABASE_CODES = ["SG100", "SG101", "SG102"];
const URN = (name: string, type: string = AWS_TYPES.securityGroup) => `urn:pulumi:prod::billing::${type}::${name}`;
const resource = (name: string, code?: string): ExemptedViolation => ({ urn: URN(name), name, code });
const byName = (pattern: string, expires = "2026-03-31", reason = "approved", codes?: string[]): Exemption => ({
    target: { kind: "name", pattern },
    reason,
    expires,
    ...(codes ? { codes } : {}),
});
const byUrn = (urn: string, expires = "2026-03-31", reason = "approved", codes?: string[]): Exemption => ({
    target: { kind: "urn", urn },
    reason,
    expires,
    ...(codes ? { codes } : {}),
});

/** Characters a name glob may hold besides the wildcards. */
const LITERAL = fc.constantFrom(..."abcXYZ019-_.:()|+$^{}!@#, ".split(""));
const literalText = (minLength: number) => fc.array(LITERAL, { minLength, maxLength: 12 }).map((chars) => chars.join(""));

describe("policy pack exemptions: the module", () => {
    describe("covers: a URN exactly, a name by glob", () => {
        const table: [Exemption, string, boolean][] = [
            [byUrn(URN("legacy-db")), "legacy-db", true],
            [byUrn(URN("legacy-db")), "legacy-db2", false],
            [byUrn(URN("legacy")), "legacy-db", false],
            [byName("legacy-*"), "legacy-db", true],
            [byName("legacy-*"), "legacy-", true],
            [byName("legacy-*"), "legacy", false],
            [byName("legacy-*"), "Legacy-db", false],
            [byName("legacy-*"), "legacy-db/rule", false],
            [byName("legacy-db"), "legacy-db/", false],
            [byName("legacy-*"), "legacy-db/", false],
            [byName("l*-db"), "legacy-db", true],
            [byName("l*-db"), "legacy-db-2", false],
            [byName("db-?"), "db-1", true],
            [byName("db-?"), "db-12", false],
            [byName("db-?"), "db-/", false],
            [byName("db-?"), "db-\u00e9", true],
            [byName("db-?"), "db-\u{1F600}", true],
            [byName(".*"), ".hidden", true],
            [byName(".*"), ".", true],
            [byName(".?"), "..", true],
            [byName("a*."), "a.", true],
            [byName("a.b"), "axb", false],
            [byName("a.*"), "a\nb", false],
            [byName("a*"), "a\nb", true],
            [byName("(a|b)"), "a", false],
            [byName("(a|b)"), "(a|b)", true],
            [byName("{a,b}"), "a", false],
            [byName("{a,b}"), "{a,b}", true],
            [byName("!a"), "b", false],
            [byName("+(a)"), "a", false],
            [byName("a+"), "aa", false],
            [byName("a$^"), "a$^", true],
            [byName("a**b"), "a-x-b", true],
            [byName("#x"), "#x", true],
        ];
        for (const [exemption, name, expected] of table) {
            const label = exemption.target.kind === "urn" ? `urn ${exemption.target.urn}` : `name ${exemption.target.pattern}`;
            it(`${label} ${expected ? "covers" : "does not cover"} ${JSON.stringify(name)}`, () => assert.equal(covers(exemption, resource(name)), expected));
        }

        it("fast-check: a pattern without wildcards matches exactly the name it spells", () => {
            fc.assert(
                fc.property(literalText(1), literalText(0), (pattern, name) => {
                    assert.equal(covers(byName(pattern), resource(name)), name === pattern);
                    assert.equal(covers(byName(pattern), resource(pattern)), true);
                }),
            );
        });

        it("fast-check: * stands for any run of characters, ? for any one; a name holding / is left to URNs", () => {
            fc.assert(
                fc.property(literalText(1), literalText(0), literalText(0), (prefix, middle, suffix) => {
                    const name = `${prefix}${middle}${suffix}`;
                    assert.equal(covers(byName(`${prefix}*${suffix}`), resource(name)), true);
                    assert.equal(covers(byName(`${prefix}*`), resource(name)), true);
                    assert.equal(covers(byName(`${prefix}*${suffix}`), resource(`${prefix}/${middle}${suffix}`)), false);
                    assert.equal(covers(byName(`${prefix}*${suffix}`), resource(`${name}/`)), false);
                    if (middle.length === 1) assert.equal(covers(byName(`${prefix}?${suffix}`), resource(name)), true);
                    assert.equal(covers(byUrn(URN(name)), resource(name)), true);
                }),
            );
        });

        it("fast-check: a pattern covers only names that start with what it spells before its first wildcard", () => {
            const wildcard = fc.constantFrom("*", "?");
            fc.assert(
                fc.property(literalText(1), wildcard, literalText(0), literalText(0), (prefix, first, rest, name) => {
                    fc.pre(!name.startsWith(prefix));
                    assert.equal(covers(byName(`${prefix}${first}${rest}`), resource(name)), false);
                }),
            );
        });
    });

    describe("coversCode: the listed codes, or by default all but SG101", () => {
        it("SG101 (every port from the internet) is the one code covered only when listed", () => assert.deepEqual(EXPLICIT_ONLY_CODES, ["SG101"]));
        const table: [string | undefined, string[] | undefined, boolean][] = [
            ["SG100", undefined, true],
            ["SG102", undefined, true],
            ["SG101", undefined, false],
            ["SG101", ["SG101"], true],
            ["SG101", ["SG100"], false],
            ["SG100", ["SG100"], true],
            ["SG102", ["SG100"], false],
            ["SG102", ["SG100", "SG102"], true],
            [undefined, undefined, true],
            [undefined, ["SG100"], false],
        ];
        for (const [code, codes, expected] of table) {
            it(`${codes ? `codes ${codes.join(",")}` : "no codes"} ${expected ? "covers" : "does not cover"} ${code ?? "an uncoded finding"}`, () =>
                assert.equal(coversCode(byName("legacy-*", "2026-03-31", "approved", codes), code), expected));
        }
    });

    describe("decideExemption: through the expiry day, UTC, for the codes it covers", () => {
        const db = resource("legacy-db", "SG100");
        const table: [string, readonly Exemption[], string, string | undefined][] = [
            ["the day before", [byName("legacy-*")], "2026-03-30", "exempt"],
            ["the expiry day itself", [byName("legacy-*")], "2026-03-31", "exempt"],
            ["the day after", [byName("legacy-*")], "2026-04-01", "expired"],
            ["a year later", [byName("legacy-*")], "2027-01-01", "expired"],
            ["no exemption matches", [byName("other-*"), byUrn(URN("other"))], "2026-03-30", "none"],
            ["an expired one listed before a live one", [byName("legacy-*", "2026-01-31"), byUrn(db.urn, "2026-12-31")], "2026-03-30", "exempt"],
            ["only for another code", [byName("legacy-*", "2026-03-31", "approved", ["SG102"])], "2026-03-30", "none"],
            ["no exemptions", [], "2026-03-30", "none"],
        ];
        for (const [title, exemptions, today, kind] of table) {
            it(`${title}: ${kind}`, () => assert.equal(decideExemption(exemptions, db, today).kind, kind));
        }

        it("SG101 on the same resource: not exempted by default, nor said to have expired", () => {
            const every = resource("legacy-db", "SG101");
            assert.equal(decideExemption([byName("legacy-*")], every, "2026-03-30").kind, "none");
            assert.equal(decideExemption([byName("legacy-*", "2026-01-31")], every, "2026-03-30").kind, "none");
            assert.equal(decideExemption([byName("legacy-*", "2026-03-31", "approved", ["SG101"])], every, "2026-03-30").kind, "exempt");
        });

        it("names the live exemption, else the first expired one", () => {
            const live = byUrn(db.urn, "2026-12-31", "renewed");
            const first = byName("legacy-*", "2026-01-31", "first");
            assert.deepEqual(decideExemption([first, live], db, "2026-03-30"), { kind: "exempt", exemption: live });
            assert.deepEqual(decideExemption([first, byName("l*-db", "2026-02-28")], db, "2026-03-30"), { kind: "expired", exemption: first });
        });

        it("utcDay: the calendar day in UTC, whatever the clock's offset", () => {
            assert.equal(utcDay(new Date("2026-03-31T23:59:59.999Z")), "2026-03-31");
            assert.equal(utcDay(new Date("2026-03-31T20:00:00-05:00")), "2026-04-01");
            assert.equal(utcDay(new Date("2026-04-01T01:00:00+02:00")), "2026-03-31");
        });
    });

    describe("exemptionNote", () => {
        it("names the exemption, its reason and expiry; or says it expired", () => {
            assert.equal(exemptionNote({ kind: "none" }), undefined);
            assert.equal(
                exemptionNote({ kind: "exempt", exemption: byName("vendor-*", "2026-09-30", 'Vendor "X" appliance') }),
                'Exempted until 2026-09-30 (UTC) by the exemption for name "vendor-*", reason: "Vendor \\"X\\" appliance".',
            );
            assert.equal(
                exemptionNote({ kind: "expired", exemption: byUrn(URN("db"), "2026-01-31", "SEC-1") }),
                `Not exempted: the exemption for urn "${URN("db")}" (reason: "SEC-1") expired on 2026-01-31.`,
            );
        });
    });

    describe("policyCodes: what the core's registry says each policy reports", () => {
        const byPolicy = Object.fromEntries(POLICIES.map((policy) => [policy.name, policyCodes(policy.name)]));
        it("per policy", () =>
            assert.deepEqual(byPolicy, {
                [DATABASE]: DATABASE_CODES,
                "security-group-combined-internet-exposure": ["SG102"],
                "security-group-rule-quota": [],
                "tiered-security-groups-ssm-parameters": [],
                "security-group-undecided-exposure": [],
                "security-group-broad-cidr-database-ports": ["SG113"],
                "security-group-internet-admin-ports": ["SG110"],
                "security-group-internet-ports-allowlist": ["SG115"],
                "security-group-rule-descriptions": ["SG114"],
                "security-group-mixed-rule-styles": [],
            }));

        it("each policy's schema takes exactly its own codes, and a policy without codes takes no codes", () => {
            for (const policy of POLICIES) {
                const items = (policy.configSchema?.properties.exemptions as { items: { properties: Record<string, { items?: { enum?: string[] } }> } }).items;
                assert.deepEqual(items.properties.codes?.items?.enum, byPolicy[policy.name].length > 0 ? byPolicy[policy.name] : undefined, policy.name);
            }
        });
    });

    describe("parseExemptions: only well-formed entries, so a malformed one exempts nothing", () => {
        const entry = { name: "vendor-*", reason: "r", expires: "2026-09-30" };
        const table: [string, unknown, Exemption[], string[]?][] = [
            ["a name", [entry], [byName("vendor-*", "2026-09-30", "r")]],
            ["a urn", [{ urn: URN("db"), reason: "r", expires: "2026-09-30" }], [byUrn(URN("db"), "2026-09-30", "r")]],
            ["codes of the policy", [{ ...entry, codes: ["SG101", "SG100"] }], [byName("vendor-*", "2026-09-30", "r", ["SG101", "SG100"])]],
            ["no codes listed", [{ ...entry, codes: [] }], []],
            ["a code the policy does not report", [{ ...entry, codes: ["SG100", "SG110"] }], []],
            ["a code twice", [{ ...entry, codes: ["SG100", "SG100"] }], []],
            ["codes not in a list", [{ ...entry, codes: "SG100" }], []],
            ["codes for a policy without codes", [{ ...entry, codes: ["SG100"] }], [], []],
            ["no codes for a policy without codes", [entry], [byName("vendor-*", "2026-09-30", "r")], []],
            ["both", [{ urn: URN("db"), name: "db", reason: "r", expires: "2026-09-30" }], []],
            ["neither", [{ reason: "r", expires: "2026-09-30" }], []],
            ["no reason", [{ name: "db", expires: "2026-09-30" }], []],
            ["a blank reason", [{ name: "db", reason: " \t", expires: "2026-09-30" }], []],
            ["no expiry", [{ name: "db", reason: "r" }], []],
            ["a day the month lacks", [{ name: "db", reason: "r", expires: "2026-02-30" }], []],
            ["an unknown key", [{ name: "db", reason: "r", expires: "2026-09-30", by: "me" }], []],
            ["a pattern of wildcards alone", [{ name: "*", reason: "r", expires: "2026-09-30" }], []],
            ["a pattern starting with *", [{ name: "*-db", reason: "r", expires: "2026-09-30" }], []],
            ["a pattern starting with ?", [{ name: "?egacy-db", reason: "r", expires: "2026-09-30" }], []],
            ["a bracket in the pattern", [{ name: "db-[12]", reason: "r", expires: "2026-09-30" }], []],
            ["a name, not a urn", [{ urn: "db", reason: "r", expires: "2026-09-30" }], []],
            ["not a list", { name: "db", reason: "r", expires: "2026-09-30" }, []],
            ["nothing", undefined, []],
        ];
        for (const [title, configured, expected, codes = DATABASE_CODES] of table) {
            it(title, () => assert.deepEqual(parseExemptions(configured, codes), expected));
        }

        for (const codes of [DATABASE_CODES, ["SG102"], []]) {
            it(`fast-check: the runtime keeps exactly the entries the config schema accepts, for a policy reporting [${codes.join(", ")}]`, () => {
                const validate = new Ajv({ strict: false }).compile(exemptionsSchema(codes));
                const value = fc.constantFrom<unknown>(
                    "",
                    " ",
                    "db",
                    "vendor-*",
                    "*",
                    "?",
                    "*-db",
                    "?b",
                    "db-[1]",
                    "a\\b",
                    "legacy/*",
                    URN("db"),
                    "urn:pulumi:",
                    "2026-09-30",
                    "2024-02-29",
                    "2026-02-29",
                    "2026-04-31",
                    "26-09-30",
                    "x",
                    "SG100",
                    [],
                    ["SG100"],
                    ["SG102"],
                    ["SG101", "SG100"],
                    ["SG100", "SG100"],
                    ["SG110"],
                    [1],
                );
                const entry = fc.record({ urn: value, name: value, codes: value, reason: value, expires: value, extra: value }, { requiredKeys: [] });
                fc.assert(
                    fc.property(entry, (candidate) => {
                        assert.equal(parseExemptions([candidate], codes).length === 1, validate([candidate]), JSON.stringify(candidate));
                    }),
                    { numRuns: 2000 },
                );
            });
        }
    });

    describe("violationCode: the finding code a message starts with", () => {
        const table: [string, string[], string | undefined | null][] = [
            ["SG100 cidrIpv4: tcp 5432 from 0.0.0.0/0", DATABASE_CODES, "SG100"],
            ["SG101: every port", DATABASE_CODES, "SG101"],
            ["SG102", DATABASE_CODES, "SG102"],
            ["SG110 tcp 22", DATABASE_CODES, null],
            ["SG1000 x", DATABASE_CODES, null],
            ["SG100x y", DATABASE_CODES, null],
            [" SG100 x", DATABASE_CODES, null],
            ["cidrIpv4: tcp 5432 from 0.0.0.0/0 (SG100)", DATABASE_CODES, null],
            ["", DATABASE_CODES, null],
            ["security group crowded: 61 ingress IPv4 rules", [], undefined],
        ];
        for (const [message, codes, expected] of table) {
            it(`${JSON.stringify(message)} of a policy reporting [${codes.join(", ")}]: ${expected}`, () => assert.equal(violationCode(message, codes), expected));
        }
    });

    describe("withExemptions: any policy", () => {
        type Report = string | { message: string; urn?: string; enforcementLevel: string };
        const recorder = () => {
            const reports: Report[] = [];
            const report = ((message: Report, urn?: string) => reports.push(typeof message === "string" && urn ? `${urn} ${message}` : message)) as ReportViolation;
            return { reports, report };
        };
        const resourceArgs = (name: string, config: object): ResourceValidationArgs =>
            ({ type: AWS_TYPES.securityGroup, name, urn: URN(name), props: {}, getConfig: () => config }) as unknown as ResourceValidationArgs;
        const exemptions = [{ name: "legacy-*", reason: "Vendor appliance", expires: "2026-03-31" }];
        const seen: object[] = [];
        /** A stand-in for the database-port policy: its name gives it SG100, SG101 and SG102. */
        const blocking = (...messages: string[]): ResourceValidationPolicy => ({
            name: DATABASE,
            description: "No exposure.",
            enforcementLevel: "mandatory",
            configSchema: EXPOSURE_SCHEMA,
            validateResource: (args, reportViolation) => {
                seen.push(args.getConfig());
                for (const message of messages) reportViolation(message);
            },
        });
        const at = (instant: string) => () => new Date(instant);
        const validate = (policy: ResourceValidationPolicy, name: string, config: object, clock = at("2026-03-01T00:00:00Z")) => {
            const { reports, report } = recorder();
            (withExemptions(policy, clock).validateResource as (args: ResourceValidationArgs, report: ReportViolation) => void)(resourceArgs(name, config), report);
            return reports;
        };
        const levels = (reports: Report[]) =>
            reports.map((entry) => (typeof entry === "string" ? `mandatory ${entry.split("\n")[0]}` : `advisory ${entry.message.split("\n")[1]}`));

        it("a live exemption reports through the object form, at advisory, the description above", () => {
            assert.deepEqual(validate(blocking("SG100 port 5432 is open"), "legacy-db", { exemptions, databasePorts: [5432] }, at("2026-03-31T23:59:00Z")), [
                {
                    message: 'No exposure.\nSG100 port 5432 is open\nExempted until 2026-03-31 (UTC) by the exemption for name "legacy-*", reason: "Vendor appliance".',
                    urn: undefined,
                    enforcementLevel: "advisory",
                },
            ]);
            assert.deepEqual(seen.at(-1), { databasePorts: [5432] }, "the policy never sees its exemptions");
        });

        it("the injected clock decides expiry: the next UTC day keeps the policy's level", () => {
            assert.deepEqual(validate(blocking("SG100 port 5432 is open"), "legacy-db", { exemptions }, at("2026-03-31T21:00:00-05:00")), [
                'SG100 port 5432 is open\nNot exempted: the exemption for name "legacy-*" (reason: "Vendor appliance") expired on 2026-03-31.',
            ]);
        });

        it("another resource is reported as it was", () => {
            assert.deepEqual(validate(blocking("SG100 port 5432 is open"), "billing-db", { exemptions }), ["SG100 port 5432 is open"]);
        });

        it("without codes, every port from the internet (SG101) on the exempted resource keeps its level; listed, it is exempted too", () => {
            const policy = blocking("SG100 port 5432 is open", "SG101 every port is open", "SG102 blocks add up");
            assert.deepEqual(levels(validate(policy, "legacy-db", { exemptions })), [
                "advisory SG100 port 5432 is open",
                "mandatory SG101 every port is open",
                "advisory SG102 blocks add up",
            ]);
            const onlySg100 = [{ ...exemptions[0], codes: ["SG100"] }];
            assert.deepEqual(levels(validate(policy, "legacy-db", { exemptions: onlySg100 })), [
                "advisory SG100 port 5432 is open",
                "mandatory SG101 every port is open",
                "mandatory SG102 blocks add up",
            ]);
            const withSg101 = [{ ...exemptions[0], codes: ["SG100", "SG101"] }];
            assert.deepEqual(levels(validate(policy, "legacy-db", { exemptions: withSg101 })), [
                "advisory SG100 port 5432 is open",
                "advisory SG101 every port is open",
                "mandatory SG102 blocks add up",
            ]);
        });

        it("a violation whose code cannot be read, or is not one of the policy's, is never exempted and gains no note", () => {
            const policy = blocking("port 5432 is open", "SG110 port 22 is open", "SG1000 x", " SG100 indented");
            const all = [{ ...exemptions[0], codes: DATABASE_CODES }];
            assert.deepEqual(validate(policy, "legacy-db", { exemptions: all }), ["port 5432 is open", "SG110 port 22 is open", "SG1000 x", " SG100 indented"]);
        });

        it("an exemption whose codes the policy does not report exempts nothing", () => {
            assert.deepEqual(validate(blocking("SG100 port 5432 is open"), "legacy-db", { exemptions: [{ ...exemptions[0], codes: ["SG110"] }] }), ["SG100 port 5432 is open"]);
        });

        it("wraps each of several validations, and adds the setting to the schema without touching the policy's own", () => {
            const several: ResourceValidationPolicy = {
                ...blocking(),
                validateResource: [(_args, reportViolation) => reportViolation("SG100 first"), (_args, reportViolation) => reportViolation("SG102 second")],
            };
            const policy = withExemptions(several, at("2026-03-01T00:00:00Z"));
            const { reports, report } = recorder();
            for (const validation of policy.validateResource as ((args: ResourceValidationArgs, report: ReportViolation) => void)[]) {
                validation(resourceArgs("legacy-db", { exemptions }), report);
            }
            assert.deepEqual(
                reports.map((entry) => (typeof entry === "string" ? entry : entry.enforcementLevel)),
                ["advisory", "advisory"],
            );
            assert.deepEqual(Object.keys(policy.configSchema?.properties ?? {}), ["databasePorts", "internetShare", "exemptions"]);
            assert.deepEqual(policy.configSchema?.properties.exemptions, exemptionsSchema(DATABASE_CODES));
            assert.deepEqual(Object.keys(EXPOSURE_SCHEMA.properties), ["databasePorts", "internetShare"], "the shared schema is left alone");
            const unconfigured: ResourceValidationPolicy = { name: "no-config", description: "d", validateResource: () => undefined };
            assert.deepEqual(withExemptions(unconfigured).configSchema, { properties: { exemptions: exemptionsSchema([]) } });
        });

        describe("a stack policy: the violation's URN decides, and only a security group of the stack is exempted", () => {
            const resources = [
                { name: "legacy-db", type: AWS_TYPES.securityGroup },
                { name: "legacy-default", type: AWS_TYPES.defaultSecurityGroup },
                { name: "billing-db", type: AWS_TYPES.securityGroup },
                { name: "legacy-rule", type: AWS_TYPES.ingressRule },
            ].map(({ name, type }) => ({ name, type, urn: URN(name, type) }) as PolicyResource);
            const urnOf = (name: string) => resources.find((resource) => resource.name === name)?.urn;
            const stackExemptions = [...exemptions, { urn: urnOf("legacy-rule"), reason: "One rule resource", expires: "2026-03-31" }];
            const stackArgs = { resources, getConfig: () => ({ exemptions: stackExemptions }) } as unknown as StackValidationArgs;
            /** The quota policy's name (no finding codes) and the combined-exposure one's (SG102). */
            const reporting = (name: string, message: string, urn?: string): StackValidationPolicy => ({
                name,
                description: "Stack rule.",
                enforcementLevel: "mandatory",
                validateStack: (_args, reportViolation) => reportViolation(message, urn),
            });
            const run = (urn?: string, name = "security-group-rule-quota", message = "too many rules") => {
                const { reports, report } = recorder();
                withExemptions(reporting(name, message, urn), at("2026-03-01T00:00:00Z")).validateStack(stackArgs, report);
                return reports.map((entry) => (typeof entry === "string" ? entry : `${entry.enforcementLevel} ${entry.urn}`));
            };

            it("a violation on the exempted group is advisory", () => assert.deepEqual(run(urnOf("legacy-db")), [`advisory ${urnOf("legacy-db")}`]));
            it("on a default security group too", () => assert.deepEqual(run(urnOf("legacy-default")), [`advisory ${urnOf("legacy-default")}`]));
            it("a violation of a coded policy is matched on its code as well", () => {
                const combined = "security-group-combined-internet-exposure";
                assert.deepEqual(run(urnOf("legacy-db"), combined, "SG102 blocks add up"), [`advisory ${urnOf("legacy-db")}`]);
                assert.deepEqual(run(urnOf("legacy-db"), combined, "blocks add up"), [`${urnOf("legacy-db")} blocks add up`]);
            });
            it("a violation on another group keeps its level", () => assert.deepEqual(run(urnOf("billing-db")), [`${urnOf("billing-db")} too many rules`]));
            it("a violation of the whole stack, naming no resource, is never exempted", () => assert.deepEqual(run(undefined), ["too many rules"]));
            it("a violation on a rule resource (a group outside the stack) is never exempted, though an exemption names its URN", () =>
                assert.deepEqual(run(urnOf("legacy-rule")), [`${urnOf("legacy-rule")} too many rules`]));
            it("a URN outside the stack is never exempted, whatever name it spells", () => assert.deepEqual(run(URN("legacy-x")), [`${URN("legacy-x")} too many rules`]));
        });
    });
});
