#!/usr/bin/env node
// Packs the library (components/, compiled with declarations) as its own npm package, the way
// Pulumi component packages ship (compiled JavaScript + .d.ts, no ts-node, no project tsconfig):
//   node scripts/pack-lib.js [DEST]     (npm run pack:lib)   prints the tarball's path
// The program (index.ts), the CLI and the tests are not part of it.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repo = path.resolve(__dirname, "..");
const lib = path.join(repo, "lib");
const dest = path.resolve(process.argv[2] || repo);
const root = require(path.join(repo, "package.json"));
/** What the library needs at run time; everything else in the project's dependencies is tooling. */
const runtimeDependencies = ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/alicloud", "yaml"];

fs.rmSync(lib, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(repo, "tsconfig.lib.json")], { stdio: "inherit" });
fs.writeFileSync(
    path.join(lib, "package.json"),
    JSON.stringify(
        {
            name: root.name,
            version: root.version,
            description: root.description,
            license: root.license,
            // No `exports` map: the dynamic providers are serialized into the state with
            // require("pulumi-openyurt/<module>") of their own modules, so subpaths must stay loadable.
            // The supported surface is what index.ts exports by name (it says so).
            main: "index.js",
            types: "index.d.ts",
            engines: root.engines,
            dependencies: Object.fromEntries(
                runtimeDependencies.map((d) => {
                    if (!root.dependencies[d]) throw new Error(`package.json has no dependency ${d}`);
                    return [d, root.dependencies[d]];
                }),
            ),
        },
        null,
        2,
    ) + "\n",
);
fs.copyFileSync(path.join(repo, "README.md"), path.join(lib, "README.md"));
fs.mkdirSync(dest, { recursive: true });
const out = execFileSync("npm", ["pack", lib, "--pack-destination", dest, "--json", "--ignore-scripts"], { encoding: "utf8" });
console.log(path.join(dest, JSON.parse(out)[0].filename));
