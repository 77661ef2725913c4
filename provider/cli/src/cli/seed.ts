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

/**
 * Resolves `--config NAME` inside `configs/`. NAME is a file name, never a path: separators and dot
 * names are refused so that a config name cannot reach outside the directory.
 */
export function resolveSeedConfig(name: string, cwd: string): SeedResolution {
    if (name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
        return {
            ok: false,
            message: `--config takes a file name inside ${CONFIG_DIR}/, not a path: "${name}". Move the file into ${CONFIG_DIR}/ and pass its name, or use 'sg-provisioner validate-config <path>'.`,
        };
    }
    const dir = path.join(cwd, CONFIG_DIR);
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
        const available = fs.existsSync(dir)
            ? fs
                  .readdirSync(dir)
                  .filter((entry) => /\.ya?ml$/.test(entry))
                  .sort()
            : [];
        const hint = available.length > 0 ? `configs there: ${available.join(", ")}` : `there is no ${CONFIG_DIR}/ directory with YAML files in ${cwd}`;
        return { ok: false, message: `no config named "${name}" in ${CONFIG_DIR}/ (${hint})` };
    }
    return { ok: true, file: path.join(CONFIG_DIR, name) };
}
