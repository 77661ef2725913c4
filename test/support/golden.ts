import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./config";

export const GOLDEN = path.join(REPO, "test", "golden");

/**
 * Compares bytes with test/golden/NAME. `UPDATE_GOLDEN=1 npx mocha` rewrites the file instead:
 * review the diff, since a golden file records what users already have.
 */
export function assertGolden(name: string, actual: string | Buffer): void {
    const file = path.join(GOLDEN, name);
    const bytes = Buffer.isBuffer(actual) ? actual : Buffer.from(actual, "utf8");
    if (process.env.UPDATE_GOLDEN === "1") {
        fs.mkdirSync(GOLDEN, { recursive: true });
        fs.writeFileSync(file, bytes);
    }
    const expected = fs.readFileSync(file);
    assert.equal(
        bytes.toString("utf8"),
        expected.toString("utf8"),
        `${name} differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1 npx mocha and review the diff`,
    );
    assert.ok(bytes.equals(expected), `${name} differs in bytes that are not visible as text`);
}
