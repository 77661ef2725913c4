"use strict";
// Preloaded with `node -r`: on exit, writes every module file the process loaded to $SGP_MODULES_OUT.
process.on("exit", () => {
    require("node:fs").writeFileSync(process.env.SGP_MODULES_OUT, JSON.stringify(Object.keys(require.cache)));
});
