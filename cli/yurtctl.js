#!/usr/bin/env node
// yurtctl launcher: runs cli/main.ts through ts-node (transpile only, the project's tsconfig).
"use strict";
const path = require("path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("./main")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
