import * as assert from "assert";
import { installMocks, valueOf } from "../../support/mocks";

describe("stack outputs (one builder for both cluster sources)", () => {
    let stackOutputs: typeof import("../../components/core/stackOutputs").stackOutputs;
    before(async () => {
        await installMocks();
        ({ stackOutputs } = await import("../../components/core/stackOutputs"));
    });
    const fleet = {
        nodeRoles: { node1: "cloud", node2: "edge" },
        convertedNodes: ["node2"],
        autonomousNodes: [],
        batches: [["node2"]],
        unmanagedNodes: [],
    };

    it("exports the fleet's facts and the release, the default when none was asked for", async () => {
        const out = stackOutputs(undefined, fleet);
        assert.deepStrictEqual(Object.keys(out).sort(), [
            "autonomousNodes",
            "batches",
            "convertedNodes",
            "nodeRoles",
            "openyurtRelease",
            "unmanagedNodes",
        ]);
        assert.strictEqual(await valueOf(out.openyurtRelease), "v1.7.0");
        assert.deepStrictEqual(await valueOf(out.batches), [["node2"]]);
    });

    it("adds what only one source knows, but never lets it replace a fleet fact", async () => {
        const out = stackOutputs("v0.6.1", fleet, { clusterId: "c-123", convertedNodes: ["bogus"] });
        assert.strictEqual(await valueOf(out.clusterId), "c-123");
        assert.deepStrictEqual(await valueOf(out.convertedNodes), ["node2"]);
        assert.strictEqual(await valueOf(out.openyurtRelease), "v0.6.1");
    });
});
