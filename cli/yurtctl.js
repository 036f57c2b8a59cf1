#!/usr/bin/env node
// yurtctl launcher: runs the CLI compiled by `npm run build` when that is up to date with the
// sources, else cli/main.ts through ts-node (transpile only); see launch.js.
"use strict";
const path = require("path");

const { main } = require("./launch").loadMain(path.join(__dirname, ".."));
main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
});
