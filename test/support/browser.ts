import * as fs from "node:fs";

/** What the browser test does about its Chromium: run, skip (saying how to get one), or fail. */
export type BrowserDecision = { readonly kind: "run" } | { readonly kind: "skip"; readonly message: string } | { readonly kind: "fail"; readonly message: string };

/** Where the browser test looks for Chromium: CHROMIUM_PATH, else where `apt-get install chromium` puts it. */
export function chromiumPath(env: NodeJS.ProcessEnv): string {
    return env.CHROMIUM_PATH || "/usr/bin/chromium";
}

/** Whether `file` is there and executable. */
export function executable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

/** Whether the environment is a CI run: CI set to anything but empty, "false" or "0" (`.ci/run` and CI services set CI=true). */
export function inCi(env: NodeJS.ProcessEnv): boolean {
    const value = (env.CI ?? "").trim().toLowerCase();
    return value !== "" && value !== "false" && value !== "0";
}

/**
 * Without Chromium, a developer's `npm test` skips the browser test and says how to install it; CI
 * fails instead, so that the test is never skipped where it must run.
 */
export function browserDecision(chromium: string, present: boolean, env: NodeJS.ProcessEnv): BrowserDecision {
    if (present) return { kind: "run" };
    const fix = `install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium executable`;
    if (inCi(env)) return { kind: "fail", message: `no Chromium at ${chromium}, and CI is set: the browser test must run in CI; ${fix}` };
    return { kind: "skip", message: `the browser test is skipped: no Chromium at ${chromium}; ${fix}` };
}
