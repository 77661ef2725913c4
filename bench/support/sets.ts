import * as fs from "node:fs";
import * as path from "node:path";

/** Rules every generated set holds: the scenario's own plus ingress overrides up to this count. */
export const RULES_PER_SET = 30;
/** Rules three-tier-postgres holds before the extra ones. */
const SCENARIO_RULES = 8;

/**
 * Writes `count` set configs, as a platform repository holds them: one YAML per set, each a
 * three-tier PostgreSQL set with its own deployment number and extra ingress rules from the web
 * tier to the app tier, so that every set has {@link RULES_PER_SET} rules. Returns the file paths.
 */
export function writeSets(dir: string, count: number): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const extra = Array.from({ length: RULES_PER_SET - SCENARIO_RULES }, (_, index) =>
        ["        - protocol: tcp", `          port: ${9000 + index}`, "          source_tier: web", `          description: Service port ${9000 + index} from the web tier`].join(
            "\n",
        ),
    ).join("\n");
    return Array.from({ length: count }, (_, index) => {
        const deployment = `c${String(index + 1).padStart(3, "0")}`;
        const file = path.join(dir, `bench-prod-${deployment}-us-west-2-sg.yaml`);
        const text = [
            "client: bench",
            "environment: prod",
            `deployment: ${deployment}`,
            "region: us-west-2",
            "vpc:",
            `  name: bench-prod-${deployment}-us-west-2-vpc`,
            "scenario: three-tier-postgres",
            "overrides:",
            "  tiers:",
            "    app:",
            "      ingress:",
            extra,
            "tags:",
            "  owner: platform-team",
            "",
        ].join("\n");
        fs.writeFileSync(file, text);
        return file;
    });
}
