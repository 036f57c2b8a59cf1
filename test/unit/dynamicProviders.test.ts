import * as assert from "assert";

describe("NodePool membership providers (v1.7.0)", () => {
    it("revert nodes that leave the edge set and nodes that move to another pool, not the others", async () => {
        const { leavingNodes } = await import("../../components/yurtmanager/nodePoolReverts");
        const olds = { node1: "cloud", node2: "edge", node3: "edge", node4: "hangzhou" };
        assert.deepStrictEqual(leavingNodes(olds, { node1: "cloud", node2: "edge", node3: "beijing", node5: "edge" }), ["node3", "node4"]);
        assert.deepStrictEqual(leavingNodes(olds, { ...olds, node5: "edge" }), [], "a joining node reverts nothing");
    });

    it("see a change only when membership, batches, credentials or timeout change, whatever the key order", async () => {
        const { nodePoolMembersProvider } = await import("../../components/yurtmanager/nodePoolMembers");
        const state = {
            kubeconfig: "k",
            namespace: "kube-system",
            timeoutSeconds: 60,
            batches: [["node2"]],
            nodes: { node1: { pool: "cloud", edge: false }, node2: { pool: "edge", edge: true } },
        };
        const reordered = { ...state, nodes: { node2: { edge: true, pool: "edge" }, node1: { edge: false, pool: "cloud" } } };
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", state, reordered)).changes, false);
        const autonomy = { ...state, nodes: { ...state.nodes, node2: { pool: "edge", edge: true, autonomy: "0" } } };
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", state, autonomy)).changes, true);
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", state, { ...state, batches: [["node2", "node3"]] })).changes, true);
    });

    it("see a change of the node-servant image, and a state from before the yurt-hub-at-boot step as changed", async () => {
        const { nodePoolMembersProvider } = await import("../../components/yurtmanager/nodePoolMembers");
        const { nodePoolRevertsProvider } = await import("../../components/yurtmanager/nodePoolReverts");
        const members = { kubeconfig: "k", namespace: "kube-system", timeoutSeconds: 60, batches: [], nodes: {}, nodeServantImage: "a:1" };
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", members, { ...members, nodeServantImage: "a:2" })).changes, true);
        const { nodeServantImage: _, ...before } = members;
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", before, members)).changes, true, "an upgraded stack converges once");
        const reverts = { kubeconfig: "k", namespace: "kube-system", timeoutSeconds: 60, pools: {}, nodeServantImage: "a:1" };
        assert.strictEqual((await nodePoolRevertsProvider.diff!("id", reverts, { ...reverts })).changes, false);
        assert.strictEqual((await nodePoolRevertsProvider.diff!("id", reverts, { ...reverts, nodeServantImage: "a:2" })).changes, true);
    });
});
