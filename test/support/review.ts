import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO } from "./config";
import { tempDir } from "./temp";

export const CLI = path.join(REPO, "provider", "cli", "bin", "sg-provisioner.js");
export const REVIEW_FIXTURES = "test/fixtures/review";

export interface CliResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the built CLI (as `npx sg-provisioner` would) with the repository as working directory. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; preload?: string } = {}): CliResult {
    const nodeArgs = options.preload ? ["-r", options.preload, CLI, ...args] : [CLI, ...args];
    const result = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd ?? REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...options.env } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ReviewRun extends CliResult {
    /** A fresh directory holding `templates/` and `reports/`. */
    readonly dir: string;
    readonly templatesDir: string;
    readonly reportsDir: string;
}

/** `create-review-report` into fresh temporary directories, so that nothing is written into the repository. */
export function runReview(config: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = {}): ReviewRun {
    const dir = tempDir("sgp-review-");
    const templatesDir = path.join(dir, "templates");
    const reportsDir = path.join(dir, "reports");
    const result = runCli(["create-review-report", config, "--templates-dir", templatesDir, "--reports-dir", reportsDir, ...extra], { env });
    return { ...result, dir, templatesDir, reportsDir };
}
