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

    it("keep one string per node, and read an older state's objects as the same membership (no change)", async () => {
        const { membershipText, parseMembership, parseReports, reportsText } = await import("../../components/yurtmanager/membersState");
        const { nodePoolMembersProvider } = await import("../../components/yurtmanager/nodePoolMembers");
        for (const m of [
            { pool: "cloud", edge: false },
            { pool: "edge", edge: true },
            { pool: "edge.shops-1", edge: true, autonomy: "72h" },
        ]) {
            assert.deepStrictEqual(parseMembership(membershipText(m)), m);
        }
        assert.strictEqual(membershipText({ pool: "shops", edge: true, autonomy: "30m" }), "pool=shops role=edge autonomy=30m");
        assert.throws(() => parseMembership("role=edge"), /without a pool: "role=edge".*pulumi refresh/);
        const report = { n1: { pool: "shops", outcome: "failed" as const, reason: "a reason, with spaces", since: "2026-12-05T10:00:00Z" } };
        assert.deepStrictEqual(parseReports(reportsText(report)), report);
        assert.deepStrictEqual(parseReports(report), report, "an older state's objects");
        const base = { kubeconfig: "k", namespace: "kube-system", timeoutSeconds: 60, batches: [["node2"]], nodeServantImage: "a:1" };
        const older = { ...base, nodes: { node1: { pool: "cloud", edge: false }, node2: { pool: "edge", edge: true, autonomy: "0" } } };
        const now = { ...base, nodes: { node1: "pool=cloud role=cloud", node2: "pool=edge role=edge autonomy=0" } };
        assert.strictEqual(
            (await nodePoolMembersProvider.diff!("id", older, now)).changes,
            false,
            "an upgraded stack is not updated for the form alone",
        );
        const moved = { ...now, nodes: { ...now.nodes, node2: "pool=shops role=edge autonomy=0" } };
        assert.strictEqual((await nodePoolMembersProvider.diff!("id", older, moved)).changes, true);
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
