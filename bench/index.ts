/**
 * sg-provisioner's benchmarks: each figure is a ratio against a reference measured in the same run
 * (interleaved, median of the pairs), with peak memory, on this machine. Exits non-zero when a goal
 * is missed. Not part of `npm test`: a benchmark measures, a test asserts behaviour.
 *
 *   npm run bench              5 pairs of runs per figure
 *   npm run bench -- --runs 9  more pairs, for a quieter median
 *   npm run bench -- --only plan,validate
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runOffline } from "../provider/cli/src/engine/offline";
import { REPO } from "../test/support/config";
import { runProgram, tempProject } from "../test/support/language-host";
import { PACK_DIR, PolicyPackProcess, StackResource, configureAsTheCli } from "../test/support/policy-pack";
import { toStack } from "../test/support/stacks";
import { tempDir } from "../test/support/temp";
import { Sample, measureNode, median, paired, pairedRatio, procUsage } from "./support/measure";
import { RULES_PER_SET, writeSets } from "./support/sets";
import { configFileSource, validateConfigSource } from "sg-provisioner-core";

const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
const EXAMPLE = "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml";
const EXAMPLE_PLANNED =
    "17 resources to create: 1 sg-provisioner.index.TieredSecurityGroups, 3 aws.ec2.SecurityGroup, 7 aws.vpc.SecurityGroupIngressRule, 3 aws.vpc.SecurityGroupEgressRule, 3 aws.ssm.Parameter";
/** What `plan` cannot do without: Node, the Pulumi SDK and the three @pulumi/aws services the component uses. */
const SDK_FLOOR = 'require("@pulumi/pulumi"); require("@pulumi/aws/ec2"); require("@pulumi/aws/vpc"); require("@pulumi/aws/ssm");';

interface Figure {
    readonly name: string;
    readonly measured: string;
    readonly goal: string;
    readonly met: boolean;
    readonly peakMiB?: number;
}

function fixed(value: number, digits = 2): string {
    return value.toFixed(digits);
}

/** `plan` of the README's example against loading what it cannot avoid loading. */
async function planFigure(runs: number): Promise<Figure[]> {
    const reports = tempDir("sg-bench-reports-");
    const pairs = await paired(
        runs,
        () => measureNode({ args: [CLI, "plan", EXAMPLE, "--reports-dir", reports], cwd: REPO, lastLine: EXAMPLE_PLANNED }),
        () => measureNode({ args: ["-e", SDK_FLOOR], cwd: REPO }),
    );
    const ratio = pairedRatio(pairs, (sample) => sample.seconds);
    return [
        {
            name: "`plan` of the example / the SDK floor (wall)",
            measured: `${fixed(ratio)}x (${fixed(median(pairs.subject.map((s) => s.seconds)))} s / ${fixed(median(pairs.reference.map((s) => s.seconds)))} s; CPU ${fixed(pairedRatio(pairs, (s) => s.cpuSeconds))}x)`,
            goal: "<= 1.30x",
            met: ratio <= 1.3,
            peakMiB: Math.max(...pairs.subject.map((s) => s.peakMiB)),
        },
    ];
}

/** `validate-config` of the example against Node doing nothing. */
async function validateFigure(runs: number): Promise<Figure[]> {
    const reports = tempDir("sg-bench-reports-");
    const pairs = await paired(
        runs,
        () =>
            measureNode({
                args: [CLI, "validate-config", EXAMPLE, "--reports-dir", reports],
                cwd: REPO,
                lastLine: `${EXAMPLE} is valid: security group set globalbank-prod-c001-us-west-2-fraud-sg (0 errors, 0 warnings)`,
            }),
        () => measureNode({ args: ["-e", "0"], cwd: REPO }),
    );
    const wall = pairedRatio(pairs, (sample) => sample.seconds);
    const cpu = pairedRatio(pairs, (sample) => sample.cpuSeconds);
    return [
        {
            name: "`validate-config` of the example / `node -e 0` (wall, CPU)",
            measured: `${fixed(wall)}x wall, ${fixed(cpu)}x CPU (${fixed(median(pairs.subject.map((s) => s.seconds)))} s / ${fixed(median(pairs.reference.map((s) => s.seconds)))} s)`,
            goal: "<= 2.50x both",
            met: wall <= 2.5 && cpu <= 2.5,
            peakMiB: Math.max(...pairs.subject.map((s) => s.peakMiB)),
        },
    ];
}

