import * as assert from "assert";
import { clusterWideChanges, describeOtherChanges } from "../../cli/output/planTable";
import { poolRowKinds } from "../../cli/generations/yurtmanager/poolPlan";
import { formatDuration, renderTable } from "../../cli/output/table";

describe("yurtctl tables", () => {
    it("renders aligned columns without trailing blanks", () => {
        assert.strictEqual(
            renderTable(
                ["A", "LONGER"],
                [
                    ["x", ""],
                    ["yyyy", "z"],
                ],
            ),
            "A     LONGER\nx\nyyyy  z\n",
        );
    });

    it("formats elapsed times", () => {
        assert.strictEqual(formatDuration(0), "0.0s");
        assert.strictEqual(formatDuration(12345), "12.3s");
        assert.strictEqual(formatDuration(119600), "2m00s");
        assert.strictEqual(formatDuration(3725000), "62m05s");
    });

    it("cluster-wide changes in words, grouped by op", () => {
        assert.strictEqual(
            describeOtherChanges([
                "create openyurt-ycm",
                "create openyurt-join-token",
                "create openyurt-bootstrap-token",
                "update openyurt-revert",
                "create openyurt-batch-0",
                "create openyurt-batch-1",
            ]),
            "create: yurt-controller-manager, join token, batch records; update: revert record",
        );
        assert.strictEqual(
            describeOtherChanges([
                "create openyurt-batch-0",
                "create openyurt-revert",
                "create openyurt-yurthub",
                "create openyurt-ycm",
                "create openyurt-extra",
            ]),
            "create: yurt-controller-manager, yurthub RBAC and settings, revert record, batch records, openyurt-extra",
        );
    });

    it("cluster-wide changes leave out what the v1.7.0 rows show: the NodePool membership", () => {
        const perNode = ["create openyurt-convert-node2", "update openyurt-role-node2", "delete openyurt-autonomy-node3"];
        const fleet = ["update openyurt-nodepool-members", "update openyurt-nodepool-reverts"];
        const other = ["create openyurt-ycm", "create openyurt-pool-edge", "create openyurt-extra"];
        assert.deepStrictEqual(clusterWideChanges([...perNode, ...fleet, ...other], poolRowKinds), [...perNode, ...other]);
    });
});
