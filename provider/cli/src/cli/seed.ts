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

/**
 * The actions that are Pulumi's own operations, and the pulumi commands that do them by hand, run in
 * sg-provisioner's Pulumi project (the repository's `policypack/` is the policy pack). A seed-form
 * user whose action stops before Pulumi ran is shown them. preflight checks AWS and test-deploy
 * makes and removes a stack of its own, so neither is one pulumi command.
 */
export const SEED_PULUMI_COMMANDS: Readonly<Partial<Record<SeedCommand, string>>> = {
    "show-changes": "pulumi preview --policy-pack policypack",
    "create-security-groups": "pulumi up --policy-pack policypack",
    "check-drift": "pulumi refresh --preview-only",
    "delete-security-groups": "pulumi destroy",
};

/** The pulumi commands that do `action` on `file` (as `--config` resolved it), or undefined when it is not one pulumi operation. */
export function seedPulumiHint(action: SeedCommand, file: string): string | undefined {
    const command = Object.hasOwn(SEED_PULUMI_COMMANDS, action) ? SEED_PULUMI_COMMANDS[action] : undefined;
    if (command === undefined) return undefined;
    return [
        `to run ${action} with Pulumi yourself, in sg-provisioner's Pulumi project (the directory with Pulumi.yaml, holding ${CONFIG_DIR}/), on the set's stack:`,
        `  pulumi config set sg-provisioner:configFile ${file.split(path.sep).join("/")}`,
        `  ${command}`,
    ].join("\n");
}

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
 * Resolves `--config NAME` inside `configs/`: NAME, or NAME.yaml or NAME.yml when NAME has no YAML
 * extension; more than one of them is refused, naming each. NAME is a file name, never a path: separators and dot
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
        const found = presentCandidates(dir, name);
        if (found.length > 1) {
            const paths = found.map((candidate) => path.join(CONFIG_DIR, candidate));
            return {
                ok: false,
                message: `--config ${name} names more than one file: ${paths.join(", ")}. Pass the whole file name (--config ${found[1]}), or remove or rename the others.`,
            };
        }
        const file = found[0] ?? name;
        const refusal = outsideConfigs(dir, file, cwd, name);
        return refusal === undefined ? { ok: true, file: path.join(CONFIG_DIR, file) } : { ok: false, message: refusal };
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        return { ok: false, message: `${shown} cannot be checked (${code}): make ${CONFIG_DIR}/ and the file readable, or use 'sg-provisioner validate-config <path>'.` };
    }
}

/**
 * The files in `configs/` that `--config NAME` can mean: NAME itself, and when NAME has no YAML
 * extension also NAME.yaml and NAME.yml, as the reference tool's users write `--config prod`.
 * Links count as present (the checks after refuse them); an unreal `configs/` holds none.
 */
function presentCandidates(dir: string, name: string): string[] {
    const dirStat = linkStat(dir);
    if (!dirStat?.isDirectory()) return [];
    const candidates = /\.ya?ml$/.test(name) ? [name] : [name, `${name}.yaml`, `${name}.yml`];
    return candidates.filter((candidate) => linkStat(path.join(dir, candidate)) !== undefined);
}

/** Why `configs/NAME` is not a file inside `configs/`, or undefined when it is one (or a directory, or a FIFO there: the reader refuses those). */
function outsideConfigs(dir: string, name: string, cwd: string, given: string): string | undefined {
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
        const tried = given === name && !/\.ya?ml$/.test(given) ? ` (nor ${given}.yaml, ${given}.yml)` : "";
        return `no config named "${given}"${tried} in ${CONFIG_DIR}/ (${hint})`;
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
