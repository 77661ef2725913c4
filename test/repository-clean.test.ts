import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./support/config";
import { tempDir } from "./support/temp";

/**
 * The files of the repository that git does not track, ignored ones included (`reports/`,
 * `templates/`, `out/`...), one path per file. Not counted: what builds and installs make
 * (node_modules, dist, tsbuildinfo, the policy pack's bin), the mutation run's report (it may run
 * alongside), and new source files (.ts, .js, .md) that engineers add while the suite runs.
 * Undefined when the repository is no git checkout (an unpacked tarball).
 */
export function untrackedFiles(repo: string): Set<string> | undefined {
    const status = spawnSync("git", ["-C", repo, "status", "--porcelain=v1", "-z", "--ignored", "--untracked-files=all"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (status.status !== 0) return undefined;
    const files = status.stdout
        .split("\0")
        .filter((entry) => entry.startsWith("?? ") || entry.startsWith("!! "))
        .filter((entry) => !(entry.startsWith("?? ") && /\.(ts|js|md)$/.test(entry)))
        .map((entry) => entry.slice(3))
        .filter((file) => !/(^|\/)node_modules\/|^provider\/[^/]+\/dist\/|\.tsbuildinfo$|^policypack\/bin\/|^reports\/mutation\//.test(file));
    return new Set(files);
}

/** The files in `after` that were not in `before`, sorted. */
export function leftBehind(before: ReadonlySet<string>, after: ReadonlySet<string>): string[] {
    return [...after].filter((file) => !before.has(file)).sort();
}

// Root hooks (outside any describe): they wrap the whole run, whatever the order of the files.
let before_: Set<string> | undefined;

before(function () {
    before_ = untrackedFiles(REPO);
});

after(function () {
    if (before_ === undefined) {
        console.log("    the check that the tests leave no files in the repository is skipped: it is not a git checkout");
        return;
    }
    const after_ = untrackedFiles(REPO) ?? new Set<string>();
    const left = leftBehind(before_, after_);
    assert.deepEqual(
        left,
        [],
        `the tests left files in the repository (write them to a tempDir from test/support/temp.ts, or pass --reports-dir and --templates-dir):\n${left.join("\n")}`,
    );
});

describe("the check that the tests leave no files in the repository", () => {
    it("counts only files that appeared during the run", () => {
        assert.deepEqual(
            leftBehind(new Set(["reports/old.log", "templates/a.yaml"]), new Set(["reports/old.log", "templates/a.yaml", "reports/catalog-list-scenarios-1.log", "out/x"])),
            ["out/x", "reports/catalog-list-scenarios-1.log"],
        );
        assert.deepEqual(leftBehind(new Set(["reports/old.log"]), new Set()), []);
    });

    it("lists files written into ignored and untracked places, not build outputs or new sources", () => {
        const repo = tempDir("sgp-clean-");
        assert.equal(spawnSync("git", ["init", "-q", repo]).status, 0);
        assert.equal(untrackedFiles(tempDir("sgp-not-git-")), undefined, "no git checkout");
        fs.writeFileSync(path.join(repo, ".gitignore"), "reports/\nnode_modules/\nprovider/*/dist/\n");
        const written = [
            "reports/x-list-scenarios-1.log",
            "templates/a-review.yaml",
            "node_modules/m/index.js",
            "provider/core/dist/a.js",
            "provider/core/tsconfig.tsbuildinfo",
            "reports/mutation/mutation.json",
            "test/new.test.ts",
        ];
        for (const file of written) {
            fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
            fs.writeFileSync(path.join(repo, file), "");
        }
        assert.deepEqual([...(untrackedFiles(repo) ?? [])].sort(), [".gitignore", "reports/x-list-scenarios-1.log", "templates/a-review.yaml"]);
    });
});
