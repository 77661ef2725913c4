import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One process's cost: wall time as its parent saw it, CPU time (all threads), peak resident memory. */
export interface Sample {
    readonly seconds: number;
    readonly cpuSeconds: number;
    readonly peakMiB: number;
}

const PRELOAD = path.join(__dirname, "usage-preload.js");

export interface Launch {
    /** Arguments after `node`. */
    readonly args: readonly string[];
    readonly cwd: string;
    readonly env?: NodeJS.ProcessEnv;
    /** The exit code that means the run did what it should; anything else fails the benchmark. */
    readonly exitCode?: number;
    /** What the last line of standard output must be, so that a run that did less does not count. */
    readonly lastLine?: string;
}

/** Runs `node -r usage-preload <args>` and reports its cost; a wrong exit code is an error with its stderr. */
export async function measureNode(launch: Launch): Promise<Sample> {
    const usageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sg-bench-usage-")), "usage.json");
    const started = process.hrtime.bigint();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", PRELOAD, ...launch.args], {
            cwd: launch.cwd,
            env: { ...process.env, ...launch.env, BENCH_USAGE_FILE: usageFile },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.once("error", reject);
        child.once("close", (exit) => resolve({ code: exit, stdout, stderr }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const expected = launch.exitCode ?? 0;
    if (code !== expected) throw new Error(`node ${launch.args.join(" ")} exited with ${code}, expected ${expected}:\n${stderr}`);
    const last = stdout.trimEnd().split("\n").pop();
    if (launch.lastLine !== undefined && last !== launch.lastLine) throw new Error(`node ${launch.args.join(" ")} ended its output with "${last}", expected "${launch.lastLine}"`);
    const usage = JSON.parse(fs.readFileSync(usageFile, "utf8")) as { cpuMicros: number; maxRssKiB: number };
    fs.rmSync(path.dirname(usageFile), { recursive: true, force: true });
    return { seconds, cpuSeconds: usage.cpuMicros / 1e6, peakMiB: usage.maxRssKiB / 1024 };
}

/** A running process's CPU time and peak RSS so far, from /proc (Linux): for processes stopped by a signal. */
export function procUsage(pid: number): Omit<Sample, "seconds"> {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    if (!hwm) throw new Error(`/proc/${pid}/status has no VmHWM line`);
    return { cpuSeconds: ticks / CLOCK_TICKS, peakMiB: Number(hwm[1]) / 1024 };
}

/** USER_HZ: Linux reports utime and stime in these; 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;

export function median(values: readonly number[]): number {
    if (values.length === 0) throw new Error("median of no values");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A subject and its reference, measured in alternation so that the machine's drift hits both alike. */
export interface Paired {
    readonly subject: Sample[];
    readonly reference: Sample[];
}

export async function paired(runs: number, subject: () => Promise<Sample>, reference: () => Promise<Sample>): Promise<Paired> {
    const result: Paired = { subject: [], reference: [] };
    // One unmeasured round first: the file cache is warm for both before anything counts.
    await reference();
    await subject();
    for (let index = 0; index < runs; index++) {
        // Alternate which goes first, so neither always runs right after the other.
        if (index % 2 === 0) {
            result.reference.push(await reference());
            result.subject.push(await subject());
        } else {
            result.subject.push(await subject());
            result.reference.push(await reference());
        }
    }
    return result;
}

/** The median of the pairs' ratios: each pair ran back to back, so the noise they share divides out. */
export function pairedRatio(pairs: Paired, pick: (sample: Sample) => number): number {
    return median(pairs.subject.map((sample, index) => pick(sample) / pick(pairs.reference[index])));
}
