import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./config";

/** The example of docs/deployment-outputs.md (its first json block), as `pulumi stack output --json` prints it. */
export function documentedOutputs(): string {
    const doc = fs.readFileSync(path.join(REPO, "docs", "deployment-outputs.md"), "utf8");
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(block, "docs/deployment-outputs.md has a json block");
    return block;
}
