import * as fs from "node:fs";
import * as path from "node:path";
import { RunError } from "@pulumi/pulumi";
import { PolicyPack } from "@pulumi/policy";
import { staleSources } from "./src/build-check";
import { POLICIES } from "./src/policies";

// Run compiled (bin/index.js, package.json `main`) from a checkout's build, the pack refuses to
// enforce an older build of itself than its sources: after a `git pull` without `npm run build`, the
// policies in force would silently be yesterday's. A checkout's build is known by the build info
// `tsc -b` leaves beside it; a published package ships none, and its files carry whatever times the
// tool that unpacked it gave them, so it is not checked.
if (__filename.endsWith(".js") && fs.existsSync(path.join(__dirname, "tsconfig.tsbuildinfo"))) {
    const packDir = path.dirname(__dirname);
    const stale = staleSources(packDir, __dirname);
    if (stale.length > 0) {
        throw new RunError(
            `sg-provisioner-policy: the compiled pack in ${__dirname} is older than its sources (${stale.join(", ")}), so it would not enforce them.\nfix: run \`npm run build\` at the repository root (or in ${packDir}), then run the command again`,
        );
    }
}

new PolicyPack("sg-provisioner", { policies: POLICIES });
