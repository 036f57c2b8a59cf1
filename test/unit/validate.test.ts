import * as assert from "assert";
import { imageProblem, nodeNameProblem, parseDuration } from "../../components/core/plan/validate";

describe("value validators", () => {
    it("accepts pinned image references and refuses floating or malformed ones", () => {
        for (const ok of [
            "openyurt/yurthub:v0.6.1",
            "registry.cn-hangzhou.aliyuncs.com/openyurt/node-servant:v0.6.1",
            "localhost:5000/a/b:1.0",
            "busybox@sha256:" + "0".repeat(64),
        ]) {
            assert.strictEqual(imageProblem(ok), undefined, ok);
        }
        assert.match(imageProblem("openyurt/yurthub")!, /no tag/);
        assert.match(imageProblem("openyurt/yurthub:latest")!, /latest/);
        assert.match(imageProblem("openyurt/Yurthub:v1")!, /upper-case letters in its repository name/);
        // A first component without a dot or port is a path, not a registry host: no registry accepts it.
        assert.match(imageProblem("UPPER/case:tag")!, /upper-case letters in its repository name/);
        assert.strictEqual(imageProblem("Registry.Example.com/openyurt/yurthub:v1.7.0"), undefined, "host names are case-insensitive");
        assert.match(imageProblem("Open Yurt/ycm:v1")!, /not a valid image reference/);
        assert.match(imageProblem("a/b:")!, /not a valid image reference/);
        assert.match(imageProblem("")!, /not an image reference/);
    });

    it("accepts RFC 1123 node names only", () => {
        assert.strictEqual(nodeNameProblem("cn-hangzhou.192.168.0.12"), undefined);
        assert.strictEqual(nodeNameProblem("edge-01"), undefined);
        for (const bad of ["-edge", "edge-", "Edge", "edge_01", "", "a".repeat(254)]) {
            assert.ok(nodeNameProblem(bad), bad);
        }
    });

    it("parses durations in s, m and h", () => {
        assert.strictEqual(parseDuration("90s"), 90);
        assert.strictEqual(parseDuration("10m"), 600);
        assert.strictEqual(parseDuration("24h"), 86400);
        assert.strictEqual(parseDuration("0s"), undefined);
        assert.strictEqual(parseDuration("10 minutes"), undefined);
    });
});
