import * as assert from "assert";
import { kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { E2EStack, newStack } from "../../support/engineStack";
import { cluster, connection, openyurtCharts } from "../../support/localCluster";
import { assertConverted, assertUntouched, conversionCondition, node } from "./harness";

const FLEET = "openyurt.local/fleet";

/**
 * Fleets as they are, with the real yurt-manager on the local control plane: nodes chosen by a label
 * selector, one node whose node-servant fails (kwok fail-servant) and one taken offline (its Lease
 * taken from kwok; kube-controller-manager marks it Ready=Unknown) within the failure budget,
 * a run past the budget, and nodes that start and stop matching the selector. The suite's nodes carry
 * their own label, so the cluster's other nodes stay out of it, and are removed at the end.
 */
describe("v1.7.0 fleets: offline nodes, a failure budget, nodes by label (real yurt-manager)", function () {
    this.timeout(15 * 60 * 1000);
    let conn: KubeConnection;
    let s: E2EStack;
    let config: Record<string, unknown> = {};
    const first = ["fl-01", "fl-02", "fl-03", "fl-04", "fl-05", "fl-06"];
    const later = ["fl-07", "fl-08", "fl-09"];
    const all = [...first, ...later, "fl-10"];

    const get = (n: string) => node(conn, n);
    const conditionOf = async (n: string) => conversionCondition(await get(n));
    const reconfigure = (patch: Record<string, unknown>) => {
        config = { ...config, ...patch };
        s.configure(config);
    };
    const setFleetLabel = (n: string, on: boolean) =>
        kubeRequest(conn, "PATCH", `/api/v1/nodes/${n}`, {
            body: { metadata: { labels: { [FLEET]: on ? "e2e" : null } } },
            contentType: "application/merge-patch+json",
        });
    /** Transition times of yurt-manager's verdicts: a node converted again gets a new one. */
    const verdictTimes = async (nodes: string[]) =>
        Object.fromEntries(await Promise.all(nodes.map(async (n) => [n, (await conditionOf(n))?.lastTransitionTime])));

    before(async () => {
        conn = connection();
        for (const n of first) {
            cluster("add-node", n, "--labels", `${FLEET}=e2e`);
        }
        for (const n of [...later, "fl-10"]) {
            cluster("add-node", n);
        }
        s = await newStack(`fl${Date.now() % 100000}`);
        config = {
            cloudNodes: ["node1"],
            edgeNodeSelector: `${FLEET}=e2e`,
            charts: { path: openyurtCharts },
            rollout: { batchSize: 2, jobTimeout: "2m", maxFailures: 2 },
        };
        s.configure(config);
    });

    after(async () => {
        const quietly = (...args: string[]) => {
            try {
                cluster(...args);
            } catch {
                // best effort: the node may be gone already
            }
        };
        for (const n of all) {
            quietly("heal-servant", n);
            quietly("bring-online", n);
        }
        if (s) {
            await s.destroy().catch(() => undefined);
        }
        for (const n of all) {
            quietly("remove-node", n);
        }
    });

    it("within the budget, a failing node and an offline one do not stop the rollout; the report names both with reasons", async () => {
        cluster("fail-servant", "fl-02");
        cluster("take-offline", "fl-05", "--wait");
        // Batches by name: [fl-01 fl-02] [fl-03 fl-04] [fl-05 fl-06]; fl-07 … fl-10 do not match yet.
        const { result, events } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded", "an up within the budget succeeds");
        for (const n of ["fl-01", "fl-03", "fl-04", "fl-06"]) {
            await assertConverted(conn, n);
        }
        const c = await conditionOf("fl-02");
        assert.deepStrictEqual([c?.status, c?.reason], ["True", "ConvertFailed"]);
        await assertUntouched(conn, "fl-05");
        await assertUntouched(conn, "fl-10");

        const report = result.outputs.nodeReport.value;
        assert.strictEqual(report["fl-02"].outcome, "failed");
        assert.match(report["fl-02"].reason, /ConvertFailed: .*(InjectedFailure|failure injected|backoff ?limit)/i, "yurt-manager's message");
        assert.strictEqual(report["fl-05"].outcome, "skipped-offline");
        assert.match(report["fl-05"].reason, /^Ready=(Unknown|False)/, "the Ready condition and how long");
        assert.strictEqual(report["fl-01"].outcome, "converted");
        assert.strictEqual(report["node1"].outcome, "cloud");
        assert.deepStrictEqual(result.outputs.convertedNodes.value, ["fl-01", "fl-03", "fl-04", "fl-06"], "only what yurt-manager converted");
        const state = (await s.stack.exportStack()).deployment;
        const component = state.resources.find((r: any) => r.type === "openyurt:index:EdgeCluster");
        assert.deepStrictEqual(component?.outputs ?? {}, {}, "per-node facts are the stack outputs', not kept again in the component's outputs");
        const warning = events.warnings.join("\n");
        assert.match(warning, /2 edge node\(s\) were not converted, within rollout\.maxFailures \(2\)/);
        assert.match(
            warning,
            /node fl-02 \(failed\)[\s\S]*node fl-05 \(skipped-offline\)|node fl-05 \(skipped-offline\)[\s\S]*node fl-02 \(failed\)/,
        );
    });

    it("once healed, the next preview names exactly those two, and up converts them and nothing else", async () => {
        cluster("heal-servant", "fl-02");
        cluster("bring-online", "fl-05"); // returns once the node is Ready and untainted again
        const before = await verdictTimes(["fl-01", "fl-03", "fl-04", "fl-06"]);
        // The state keeps them out of NodePoolMembers' outputs (so the preview is an update) but in its
        // inputs, which is what --diff shows: the preview names them from the live nodes.
        const { events, result: preview } = await s.preview();
        assert.strictEqual(preview.changeSummary.update, 1, "NodePoolMembers updates: the nodes it did not convert");
        const told = (events.infos.find((m) => m.includes("edge nodes not converted yet")) ?? "").trim();
        assert.match(
            told,
            /: 1 to convert: fl-05; 1 retried \(in their pool, not converted\): fl-02$/,
            "fl-05 was never labelled, fl-02 failed in its pool",
        );
        for (const n of ["fl-01", "fl-03", "fl-04", "fl-06"]) {
            assert.ok(!told.includes(n), `${n} is not named: ${told}`);
        }
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of first) {
            await assertConverted(conn, n);
        }
        assert.deepStrictEqual(await verdictTimes(["fl-01", "fl-03", "fl-04", "fl-06"]), before, "the converted nodes were not converted again");
        assert.deepStrictEqual(
            Object.values(result.outputs.nodeReport.value).filter((r: any) => r.outcome !== "converted" && r.outcome !== "cloud"),
            [],
        );
        assert.deepStrictEqual((await s.up()).events.changes(), [], "converged");
    });

    it("past the budget the rollout stops before the next batch, naming every failed node; healed, the next up goes on", async () => {
        cluster("fail-servant", "fl-07");
        cluster("fail-servant", "fl-08");
        await Promise.all(later.map((n) => setFleetLabel(n, true)));
        reconfigure({ rollout: { batchSize: 2, jobTimeout: "2m", maxFailures: 1 } });
        const { error } = await s.upFails();
        assert.match(
            error,
            /the rollout stopped after batch 4 of 5: 2 node\(s\) failed or were skipped offline, more than rollout\.maxFailures allows \(1: 1 of the 3/,
        );
        assert.match(error, /Every node that failed or was skipped: fl-07, fl-08\./);
        assert.match(error, /1 node\(s\) of later batches were not touched/);
        await assertUntouched(conn, "fl-09");

        cluster("heal-servant", "fl-07");
        cluster("heal-servant", "fl-08");
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of later) {
            await assertConverted(conn, n);
        }
    });

    it("a node that starts matching the selector is previewed by name and converted; one that stops matching is reverted", async () => {
        await setFleetLabel("fl-10", true);
        const diff = await s.stack.preview({ diff: true });
        assert.match(diff.stdout, /\+ +"?fl-10"?[\s\S]{0,200}pool/, "fl-10 named as joining");
        const { events, result: plain } = await s.preview();
        const told = events.infos.find((m) => m.includes("edge nodes not converted yet")) ?? "";
        assert.strictEqual(told.trim(), "edge nodes not converted yet: 1 to convert: fl-10");
        assert.ok(plain.stdout.includes("edge nodes not converted yet: 1 to convert: fl-10"), "pulumi preview prints it");
        await s.up();
        await assertConverted(conn, "fl-10");

        await setFleetLabel("fl-03", false);
        const { result } = await s.up();
        assert.strictEqual(result.outputs.nodeReport.value["fl-03"].outcome, "reverted");
        await assertUntouched(conn, "fl-03");
        assert.deepStrictEqual((await s.up()).events.changes(), [], "converged");
    });
});
