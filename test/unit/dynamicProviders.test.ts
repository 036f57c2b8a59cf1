import * as assert from "assert";
import { bootstrapTokenProvider } from "../../components/yurtctl/dynamic/bootstrapToken";

/** The bootstrap token's own logic, called directly: no engine needed for create and diff. */
describe("BootstrapToken provider", () => {
    const hour = 3600;

    it("creates a random kubeadm-shaped token that expires after its lifetime", async () => {
        const before = Date.now();
        const a = await bootstrapTokenProvider.create({ ttlSeconds: 2 * hour });
        const b = await bootstrapTokenProvider.create({ ttlSeconds: 2 * hour });
        assert.match(a.outs.tokenId, /^[a-z0-9]{6}$/);
        assert.match(a.outs.tokenSecret, /^[a-z0-9]{16}$/);
        assert.strictEqual(a.outs.token, `${a.outs.tokenId}.${a.outs.tokenSecret}`);
        assert.notStrictEqual(a.outs.token, b.outs.token);
        const expires = Date.parse(a.outs.expiration);
        assert.ok(Math.abs(expires - (before + 2 * hour * 1000)) < 5000, a.outs.expiration);
    });

    it("keeps the token while more than half its lifetime is left, and rotates it after", async () => {
        const at = (secondsLeft: number) => ({ ttlSeconds: 24 * hour, expiration: new Date(Date.now() + secondsLeft * 1000).toISOString() });
        const fresh = await bootstrapTokenProvider.diff!("t", at(20 * hour), { ttlSeconds: 24 * hour });
        assert.deepStrictEqual([fresh.changes, fresh.replaces], [false, []]);
        const old = await bootstrapTokenProvider.diff!("t", at(11 * hour), { ttlSeconds: 24 * hour });
        assert.deepStrictEqual([old.changes, old.replaces], [true, ["ttlSeconds"]]);
        const expired = await bootstrapTokenProvider.diff!("t", at(-60), { ttlSeconds: 24 * hour });
        assert.strictEqual(expired.changes, true);
    });

    it("replaces the token when its lifetime setting changes", async () => {
        const d = await bootstrapTokenProvider.diff!(
            "t",
            { ttlSeconds: 24 * hour, expiration: new Date(Date.now() + 23 * hour * 1000).toISOString() },
            { ttlSeconds: 2 * hour },
        );
        assert.deepStrictEqual(d.replaces, ["ttlSeconds"]);
    });
});

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
