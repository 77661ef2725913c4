import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

export const REPO = path.resolve(__dirname, "..", "..");
export const EXAMPLE = path.join(REPO, "examples", "configs", "globalbank-prod-c001-us-west-2-sg.yaml");

/** A minimal valid config for a scenario, as YAML text, with extra YAML appended. */
export function configYaml(scenario = "three-tier-postgres", extra = ""): string {
    return ["client: acme", "environment: dev", "deployment: d01", "region: eu-west-1", "vpc:", "  id: vpc-0123456789abcdef0", `scenario: ${scenario}`, extra].join("\n");
}

/** Writes text to a fresh temporary file and returns its path. */
export function tempFile(text: string, name = "config.yaml"): string {
    const dir = tempDir("sgp-test-");
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

/** The same minimal valid config as {@link configYaml}, as component args / parsed data. */
export function baseConfig(scenario = "three-tier-postgres") {
    return { client: "acme", environment: "dev", deployment: "d01", region: "eu-west-1", vpc: { id: "vpc-0123456789abcdef0" }, scenario };
}
