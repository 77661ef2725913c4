/**
 * How fast the Pulumi program reports a config error, against a successful run of the README's
 * example measured in the same session: both are launched as pulumi-language-nodejs launches them
 * (test/support/language-host.ts), so each includes Node's start and ts-node's type check.
 *
 * Target: every config error is reported within 1.25 times a successful run (ratio <= 1.25; both are
 * mostly Node and ts-node, so they land close together). Before the
 * fix, a missing configFile took 19-50 s against about 2.5-7 s for a success (ratio 8 or more).
 *
 *   npm run bench            3 runs of each case
 *   npm run bench -- 5       5 runs of each case
 */
import { runProgram, tempProject } from "../test/support/language-host";

const EXAMPLE = "examples/configs/globalbank-prod-c001-us-west-2-sg.yaml";
const TARGET = 1.25;
const PARAMETERS = { "/vpc/globalbank-prod-c001-us-west-2-vpc/VPCId": "vpc-0aaaaaaaaaaaaaaaa" };

const CASES: { name: string; config: Record<string, unknown>; exitCode: number }[] = [
    { name: "success (reference)", config: { "sg-provisioner:configFile": EXAMPLE }, exitCode: 0 },
    { name: "no config key", config: {}, exitCode: 32 },
    { name: "missing config file", config: { "sg-provisioner:configFile": "examples/configs/missing.yaml" }, exitCode: 32 },
    { name: "invalid set", config: { "sg-provisioner:set": { client: "acme" } }, exitCode: 32 },
];

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
    const runs = Number(process.argv[2] ?? 3);
    const medians: number[] = [];
    for (const bench of CASES) {
        const seconds: number[] = [];
        for (let index = 0; index < runs; index++) {
            const result = await runProgram({ root: tempProject(), config: bench.config, parameters: PARAMETERS });
            if (result.exitCode !== bench.exitCode) throw new Error(`${bench.name}: exit code ${result.exitCode}, expected ${bench.exitCode}`);
            seconds.push(result.seconds);
        }
        medians.push(median(seconds));
    }
    console.log(`| case | median of ${runs} (s) | ratio to success |`);
    console.log("| --- | --- | --- |");
    CASES.forEach((bench, index) => console.log(`| ${bench.name} | ${medians[index].toFixed(2)} | ${(medians[index] / medians[0]).toFixed(2)} |`));
    const worst = Math.max(...medians.slice(1)) / medians[0];
    console.log(`\nworst config error / success: ${worst.toFixed(2)} (target <= ${TARGET.toFixed(2)}): ${worst <= TARGET ? "met" : "NOT MET"}`);
    process.exitCode = worst <= TARGET ? 0 : 1;
}

main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
});
