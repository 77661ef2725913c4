import * as fs from "node:fs";
import * as path from "node:path";

/** Stack settings the project's program reads (see Pulumi.yaml). */
export const CONFIG_FILE_KEY = "sg-provisioner:configFile";
/** The set inline in the stack's settings; a stack with it is left to pulumi itself. */
export const INLINE_SET_KEY = "sg-provisioner:set";
export const ISOLATION_KEY = "sg-provisioner:isolationSuffix";
/** The AWS provider's region: the config's, so that the stack deploys where the config says. */
export const REGION_KEY = "aws:region";

export type Found = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly message: string; readonly fix: string };

/**
 * The Pulumi project the actions run: `--project-dir` when given, else the nearest directory at or
 * above the working directory with a Pulumi.yaml, as the pulumi CLI itself finds it.
 */
export function findProject(cwd: string, given: string | undefined): Found {
    if (given !== undefined) {
        const dir = path.resolve(cwd, given);
        return fs.existsSync(path.join(dir, "Pulumi.yaml"))
            ? { ok: true, dir }
            : {
                  ok: false,
                  message: `--project-dir ${given}: there is no Pulumi.yaml in ${dir}`,
                  fix: "pass the directory of sg-provisioner's Pulumi project (the one with Pulumi.yaml and program/)",
              };
    }
    for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return { ok: true, dir };
        if (path.dirname(dir) === dir) break;
    }
    return {
        ok: false,
        message: `no Pulumi project (Pulumi.yaml) in ${cwd} or any directory above it`,
        fix: "run the command in sg-provisioner's Pulumi project, or pass --project-dir <dir>",
    };
}

/**
 * The policy pack `pulumi up` enforces: `--policy-pack` when given, else the sg-provisioner-policy
 * package installed beside the CLI.
 */
export function findPolicyPack(cwd: string, given: string | undefined): Found {
    if (given !== undefined) {
        const dir = path.resolve(cwd, given);
        return fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))
            ? { ok: true, dir }
            : { ok: false, message: `--policy-pack ${given}: there is no PulumiPolicy.yaml in ${dir}`, fix: "pass the directory of a CrossGuard policy pack" };
    }
    try {
        return { ok: true, dir: path.dirname(require.resolve("sg-provisioner-policy/package.json")) };
    } catch {
        return { ok: false, message: "the policy pack sg-provisioner-policy is not installed", fix: "npm install sg-provisioner-policy, or pass --policy-pack <dir>" };
    }
}

/** The config file as the stack records it: relative to the project when inside it, so a checkout can move. */
export function stackConfigFile(projectDir: string, file: string, cwd: string): string {
    const absolute = path.resolve(cwd, file);
    const relative = path.relative(projectDir, absolute);
    return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join("/");
}
