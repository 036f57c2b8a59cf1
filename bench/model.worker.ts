/**
 * One benchmark sample, in a process of its own: `model N` builds an EdgeCluster for N edge nodes
 * (plus one cloud node) under Pulumi mocks and waits until every resource is registered; `floor R`
 * registers R bare ConfigMaps, the Pulumi SDK's own cost for that many resources.
 * Prints {nodes, ms, resources, peakRssMb}.
 */
import { performance } from "perf_hooks";
import { inventory, nodeNames } from "../support/inventory";
import { installMocks, registered, valueOf } from "../support/mocks";

async function floor(count: number) {
    await installMocks();
    const k8s = await import("@pulumi/kubernetes");
    const start = performance.now();
    const maps = Array.from({ length: count }, (_, i) => new k8s.core.v1.ConfigMap(`cm${i}`, { metadata: { name: `cm${i}` }, data: { a: "b" } }));
    await Promise.all(maps.map((m) => valueOf(m.urn)));
    return { nodes: 0, ms: performance.now() - start, resources: registered.length, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function main() {
    if (process.argv[2] === "floor") {
        process.stdout.write(JSON.stringify(await floor(Number(process.argv[3]))) + "\n");
        process.exit(0);
    }
    const edgeCount = Number(process.argv[3]);
    await installMocks();
    const { EdgeCluster } = await import("../components");
    const nodes = ["cloud1", ...nodeNames(edgeCount, "edge")];
    const start = performance.now();
    const edge = new EdgeCluster("bench", {
        kubeconfig:
            'apiVersion: v1\ncurrent-context: b\nclusters: [{name: b, cluster: {server: "https://10.0.0.1:6443"}}]\ncontexts: [{name: b, context: {cluster: b, user: b}}]\nusers: [{name: b, user: {token: t}}]\n',
        inventory: inventory(nodes),
        cloudNodes: ["cloud1"],
        provider: "ack",
        release: "v0.6.1",
        autonomousNodes: "all",
        rollout: { batchSize: Math.max(1, Math.ceil(edgeCount / 10)) },
    });
    await valueOf(edge.convertedNodes);
    await valueOf(edge.autonomousNodes);
    const ms = performance.now() - start;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify({ nodes: edgeCount, ms, resources: registered.length, peakRssMb }) + "\n");
    process.exit(0);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
