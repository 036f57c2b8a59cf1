import * as assert from "assert";
import { settings } from "../../../components/core/config/settings";
import { planEdgeCluster } from "../../../components/edgecluster/plan";
import { parseDuration } from "../../../components/core/plan/validate";
import { ConversionPlan } from "../../../components/yurtctl/plan";
import { inventory, v0_6Kubernetes } from "../../../support/inventory";

describe("the v0.6.1 plan takes its defaults from the settings table", () => {
    it("v0.6.1: retries, token lifetime, yurt-hub health check, Job timeout", () => {
        const plan = planEdgeCluster(
            { cloudNodes: ["node1"], provider: "none", release: "v0.6.1" },
            inventory(["node1", "node2"], { version: v0_6Kubernetes }),
        ) as ConversionPlan;
        assert.strictEqual(plan.backoffLimit, settings["rollout.backoffLimit"].default);
        assert.strictEqual(plan.bootstrapTokenTtlSeconds, parseDuration(settings.bootstrapTokenTtl.default));
        assert.strictEqual(plan.yurthubHealthCheckTimeout, settings.yurthubHealthCheckTimeout.default);
        assert.strictEqual(plan.jobTimeoutSeconds, parseDuration(settings["rollout.jobTimeout"].default));
    });
});
