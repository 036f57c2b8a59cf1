import * as assert from "assert";
import { servantJobName } from "../../../components/core/release/v0_6";

describe("the v0.6.1 release", () => {
    it("names servant Jobs like yurtctl, within Kubernetes' 63-character limit", () => {
        assert.strictEqual(servantJobName("convert", "node2"), "node-servant-convert-node2");
        const long = "cn-hangzhou.i-bp1" + "x".repeat(60);
        const a = servantJobName("convert", long);
        const b = servantJobName("convert", long + "y");
        assert.ok(a.length <= 63 && b.length <= 63);
        assert.notStrictEqual(a, b, "two long node names never share a Job");
        assert.match(a, /^node-servant-convert-cn-hangzhou\.i-bp1x+-[0-9a-f]{8}$/);
    });
});