/**
 * The goal for 100 sets is 5 s of CPU on the 2-core development machine, where the SDK floor
 * (above) cost 0.77-0.84 s of CPU (user + system, time(1), the machine quiet) when the work began.
 * Hosts differ, and this shared one drifted by a third within an hour, so the goal is held as the
 * ratio of 5 s to 0.8 s, against the floor measured in the same run.
 */
const FLOOR_CPU_AT_GOAL = 0.8;
const SCALE_GOAL = 5 / FLOOR_CPU_AT_GOAL;

/** Planning many sets in one process: CPU and memory at 10, 30 and 100 sets, and whether cost grows linearly. */
async function scaleFigure(runs: number): Promise<Figure[]> {
    const sizes = [10, 30, 100];
    const reports = tempDir("sg-bench-reports-");
    const dirs = sizes.map((size) => {
        const dir = tempDir(`sg-bench-${size}-sets-`);
        writeSets(dir, size);
        return dir;
    });
    const samples: Sample[][] = sizes.map(() => []);
    const floor: Sample[] = [];
    for (let run = 0; run < runs; run++) {
        floor.push(await measureNode({ args: ["-e", SDK_FLOOR], cwd: REPO }));
        for (const [index, dir] of dirs.entries()) {
            const size = sizes[index];
            // Every set planned, every rule resource with it: 30 rules, 3 groups, 3 parameters and the component.
            const lastLine = `planned ${size} of ${size} configs (${size * (RULES_PER_SET + 7)} resources); 0 not valid (0 errors, 0 warnings)`;
            samples[index].push(await measureNode({ args: [CLI, "plan", dir, "--reports-dir", reports], cwd: REPO, lastLine }));
        }
    }
    const cpu = samples.map((list) => median(list.map((sample) => sample.cpuSeconds)));
    const peak = samples.map((list) => Math.max(...list.map((sample) => sample.peakMiB)));
    const floorCpu = median(floor.map((sample) => sample.cpuSeconds));
    // Linear: a set costs no more in the last 70 than it did between 10 and 30 sets (with slack for noise).
    const early = (cpu[1] - cpu[0]) / (sizes[1] - sizes[0]);
    const late = (cpu[2] - cpu[1]) / (sizes[2] - sizes[1]);
    const curve = sizes.map((size, index) => `${size}: ${fixed(cpu[index])} s, ${Math.round(peak[index])} MiB`).join("; ");
    return [
        {
            name: `\`plan\` of 100 sets (${100 * RULES_PER_SET} rules) in one process: CPU / the SDK floor's CPU`,
            measured: `${fixed(cpu[2] / floorCpu)}x (${fixed(cpu[2])} s / ${fixed(floorCpu)} s; ${curve})`,
            goal: `<= ${fixed(SCALE_GOAL)}x (5 s where the floor costs ${fixed(FLOOR_CPU_AT_GOAL)} s)`,
            met: cpu[2] / floorCpu <= SCALE_GOAL,
        },
        { name: "… peak memory", measured: `${Math.round(peak[2])} MiB`, goal: "<= 500 MiB", met: peak[2] <= 500, peakMiB: peak[2] },
        {
            name: "… linear: CPU per set, sets 30-100 / sets 10-30",
            measured: `${fixed(late / early)}x (${fixed(late * 1000, 0)} ms / ${fixed(early * 1000, 0)} ms a set)`,
            goal: "<= 1.25x",
            // A negative early cost is noise, not linearity: it fails rather than passing as a ratio below 1.
            met: early > 0 && late / early <= 1.25,
        },
    ];
}

