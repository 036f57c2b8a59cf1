import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { kubeRequest } from "../../components/core/kube/client";
import { KubeConnection } from "../../components/core/kube/kubeconfig";
import { E2EStack, newStack } from "../../support/engineStack";
import { cluster, connection, kubeconfigFile, openyurtCharts } from "../../support/localCluster";
import {
    assertConverted,
    assertUntouched,
    conversionCondition,
    EDGE,
    expectNoChange,
    getOptional,
    node,
    pathsContaining,
    POOL,
    refreshedNames,
    stateFiles,
} from "./harness";

const AUTONOMY = "node.openyurt.io/autonomy-duration";
const NODEPOOLS = "/apis/apps.openyurt.io/v1beta2/nodepools";

/**
 * OpenYurt v1.7.0 end to end: the real engine (Automation API over the project's program), the
 * local control plane, and the REAL yurt-manager (built from the v1.7.0 source, started by
 * scripts/cluster.sh once the chart has installed its webhooks and RBAC), with its webhooks active.
 * kwok completes (or, on demand, fails) the node-servant pods of yurt-manager's conversion Jobs.
 */
describe("v1.7.0 conversion with the real yurt-manager (Automation API + local control plane)", function () {
    this.timeout(10 * 60 * 1000);
    let conn: KubeConnection;
    let s: E2EStack;
    /** Every node but node1, sorted, when the suite starts. */
    let edge: string[] = [];
    let config: Record<string, unknown> = {};

    const get = (n: string) => node(conn, n);
    const labels = async (n: string) => (await get(n)).metadata.labels ?? {};
    const conditionOf = async (n: string) => conversionCondition(await get(n));
    const job = (n: string) => getOptional(conn, `/apis/batch/v1/namespaces/kube-system/jobs/node-servant-conversion-${n}`);
    const reconfigure = (patch: Record<string, unknown>) => {
        config = { ...config, ...patch };
        s.configure(config);
    };

    before(async () => {
        assert.ok(fs.existsSync(path.join(openyurtCharts, "yurt-manager", "Chart.yaml")), `OpenYurt's charts at ${openyurtCharts}`);
        conn = connection();
        const names: string[] = (await kubeRequest(conn, "GET", "/api/v1/nodes")).items.map((n: any) => n.metadata.name).sort();
        edge = names.filter((n) => n !== "node1");
        for (const n of names) {
            await assertUntouched(conn, n);
        }
        s = await newStack(`ym${Date.now() % 100000}`);
        config = { cloudNodes: ["node1"], autonomousNodes: [edge[0]], charts: { path: openyurtCharts }, rollout: { batchSize: 2, jobTimeout: "2m" } };
        s.configure(config);
    });

    after(async () => {
        cluster("heal-servant", "aa-fail");
    });

    it("previews a fresh conversion: charts, pools, membership naming every node; nothing changes in the cluster", async () => {
        const { events, result } = await s.preview();
        const creates = events.names("create");
        for (const c of [
            "openyurt-yurt-manager",
            "openyurt-yurt-hub",
            "openyurt-yurt-manager-ready",
            "openyurt-pool-cloud",
            "openyurt-pool-edge",
            "openyurt-nodepool-reverts",
            "openyurt-nodepool-members",
        ]) {
            assert.ok(creates.includes(c), `${c} in ${creates.join(", ")}`);
        }
        assert.ok(
            events.list.some((o) => o.kind === "pre" && o.op === "create" && o.type === "kubernetes:apps/v1:Deployment"),
            "the chart's objects are previewed one by one",
        );
        assert.deepStrictEqual(
            events.changes().filter((c) => !c.startsWith("create ")),
            [],
        );
        // --diff names every node with its pool.
        const diff = await s.stack.preview({ diff: true });
        for (const n of ["node1", ...edge]) {
            assert.match(diff.stdout, new RegExp(`${n.replace(/\./g, "\\.")}[\\s\\S]{0,200}pool`), `${n} named in the diff`);
        }
        assert.ok((result.changeSummary.create ?? 0) > 50, "OpenYurt's chart objects");
        for (const n of ["node1", ...edge]) {
            await assertUntouched(conn, n);
        }
        assert.strictEqual(await getOptional(conn, `${NODEPOOLS.replace("/nodepools", "")}`), undefined, "no NodePool API before up");
    });

    it("converges: NodePools, pool labels, yurt-manager's verdict on every edge node, autonomy, pinned images", async () => {
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        const pools = (await kubeRequest(conn, "GET", NODEPOOLS)).items.map((p: any) => [p.metadata.name, p.spec.type]).sort();
        assert.deepStrictEqual(pools, [
            ["cloud", "Cloud"],
            ["edge", "Edge"],
        ]);
        assert.strictEqual((await labels("node1"))[POOL], "cloud");
        assert.strictEqual((await labels("node1"))[EDGE], undefined, "a cloud node is never labelled edge (and never by us)");
        for (const n of edge) {
            await assertConverted(conn, n);
            const j = await job(n);
            assert.ok(j, `yurt-manager ran node-servant-conversion-${n}`);
            assert.strictEqual(j.spec.template.spec.containers[0].image, "openyurt/node-servant:v1.7.0", "pinned, never :latest");
            assert.match(j.spec.template.spec.containers[0].args.join(" "), new RegExp(`convert --node-name=${n} --nodepool-name=edge`));
        }
        assert.strictEqual((await get(edge[0])).metadata.annotations?.[AUTONOMY], "0");
        assert.strictEqual((await get(edge[1])).metadata.annotations?.[AUTONOMY], undefined);
        const ym = await kubeRequest(conn, "GET", "/apis/apps/v1/namespaces/kube-system/deployments/yurt-manager");
        assert.strictEqual(ym.spec.template.spec.containers[0].image, "openyurt/yurt-manager:v1.7.0");
        assert.deepStrictEqual(
            ym.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]
                .values,
            ["node1"],
        );
        const pods = await kubeRequest(conn, "GET", "/api/v1/namespaces/kube-system/pods?labelSelector=app.kubernetes.io%2Fname%3Dyurt-manager");
        assert.deepStrictEqual(
            pods.items.map((p: any) => p.spec.nodeName),
            ["node1"],
            "scheduled on the cloud node",
        );
        // The webhooks are the real ones: an admin cannot write is-edge-worker, nor move a node in place.
        await assert.rejects(
            kubeRequest(conn, "PATCH", "/api/v1/nodes/node1", {
                contentType: "application/merge-patch+json",
                body: { metadata: { labels: { [EDGE]: "true" } } },
            }),
            /denied|forbidden|not allowed|webhook/i,
        );
        await assert.rejects(
            kubeRequest(conn, "PATCH", `/api/v1/nodes/${edge[1]}`, {
                contentType: "application/merge-patch+json",
                body: { metadata: { labels: { [POOL]: "cloud" } } },
            }),
            /denied|forbidden|not allowed|webhook/i,
        );
    });

    it("a second preview and up change nothing (yurt-manager's own patches to its webhooks and CRDs are not fought)", async () => {
        await expectNoChange(s);
    });

    it("a node that joins is converted alone", async () => {
        const before = Object.fromEntries(await Promise.all(edge.map(async (n) => [n, (await job(n)).metadata.uid])));
        cluster("add-node", "node9");
        const { events } = await s.up();
        assert.deepStrictEqual(events.changes(), ["update openyurt-nodepool-members", "update openyurt-nodepool-reverts"]);
        await assertConverted(conn, "node9");
        for (const n of edge) {
            assert.strictEqual((await job(n)).metadata.uid, before[n], `${n} was not converted again`);
        }
        edge = [...edge, "node9"].sort();
    });

    it("marking one more node autonomous changes only its annotation", async () => {
        reconfigure({ autonomousNodes: [edge[0], edge[1]], autonomyDuration: "30m" });
        const { events } = await s.up();
        assert.deepStrictEqual(events.changes(), ["update openyurt-nodepool-members"]);
        assert.strictEqual((await get(edge[0])).metadata.annotations?.[AUTONOMY], "30m");
        assert.strictEqual((await get(edge[1])).metadata.annotations?.[AUTONOMY], "30m");
        assert.strictEqual((await get(edge[2])).metadata.annotations?.[AUTONOMY], undefined);
    });

    it("a node removed from the edge set is reverted by yurt-manager, and nothing of OpenYurt is left on it", async () => {
        reconfigure({ edgeNodes: edge.filter((n) => n !== "node9") });
        const { events } = await s.up();
        assert.deepStrictEqual(events.changes(), ["update openyurt-nodepool-members", "update openyurt-nodepool-reverts"]);
        await assertUntouched(conn, "node9");
        const c = await conditionOf("node9");
        assert.deepStrictEqual([c?.status, c?.reason], ["False", "Reverted"], "yurt-manager reverted it");
        assert.ok(!(await get("node9")).spec.unschedulable);
        assert.strictEqual(await job("node9"), undefined, "its Job is cleaned up");
        await assertConverted(conn, edge[1]);
    });

    it("a failing node fails up naming it and leaves the next batch alone; once healed, the next up converges", async () => {
        // Sorted, aa-fail lands in the first batch and zz-later in the last.
        cluster("add-node", "aa-fail");
        cluster("add-node", "zz-later");
        cluster("fail-servant", "aa-fail");
        reconfigure({ edgeNodes: undefined, autonomousNodes: [edge[0], edge[1]] });
        const { error } = await s.upFails();
        assert.match(error, /node aa-fail \(failed\): /, "names the node");
        assert.match(
            error,
            /the rollout stopped after batch 1 of \d+: 1 node\(s\) failed or were skipped offline, more than rollout\.maxFailures allows \(0: /,
        );
        assert.match(error, /ConvertFailed/);
        assert.match(error, /InjectedFailure|failure injected|BackoffLimitExceeded|failed/i, "carries yurt-manager's message");
        const c = await conditionOf("aa-fail");
        assert.deepStrictEqual([c?.status, c?.reason], ["True", "ConvertFailed"]);
        await assertUntouched(conn, "zz-later");

        cluster("heal-servant", "aa-fail");
        const { result } = await s.up();
        assert.strictEqual(result.summary.result, "succeeded");
        for (const n of ["aa-fail", "node9", "zz-later"]) {
            await assertConverted(conn, n);
        }
        assert.deepStrictEqual((await s.up()).events.changes(), [], "converged");
        edge = [...edge, "aa-fail", "zz-later"].sort();
    });

    it("a pool label removed by hand is reported by refresh and restored by up", async () => {
        const victim = edge[edge.length - 1];
        await kubeRequest(conn, "PATCH", `/api/v1/nodes/${victim}`, {
            contentType: "application/merge-patch+json",
            body: { metadata: { labels: { [POOL]: null } } },
        });
        const r = await s.refresh();
        const refreshed = refreshedNames(r.result.stdout);
        assert.ok(refreshed.includes("openyurt-nodepool-members"), `refresh reports the removed label: ${refreshed}`);
        // Besides the drift, refresh sees what yurt-manager maintains itself: the caBundle and address of
        // its webhook configurations and the conversion webhook of its CRDs. Nothing else.
        const yurtManagerOwn = /^openyurt-yurt-manager:(yurt-manager-(mutating|validating)-webhook-configuration|[a-z]+\.[a-z.]*openyurt\.io)$/;
        assert.deepStrictEqual(
            refreshed.filter((n) => n !== "openyurt-nodepool-members" && !yurtManagerOwn.test(n)),
            [],
        );
        const p = await s.stack.preview({ diff: true });
        assert.match(p.stdout, new RegExp(victim), "the preview names the node it puts back");
        const { events } = await s.up();
        // The node is put back. After a refresh the engine may re-apply the webhook configurations
        // (their state now holds what the server defaulted), but never over yurt-manager's fields.
        assert.deepStrictEqual(
            events.changes().filter((c) => !/^update openyurt-yurt-manager:yurt-manager-(mutating|validating)-webhook-configuration$/.test(c)),
            ["update openyurt-nodepool-members"],
        );
        for (const kind of ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]) {
            const w = await kubeRequest(
                conn,
                "GET",
                `/apis/admissionregistration.k8s.io/v1/${kind}/yurt-manager-${kind.startsWith("v") ? "validating" : "mutating"}-webhook-configuration`,
            );
            for (const hook of w.webhooks) {
                assert.match(hook.clientConfig.url ?? "", /^https:\/\/127\.0\.0\.1:/, `${kind} ${hook.name} still points where yurt-manager put it`);
                assert.ok(hook.clientConfig.caBundle, `${kind} ${hook.name} keeps yurt-manager's CA`);
            }
        }
        await assertConverted(conn, victim);
        assert.deepStrictEqual((await s.up()).events.changes(), []);
    });

    it("keeps the kubeconfig's credentials out of the state files in plaintext", async () => {
        const files = stateFiles(s);
        assert.ok(
            files.some((f) => f.endsWith(`stacks/pulumi-openyurt/${s.name}.json`)),
            `the stack's checkpoint among ${files.length} state files`,
        );
        const keyData = /client-key-data:\s*(\S+)/.exec(fs.readFileSync(kubeconfigFile, "utf8"))?.[1];
        assert.ok(keyData);
        const keyPem = Buffer.from(keyData!, "base64").toString().split("\n")[1];
        for (const f of files) {
            const text = fs.readFileSync(f, "utf8");
            if (text.includes(keyData!.slice(0, 40)) || text.includes(keyPem)) {
                assert.fail(`client key in plaintext in ${f}: ${f.endsWith(".json") ? pathsContaining(JSON.parse(text), keyPem).join(", ") : ""}`);
            }
        }
    });

    it("destroy reverts every node, then removes the NodePools and the charts: nothing of OpenYurt is left", async () => {
        if (process.env.E2E_KEEP) {
            return;
        }
        await s.destroy();
        for (const n of ["node1", ...edge]) {
            const x = await get(n);
            assert.strictEqual(x.metadata.labels?.[POOL], undefined, `${n} pool label`);
            assert.strictEqual(x.metadata.labels?.[EDGE], undefined, `${n} is-edge-worker`);
            assert.strictEqual(x.metadata.annotations?.[AUTONOMY], undefined, `${n} autonomy`);
            assert.ok(!x.spec.unschedulable, `${n} schedulable`);
        }
        const left: string[] = [];
        const check = async (apiPath: string, pick: (i: any) => boolean = () => true) => {
            const list = await getOptional(conn, apiPath);
            for (const i of (list?.items ?? []).filter(pick)) {
                left.push(`${apiPath.split("/").pop()}/${i.metadata.name}`);
            }
        };
        const openyurt = (i: any) => /yurt/.test(i.metadata.name);
        await check("/apis/batch/v1/namespaces/kube-system/jobs");
        await check(NODEPOOLS);
        await check("/apis/apps/v1/namespaces/kube-system/deployments", openyurt);
        await check("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations", openyurt);
        await check("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations", openyurt);
        await check("/apis/rbac.authorization.k8s.io/v1/clusterroles", openyurt);
        await check("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", openyurt);
        await check("/api/v1/namespaces/kube-system/serviceaccounts", openyurt);
        await check("/api/v1/namespaces/kube-system/configmaps", openyurt);
        await check("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", (i) => i.metadata.name.endsWith("openyurt.io"));
        assert.deepStrictEqual(left, []);
        await s.stack.workspace.removeStack(s.name);
    });
});
