// A Pulumi program outside the repository that depends on the packed library (test/e2e/package.e2e.ts
// copies it into a throwaway folder next to its own node_modules). It builds a fleet under mocks and
// prints what was registered, and loads a dynamic provider the way the engine would at destroy time:
// from the text serialized into the state, requiring modules from this folder's node_modules.
"use strict";
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");

const registered = [];
pulumi.runtime.setMocks(
    {
        newResource: (args) => {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    },
    "consumer",
    "test",
    false,
);

async function main() {
    const openyurt = require("pulumi-openyurt");
    const nodes = ["node1", "node2", "node3"].map((name) => ({ name, labels: {}, annotations: {}, ready: true, runsKubeControllerManager: false }));
    const kubeconfig = JSON.stringify({
        apiVersion: "v1",
        "current-context": "t",
        clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443" } }],
        contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
        users: [{ name: "u", user: { token: "t" } }],
    });
    const edge = new openyurt.EdgeCluster("fleet", {
        kubeconfig,
        inventory: { nodes, serverVersion: "v1.34.4", apiServer: "https://10.0.0.1:6443" },
        cloudNodes: ["node1"],
        charts: { path: process.argv[2] },
    });
    const converted = await new Promise((resolve) => edge.convertedNodes.apply(resolve));
    await new Promise((r) => setTimeout(r, 500));
    const dynamic = registered.find((r) => r.type === "pulumi-nodejs:dynamic/openyurt:NodePoolReverts");
    const file = path.join(__dirname, "provider-from-state.js");
    fs.writeFileSync(file, dynamic.inputs.__provider);
    const provider = require(file).handler();
    console.log(
        JSON.stringify({
            converted,
            release: openyurt.defaultRelease.version,
            types: [...new Set(registered.map((r) => r.type))].sort(),
            providerMethods: ["create", "diff", "update", "delete"].filter((m) => typeof provider[m] === "function"),
            providerRequires: [...new Set(dynamic.inputs.__provider.match(/require\("[^"]*"\)/g))].sort(),
        }),
    );
}
main().catch((e) => {
    console.error(e);
    process.exit(1);
});
