import * as assert from "assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { stackKubeconfig } from "../../cli/input/configEdit";
import { previousFromState } from "../../cli/engine/previous";
import { condenseError, typeOfUrn } from "../../cli/output/progress";
import { changeOp, resourceChanges, stepOf } from "../../cli/output/steps";
import { DEPLOYMENT, done, v061PreviewEvents, v061State as resources } from "./cliFixtures";

const steps = (events: EngineEvent[]) => events.map(stepOf).filter((s) => s !== undefined);

describe("yurtctl engine events", () => {
    it("folds the three ops of a replacement into one", () => {
        assert.strictEqual(changeOp("create-replacement"), "replace");
        assert.strictEqual(changeOp("delete-replaced"), "replace");
        assert.strictEqual(changeOp("same"), undefined);
        assert.strictEqual(changeOp("refresh"), undefined);
    });

    it("the changes of a preview, without the dynamic provider's config update", () => {
        assert.deepStrictEqual(
            resourceChanges(steps(v061PreviewEvents)),
            [
                "create openyurt-autonomy-node3",
                "create openyurt-convert-node5",
                "create openyurt-role-node5",
                "delete openyurt-convert-node4",
                "delete openyurt-role-node4",
                "replace openyurt-convert-node2",
                "update openyurt-revert",
            ],
            "the dynamic provider's config update is not a change",
        );
        assert.deepStrictEqual(resourceChanges(steps(done("same", "openyurt-ycm", DEPLOYMENT, true))), []);
    });

    it("makes engine errors readable: no count header, no URNs, the specific reason", () => {
        const message =
            "2 errors occurred:\n\t* resource \"urn:pulumi:s::pulumi-openyurt::openyurt:index:EdgeCluster$kubernetes:batch/v1:Job::openyurt-convert-node3\" was successfully created, but the Kubernetes API server reported that it failed to fully initialize or become live: Resource 'node-servant-convert-node3' was created but failed to initialize\n\t* [BackoffLimitExceeded] Job has reached the specified backoff limit\n\n\n";
        assert.strictEqual(condenseError(message), "[BackoffLimitExceeded] Job has reached the specified backoff limit");
        assert.strictEqual(condenseError("update failed\n"), "update failed");
        assert.strictEqual(
            typeOfUrn("urn:pulumi:s::p::openyurt:index:EdgeCluster$kubernetes:batch/v1:Job::openyurt-convert-n"),
            "kubernetes:batch/v1:Job",
        );
    });
});

describe("yurtctl previous run (stack state)", () => {
    it("reads roles, autonomy, revert records and batches", () => {
        const prev = previousFromState(resources);
        assert.strictEqual(prev.resourceCount, 7);
        assert.deepStrictEqual(prev.roles, { node1: "cloud", node2: "edge", node3: "edge" });
        assert.deepStrictEqual(prev.autonomous, ["node2"]);
        assert.deepStrictEqual(prev.revertNodes, ["node2", "node3"]);
        assert.deepStrictEqual(prev.batches, [["node2"], ["node3"]]);
        assert.strictEqual(previousFromState([resources[0], resources[1]]).resourceCount, 0, "an empty (reverted) stack");
    });

    it("status finds a plain kubeconfig path in the stack file, never a secret", () => {
        assert.strictEqual(stackKubeconfig("config:\n  pulumi-openyurt:kubeconfig: /k/admin.conf\n"), "/k/admin.conf");
        assert.strictEqual(stackKubeconfig("config:\n  pulumi-openyurt:kubeconfig:\n    secure: v1:abc\n"), undefined);
        assert.strictEqual(stackKubeconfig(undefined), undefined);
        assert.strictEqual(stackKubeconfig(": not yaml: ["), undefined);
    });
});
