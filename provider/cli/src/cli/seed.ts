import * as fs from "node:fs";
import * as path from "node:path";

/** The directory the seed-compatible `--config NAME` form reads from, relative to the working directory. */
export const CONFIG_DIR = "configs";

/** Commands the seed form can run with a config. */
export type SeedCommand =
    | "validate-config"
    | "plan"
    | "create-review-report"
    | "create-policy"
    | "deployment-report"
    | "preflight"
    | "show-changes"
    | "create-security-groups"
    | "test-deploy"
    | "check-drift"
    | "delete-security-groups";

/**
 * The reference tool's action names, and the command each runs here. Its two template actions
 * become the offline plan: Pulumi has no template to write or validate.
 */
export const SEED_ACTIONS: Readonly<Record<string, SeedCommand>> = {
    "validate-config": "validate-config",
    "create-prov-template": "plan",
    "validate-prov-template": "plan",
    "create-review-report": "create-review-report",
    "create-policy": "create-policy",
    "deployment-report": "deployment-report",
    preflight: "preflight",
    "show-changes": "show-changes",
    "create-security-groups": "create-security-groups",
    "test-deploy": "test-deploy",
    "check-drift": "check-drift",
    "delete-security-groups": "delete-security-groups",
};

export type SeedResolution = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly message: string };

/** A path's own status (a link's, not its target's), or undefined when there is nothing there. */
function linkStat(file: string): fs.Stats | undefined {
    try {
        return fs.lstatSync(file);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return undefined;
        throw error;
    }
}

/**
 * Resolves `--config NAME` inside `configs/`. NAME is a file name, never a path: separators and dot
 * names are refused so that a config name cannot reach outside the directory. Neither `configs/`
 * nor the file may be a symbolic link, and the file's real path must be inside `configs/`: a link
 * can point anywhere (/proc/self/environ, a credentials file), and what the reader quotes of an
 * invalid config would print it. The messages quote no file content.
 */
export function resolveSeedConfig(name: string, cwd: string): SeedResolution {
    if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
        return {
            ok: false,
            message: `--config takes a file name inside ${CONFIG_DIR}/, not a path: "${name}". Move the file into ${CONFIG_DIR}/ and pass its name, or use 'sg-provisioner validate-config <path>'.`,
        };
    }
    const dir = path.join(cwd, CONFIG_DIR);
    const shown = path.join(CONFIG_DIR, name);
    try {
        const refusal = outsideConfigs(dir, name, cwd);
        return refusal === undefined ? { ok: true, file: shown } : { ok: false, message: refusal };
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        return { ok: false, message: `${shown} cannot be checked (${code}): make ${CONFIG_DIR}/ and the file readable, or use 'sg-provisioner validate-config <path>'.` };
    }
}

/** Why `configs/NAME` is not a file inside `configs/`, or undefined when it is one (or a directory, or a FIFO there: the reader refuses those). */
function outsideConfigs(dir: string, name: string, cwd: string): string | undefined {
    const shown = path.join(CONFIG_DIR, name);
    const dirStat = linkStat(dir);
    if (dirStat?.isSymbolicLink()) {
        return `${CONFIG_DIR}/ is a symbolic link: --config reads only from a real ${CONFIG_DIR}/ directory in the working directory. Replace the link with a directory holding the configs, or use 'sg-provisioner validate-config <path>'.`;
    }
    const stat = dirStat?.isDirectory() ? linkStat(path.join(dir, name)) : undefined;
    if (stat === undefined) {
        const available = dirStat?.isDirectory()
            ? fs
                  .readdirSync(dir)
                  .filter((entry) => /\.ya?ml$/.test(entry))
                  .sort()
            : [];
        const hint = available.length > 0 ? `configs there: ${available.join(", ")}` : `there is no ${CONFIG_DIR}/ directory with YAML files in ${cwd}`;
        return `no config named "${name}" in ${CONFIG_DIR}/ (${hint})`;
    }
    if (stat.isSymbolicLink()) {
        return `${shown} is a symbolic link: --config reads only files inside ${CONFIG_DIR}/, and a link can point anywhere. Replace the link with a copy of the config, or use 'sg-provisioner validate-config <path>'.`;
    }
    // Belt and braces: neither is a link, so only a swap since the checks above can get here.
    if (path.dirname(fs.realpathSync(path.join(dir, name))) !== fs.realpathSync(dir)) {
        return `${shown} is not inside ${CONFIG_DIR}/ once links are followed: --config reads only files inside ${CONFIG_DIR}/. Move the config into ${CONFIG_DIR}/, or use 'sg-provisioner validate-config <path>'.`;
    }
    return undefined;
}