const NOTHING_PACK = `"use strict";
const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("nothing", {
    policies: [{ name: "nothing", description: "Checks nothing.", enforcementLevel: "advisory", validateResource: () => undefined }],
});
`;

/** A pack that checks nothing, written in JS: what any pack costs before its own work. */
function nothingPack(): string {
    const dir = tempDir("sg-bench-nothing-pack-");
    fs.writeFileSync(path.join(dir, "index.js"), NOTHING_PACK);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "nothing-pack", version: "0.0.1", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    // The pack resolves @pulumi/policy as an installed pack would, from node_modules beside it.
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/**
 * The database port of the example's db tier opened to the internet: the one violation in the
 * bench's stack, so that a pack which stopped checking would fail the figure instead of passing it.
 */
function openDatabase(resources: readonly StackResource[]): StackResource {
    const rule = resources.find((resource) => resource.name.endsWith("-db-ingress-tcp-5432-from-tier-app"));
    if (!rule) throw new Error("the example's plan has no db ingress rule on 5432 from the app tier");
    const { referencedSecurityGroupId: _tier, ...props } = rule.props;
    const name = rule.name.replace("-from-tier-app", "-from-cidr4-0.0.0.0/0");
    return { ...rule, name, urn: rule.urn?.replace(rule.name, name), props: { ...props, cidrIpv4: "0.0.0.0/0" } };
}

/** The example and four 30-rule sets, as the engine hands them to a pack at preview, and one violation. */
async function packStack(): Promise<StackResource[]> {
    const dir = tempDir("sg-bench-pack-sets-");
    const files = [path.join(REPO, EXAMPLE), ...writeSets(dir, 4)];
    const resources: StackResource[] = [];
    for (const file of files) {
        const validation = validateConfigSource(configFileSource(file, file));
        if (!validation.set || !validation.config) throw new Error(`${file} is not valid: ${validation.findings.map((finding) => finding.message).join("; ")}`);
        resources.push(...toStack(await runOffline(validation.set.setName, validation.config), "preview"));
    }
    return [...resources, openDatabase(resources)];
}

/**
 * One pack process: started and configured as the CLI does, every resource analyzed, then the
 * stack. `violation`, when given, must be reported: a mandatory diagnostic holding its finding line.
 */
async function packRun(dir: string, stack: readonly StackResource[], violation?: { finding: string }): Promise<Sample> {
    const started = process.hrtime.bigint();
    const pack = await PolicyPackProcess.start(dir);
    try {
        await configureAsTheCli(pack, {});
        const diagnostics = await pack.preview(stack);
        if (violation && !diagnostics.some((diagnostic) => diagnostic.enforcementLevel === "mandatory" && diagnostic.message.includes(`\n${violation.finding}`))) {
            throw new Error(`the pack did not report "${violation.finding}": ${JSON.stringify(diagnostics)}`);
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        return { seconds, ...procUsage(pack.pid) };
    } finally {
        await pack.stop();
    }
}

/**
 * The noisiest figure: a pack run is two processes talking gRPC for about two seconds, and single
 * pairs ranged 1.1-1.4x for the same code. It takes at least this many pairs, for a steadier median.
 */
const PACK_PAIRS = 15;

async function packFigure(runs: number): Promise<Figure[]> {
    const stack = await packStack();
    const nothing = nothingPack();
    const pairs = await paired(
        Math.max(runs, PACK_PAIRS),
        () => packRun(PACK_DIR, stack, { finding: "SG100 cidrIpv4: tcp 5432 from 0.0.0.0/0 makes PostgreSQL (5432) reachable from the internet." }),
        () => packRun(nothing, stack),
    );
    const wall = pairedRatio(pairs, (sample) => sample.seconds);
    const peak = Math.max(...pairs.subject.map((sample) => sample.peakMiB));
    return [
        {
            name: `policy pack on ${stack.length} resources / a JS pack that checks nothing (wall, median of ${pairs.subject.length} pairs)`,
            measured: `${fixed(wall)}x (${fixed(median(pairs.subject.map((s) => s.seconds)))} s / ${fixed(median(pairs.reference.map((s) => s.seconds)))} s; CPU ${fixed(pairedRatio(pairs, (s) => s.cpuSeconds))}x)`,
            goal: "<= 1.30x",
            met: wall <= 1.3,
        },
        { name: "… peak memory of the pack", measured: `${Math.round(peak)} MiB`, goal: "<= 200 MiB", met: peak <= 200, peakMiB: peak },
    ];
}

const PARAMETERS = { "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId": "vpc-0aaaaaaaaaaaaaaaa" };

/** The Pulumi program launched as the language host launches it: a config error against a success. */
async function programFigure(runs: number): Promise<Figure[]> {
    const program = async (config: Record<string, unknown>, exitCode: number): Promise<Sample> => {
        const result = await runProgram({ root: tempProject(), config, parameters: PARAMETERS });
        if (result.exitCode !== exitCode) throw new Error(`the program exited with ${result.exitCode}, expected ${exitCode}:\n${result.stderr}`);
        return { seconds: result.seconds, cpuSeconds: Number.NaN, peakMiB: Number.NaN };
    };
    const cases: [string, Record<string, unknown>][] = [
        ["no config key", {}],
        ["missing config file", { "sg-provisioner:configFile": "examples/configs/missing.yaml" }],
        ["invalid set", { "sg-provisioner:set": { client: "acme" } }],
    ];
    const ratios: string[] = [];
    let worst = 0;
    for (const [name, config] of cases) {
        const pairs = await paired(
            runs,
            () => program(config, 32),
            () => program({ "sg-provisioner:configFile": EXAMPLE }, 0),
        );
        const ratio = pairedRatio(pairs, (sample) => sample.seconds);
        worst = Math.max(worst, ratio);
        ratios.push(`${name} ${fixed(ratio)}x`);
    }
    return [{ name: "Pulumi program: a config error / a successful run (wall)", measured: `worst ${fixed(worst)}x (${ratios.join(", ")})`, goal: "<= 1.25x", met: worst <= 1.25 }];
}

const FIGURES: Record<string, (runs: number) => Promise<Figure[]>> = {
    plan: planFigure,
    validate: validateFigure,
    scale: scaleFigure,
    pack: packFigure,
    program: programFigure,
};

async function main(): Promise<number> {
    const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, only: { type: "string" } } });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 5) {
        console.error(`--runs must be a whole number of at least 5 (a median of fewer pairs is noise), not ${values.runs}`);
        return 2;
    }
    const only = values.only ? values.only.split(",") : Object.keys(FIGURES);
    const unknown = only.filter((name) => !Object.hasOwn(FIGURES, name));
    if (unknown.length > 0) {
        console.error(`unknown figure ${unknown.join(", ")}; figures: ${Object.keys(FIGURES).join(", ")}`);
        return 2;
    }
    const rows: Figure[] = [];
    for (const name of only) {
        process.stderr.write(`measuring ${name} (${runs} pairs)…\n`);
        rows.push(...(await FIGURES[name](runs)));
    }
    console.log(`Node ${process.version}, ${process.platform} ${process.arch}, median of ${runs} interleaved pairs\n`);
    console.log("| figure | measured | peak RSS | goal | met |");
    console.log("| --- | --- | --- | --- | --- |");
    for (const row of rows) {
        const peak = row.peakMiB === undefined ? "" : `${Math.round(row.peakMiB)} MiB`;
        console.log(`| ${row.name} | ${row.measured} | ${peak} | ${row.goal} | ${row.met ? "yes" : "**no**"} |`);
    }
    const missed = rows.filter((row) => !row.met);
    console.log(missed.length === 0 ? "\nevery goal met" : `\n${missed.length} goal${missed.length === 1 ? "" : "s"} missed`);
    return missed.length === 0 ? 0 : 1;
}

main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
        console.error(`bench failed: ${error.message}`);
        process.exitCode = 1;
    },
);
