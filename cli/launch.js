"use strict";
// Which code the yurtctl bin runs: the compiled JavaScript that `npm run build` (tsc -p .) writes
// to the tsconfig's outDir, when every TypeScript source of the CLI and the components has its
// output there and none is newer than it; otherwise the sources themselves through ts-node, as
// before (a fresh clone, or an edit not compiled yet). Plain JavaScript, so it needs no compiling.
const fs = require("fs");
const path = require("path");

/** The tsconfig's outDir (the one definition of where the compiled code goes), absolute. */
function outDir(root) {
    const config = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
    return path.resolve(root, (config.compilerOptions && config.compilerOptions.outDir) || ".");
}

/**
 * undefined when `<outDir>/cli/main.js` can run: every `.ts` under the source folders has its
 * `.js` in outDir, not older than it (and not older than tsconfig.json). Otherwise why not.
 */
function staleReason(root, folders = ["cli", "components"]) {
    let out;
    try {
        out = outDir(root);
    } catch (e) {
        return `tsconfig.json cannot be read (${e.message})`;
    }
    let tsconfigTime;
    try {
        tsconfigTime = fs.statSync(path.join(root, "tsconfig.json")).mtimeMs;
    } catch (e) {
        return "no tsconfig.json";
    }
    const pending = [...folders];
    while (pending.length > 0) {
        const rel = pending.pop();
        let entries;
        try {
            entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
        } catch (e) {
            return `${rel}/ cannot be read`;
        }
        for (const e of entries) {
            const file = path.join(rel, e.name);
            if (e.isDirectory()) {
                pending.push(file);
                continue;
            }
            if (!e.name.endsWith(".ts") || e.name.endsWith(".d.ts")) {
                continue;
            }
            let built;
            try {
                built = fs.statSync(path.join(out, file.slice(0, -3) + ".js")).mtimeMs;
            } catch (err) {
                return `${file} is not compiled`;
            }
            if (built < tsconfigTime || built < fs.statSync(path.join(root, file)).mtimeMs) {
                return `${file} changed since it was compiled`;
            }
        }
    }
    return undefined;
}

/** The module that exports `main(argv)`: compiled when fresh, else cli/main.ts through ts-node. */
function loadMain(root) {
    const stale = staleReason(root);
    if (stale === undefined) {
        return { main: require(path.join(outDir(root), "cli", "main.js")).main, compiled: true };
    }
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    return { main: require(path.join(root, "cli", "main.ts")).main, compiled: false, stale };
}

module.exports = { outDir, staleReason, loadMain };
