import * as assert from "assert";
import { bootstrapTokenProvider } from "../../../components/yurtctl/dynamic/bootstrapToken";

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
