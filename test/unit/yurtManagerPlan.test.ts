import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConversionSpec } from "../../components/core/config/spec";
import { isYurtManagerPlan, planEdgeCluster } from "../../components/edgecluster/plan";
import { planYurtManagerConversion, YurtManagerPlan } from "../../components/yurtmanager/plan";
import { chartImage, nodeMemberships, yurtManagerValues } from "../../components/yurtmanager/manifests";
import { inventory, v1_7Kubernetes } from "../../support/inventory";
import { ProblemList } from "../../components/core/config/problems";
import {
    checkConversionJobNames,
    checkNodeLifecycleSettings,
    layOutPools,
    resolveApiServerAddress,
    resolveAutonomyDuration,
    resolveConversionWorkers,
    resolvePoolMembership,
} from "../../components/yurtmanager/plan";
import { v1_7_0 } from "../../components/core/release/v1_7";
import { openyurtCharts } from "../../support/localCluster";
import { chartFolder } from "./chartFixtures";
import { refusals } from "./refusals";

const fleet = inventory(["node1", "node2", "node3", "node4"], { version: v1_7Kubernetes });
const base: ConversionSpec = { cloudNodes: ["node1"] };
const plan = (spec: ConversionSpec, inv = fleet): YurtManagerPlan => planYurtManagerConversion(spec, inv);

const { problemsOf, expectProblem } = refusals(planEdgeCluster, fleet);

describe("planEdgeCluster with OpenYurt v1.7.0", () => {
    it("is the default release", () => {
        const p = planEdgeCluster(base, fleet);
        assert.ok(isYurtManagerPlan(p));
        assert.strictEqual(p.release.version, "v1.7.0");
    });

    it("refuses kubeadmConfPath, which yurt-manager's conversion Job cannot pass on", () => {
        expectProblem({ ...base, kubeadmConfPath: "/etc/kubelet.d/10-kubeadm.conf" }, "kubeadmConfPath", [
            "cannot be passed on by OpenYurt v1.7.0",
            "unset it",
        ]);
    });

    describe("Kubernetes version", () => {
        it("accepts 1.23 to 1.34", () => {
            for (const v of ["v1.23.0", "v1.30.1-aliyun.1", "v1.34.4", "v1.34.0+k3s1"]) {
                assert.strictEqual(plan(base, { ...fleet, serverVersion: v }).notes.length, 0, v);
            }
        });
        it("refuses a newer or older server, naming the version, the range and the override", () => {
            for (const v of ["v1.35.0", "v1.22.17"]) {
                expectProblem(base, "release", [v, "1.23–1.34", "allowUnsupportedKubernetes"], { ...fleet, serverVersion: v });
            }
        });
        it("goes on past the range only with allowUnsupportedKubernetes: true, and says so", () => {
            const p = plan({ ...base, allowUnsupportedKubernetes: true }, { ...fleet, serverVersion: "v1.36.3" });
            assert.match(p.notes.join("\n"), /v1.36.3 is outside what OpenYurt v1.7.0 supports \(1.23–1.34\)/);
            expectProblem({ ...base, allowUnsupportedKubernetes: "yes" as any }, "allowUnsupportedKubernetes", ['"yes"', "true"]);
        });
    });

    describe("NodePools", () => {
        it("simple form: a Cloud pool for the cloud nodes, every other node in one default Edge pool", () => {
            const p = plan(base);
            assert.deepStrictEqual(p.pools, [
                { name: "cloud", type: "Cloud", nodes: ["node1"] },
                { name: "edge", type: "Edge", nodes: ["node2", "node3", "node4"] },
            ]);
            assert.deepStrictEqual(
                p.nodes.map((n) => [n.name, n.pool]),
                [
                    ["node1", "cloud"],
                    ["node2", "edge"],
                    ["node3", "edge"],
                    ["node4", "edge"],
                ],
            );
        });
        it("named Edge pools; nodes in none of them join the default pool", () => {
            const p = plan({ ...base, edgePools: { hangzhou: ["node3"], beijing: [] } });
            assert.deepStrictEqual(
                p.pools.map((x) => [x.name, x.type, x.nodes]),
                [
                    ["cloud", "Cloud", ["node1"]],
                    ["beijing", "Edge", []],
                    ["edge", "Edge", ["node2", "node4"]],
                    ["hangzhou", "Edge", ["node3"]],
                ],
            );
        });
        it("a node named only in a pool is an edge node even with an explicit edgeNodes list", () => {
            const p = plan({ ...base, edgeNodes: ["node2"], edgePools: { far: ["node4"] } });
            assert.deepStrictEqual(p.edgeNodes, ["node2", "node4"]);
            assert.deepStrictEqual(p.unmanagedNodes, ["node3"]);
        });
        it("refuses bad pool names, a node in two pools, a cloud node in an Edge pool, a pool named like the Cloud pool", () => {
            expectProblem({ ...base, edgePools: { Edge_A: ["node2"] } }, "edgePools.Edge_A", ['"Edge_A"', "NodePool name"]);
            expectProblem({ ...base, edgePools: { a: ["node2"], b: ["node2"] } }, "edgePools.b", ['"node2"', 'pool "a"']);
            expectProblem({ ...base, edgePools: { a: ["node1"] } }, "edgePools", ['"node1"', "both as cloud and as edge"]);
            expectProblem({ ...base, edgePools: { cloud: ["node2"] } }, "edgePools.cloud", ["Cloud pool"]);
            expectProblem({ ...base, edgePools: { a: ["node9"] } }, "edgePools", ['"node9"', "not in the cluster"]);
        });
    });

    it("refuses an edge node whose name is too long for yurt-manager's Job (node-servant-conversion-<node>, 63)", () => {
        const ok = "e".repeat(39);
        const long = "e".repeat(40);
        const inv = inventory(["node1", ok, long], { version: v1_7Kubernetes });
        expectProblem(base, "edgeNodes", [`"${long}"`, "40 characters", "at most 39"], inv);
        assert.deepStrictEqual(plan({ ...base, edgeNodes: [ok] }, inv).edgeNodes, [ok]);
        // A cloud node gets no Job, so its name is not limited.
        assert.deepStrictEqual(plan({ cloudNodes: ["node1", long], edgeNodes: [ok] }, inv).cloudNodes, ["node1", long]);
    });

    it('autonomy: the annotation value is a Go duration, "0" (never evict) by default', () => {
        assert.strictEqual(plan({ ...base, autonomousNodes: "all" }).autonomyDuration, "0");
        assert.deepStrictEqual(nodeMemberships(plan({ ...base, autonomousNodes: ["node3"], autonomyDuration: "1h30m" })).node3, {
            pool: "edge",
            edge: true,
            autonomy: "1h30m",
        });
        expectProblem({ ...base, autonomyDuration: "1 day" }, "autonomyDuration", ['"1 day"', "Go duration"]);
        expectProblem({ ...base, autonomyDuration: "-5m" }, "autonomyDuration", ['"-5m"']);
        expectProblem({ ...base, autonomousNodes: ["node1"] }, "autonomousNodes", ["cloud node"]);
    });

    it("images: v1.7.0's own keys, pinned; the chart's :latest can never be chosen", () => {
        assert.deepStrictEqual(plan(base).images, {
            yurtManager: "openyurt/yurt-manager:v1.7.0",
            nodeServant: "openyurt/node-servant:v1.7.0",
            yurthub: "openyurt/yurthub:v1.7.0",
        });
        expectProblem({ ...base, images: { nodeServant: "openyurt/node-servant:latest" } }, "images.nodeServant", ["latest"]);
        expectProblem({ ...base, images: { yurtControllerManager: "a/b:v1" } as any }, "images.yurtControllerManager", [
            "unknown image",
            "yurtManager, nodeServant, yurthub",
        ]);
        expectProblem({ ...base, images: { yurthub: "UPPER/case:tag" } }, "images.yurthub", ["upper-case"]);
    });

    it("charts: a repository at an exact version by default, or a local folder, never both", () => {
        assert.deepStrictEqual(plan(base).charts, { kind: "repository", repository: "https://openyurtio.github.io/charts", version: "1.7.0" });
        const relative = path.relative(process.cwd(), chartFolder());
        assert.deepStrictEqual(plan({ ...base, charts: { path: relative } }).charts, { kind: "path", path: relative }, "kept as given");
        expectProblem({ ...base, charts: { version: "^1.7" } }, "charts.version", ['"^1.7"', "exact"]);
        expectProblem({ ...base, charts: { repository: "ftp://x" } }, "charts.repository", ['"ftp://x"']);
        expectProblem({ ...base, charts: { path: chartFolder(), version: "1.7.0" } }, "charts.path", ["either"]);
        expectProblem({ ...base, charts: { repo: "https://x" } as any }, "charts.repo", ["unknown setting"]);
    });

    it("charts.path: a folder holding yurt-manager/ and yurthub/, each with its Chart.yaml; else the folder and what is missing", () => {
        assert.ok(fs.existsSync(openyurtCharts), `OpenYurt's source is expected beside the repository: ${openyurtCharts}`);
        assert.deepStrictEqual(plan({ ...base, charts: { path: openyurtCharts } }).charts, { kind: "path", path: openyurtCharts });
        const fix = ["yurt-manager/ and yurthub/ charts", "Chart.yaml", "unset charts.path", "https://openyurtio.github.io/charts"];
        const absent = path.join(chartFolder(), "nowhere");
        expectProblem({ ...base, charts: { path: absent } }, "charts.path", [`folder "${absent}" does not exist`, ...fix]);
        const empty = chartFolder([]);
        expectProblem({ ...base, charts: { path: empty } }, "charts.path", [
            `folder "${empty}" does not hold the charts: yurt-manager/ is missing; yurthub/ is missing`,
            ...fix,
        ]);
        const half = chartFolder(["yurt-manager", "yurthub"], ["yurthub"]);
        expectProblem({ ...base, charts: { path: half } }, "charts.path", [`folder "${half}" does not hold the charts: yurthub/ has no Chart.yaml`]);
        assert.ok(!problemsOf({ ...base, charts: { path: half } })[0].message.includes("yurt-manager"), "only what is missing");
        const file = path.join(half, "yurthub", "values.yaml");
        fs.writeFileSync(file, "");
        expectProblem({ ...base, charts: { path: file } }, "charts.path", [`"${file}" is a file, not a folder`]);
        const relative = path.relative(process.cwd(), empty);
        expectProblem({ ...base, charts: { path: relative } }, "charts.path", [`folder "${relative}" (${empty}) does not hold the charts`]);
    });

    it("rollout and yurt-manager: batches as before, conversion workers >= 1", () => {
        const p = plan({ ...base, rollout: { batchSize: 2, jobTimeout: "3m" }, yurtManager: { conversionWorkers: 50 } });
        assert.deepStrictEqual(p.batches, [["node2", "node3"], ["node4"]]);
        assert.strictEqual(p.conversionTimeoutSeconds, 180);
        assert.strictEqual(p.conversionWorkers, 50);
        assert.strictEqual(plan(base).conversionWorkers, 3, "yurt-manager's own default");
        expectProblem({ ...base, yurtManager: { conversionWorkers: 0 } }, "yurtManager.conversionWorkers", ["0"]);
        expectProblem({ ...base, rollout: { batchSize: 1.5 } }, "rollout.batchSize", ["1.5"]);
        assert.match(plan({ ...base, rollout: { backoffLimit: 1 } }).notes.join(), /backoffLimit has no effect/);
    });

    it("settings only v0.6.1 reads are noted as having no effect, each by name; unset, nothing is noted", () => {
        const notes = plan({ ...base, bootstrapTokenTtl: "48h", yurthubHealthCheckTimeout: "5m" }).notes;
        assert.strictEqual(notes.length, 2, notes.join("\n"));
        assert.match(notes[0], /^bootstrapTokenTtl has no effect with OpenYurt v1\.7\.0: no bootstrap token is made/);
        assert.match(notes[1], /^yurthubHealthCheckTimeout has no effect with OpenYurt v1\.7\.0/);
        assert.deepStrictEqual(plan(base).notes, []);
    });

    it("node lifecycle: nothing to hand over; kubeadm is noted, an unknown provider refused", () => {
        assert.deepStrictEqual(plan({ ...base, provider: "ack" }).notes, []);
        assert.match(plan({ ...base, provider: "kubeadm" }).notes.join(), /no effect/);
        expectProblem({ ...base, provider: "minikube" }, "provider", ['"minikube"']);
    });

    it("the yurthub chart gets the API server nodes reach: the setting, else the kubeconfig's", () => {
        assert.strictEqual(plan(base).apiServerAddress, "https://10.0.0.1:6443");
        assert.strictEqual(plan({ ...base, apiServerAddress: "https://192.168.0.1:6443" }).apiServerAddress, "https://192.168.0.1:6443");
        expectProblem({ ...base, apiServerAddress: "192.168.0.1" }, "apiServerAddress", ['"192.168.0.1"', "https://"]);
    });

    it("reports every problem at once", () => {
        const problems = problemsOf({ cloudNodes: [], edgePools: { BAD: ["node9"] }, autonomyDuration: "x", images: { yurthub: "y" } });
        assert.ok(problems.length >= 5, JSON.stringify(problems));
    });
});

describe("v1.7.0 chart values", () => {
    it("split pinned images the way the charts join them (registry/repository:tag)", () => {
        assert.deepStrictEqual(chartImage("registry.cn-hangzhou.aliyuncs.com/openyurt/yurthub:v1.7.0"), {
            registry: "registry.cn-hangzhou.aliyuncs.com/openyurt",
            repository: "yurthub",
            tag: "v1.7.0",
        });
        assert.deepStrictEqual(chartImage("localhost:5000/node-servant:v1.7.0"), {
            registry: "localhost:5000",
            repository: "node-servant",
            tag: "v1.7.0",
        });
        const digest = "a".repeat(64);
        const d = chartImage(`openyurt/node-servant@sha256:${digest}`);
        assert.strictEqual(`${d.registry}/${d.repository}:${d.tag}`, `openyurt/node-servant@sha256:${digest}`);
    });
    it("schedule yurt-manager on the cloud nodes, not on control-plane nodes", () => {
        const v: any = yurtManagerValues(plan({ cloudNodes: ["node1", "node2"] }));
        assert.deepStrictEqual(v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions, [
            { key: "kubernetes.io/hostname", operator: "In", values: ["node1", "node2"] },
        ]);
        assert.ok(!JSON.stringify(v).includes("control-plane"));
    });
});

describe("the v1.7.0 planner's named steps", () => {
    const settingsOf = (p: ProblemList) => p.problems.map((x) => x.setting);

    it("checkNodeLifecycleSettings: nothing to hand over; kubeadm noted, an unknown provider and kubeadmConfPath refused", () => {
        const p = new ProblemList();
        assert.deepStrictEqual(checkNodeLifecycleSettings(p, { cloudNodes: [], provider: "ack" }, v1_7_0), []);
        assert.match(checkNodeLifecycleSettings(p, { cloudNodes: [], provider: "kubeadm" }, v1_7_0).join(), /has no effect with OpenYurt v1\.7\.0/);
        checkNodeLifecycleSettings(p, { cloudNodes: [], provider: "minikube", kubeadmConfPath: "/etc/x.conf" }, v1_7_0);
        assert.deepStrictEqual(settingsOf(p), ["provider", "kubeadmConfPath"]);
    });

    it("resolvePoolMembership: named pools, the default pool for the rest, one pool per node", () => {
        const p = new ProblemList();
        const m = resolvePoolMembership(p, { cloudNodes: ["node1"], edgePools: { hangzhou: ["node3"] } }, fleet);
        assert.deepStrictEqual(p.problems, []);
        assert.deepStrictEqual([m.cloudPool, m.edgePoolOf("node3"), m.edgePoolOf("node2")], ["cloud", "hangzhou", "edge"]);
        resolvePoolMembership(p, { cloudNodes: ["node1"], edgePools: { a: ["node2"], b: ["node2"], cloud: [] } }, fleet);
        assert.deepStrictEqual(settingsOf(p), ["edgePools.cloud", "edgePools.b"], "a node in two pools is one problem, under the second pool");
    });

    it("checkConversionJobNames, resolveAutonomyDuration, resolveConversionWorkers, resolveApiServerAddress: each under its own setting", () => {
        const p = new ProblemList();
        checkConversionJobNames(p, ["n".repeat(39), "n".repeat(40)], v1_7_0);
        assert.strictEqual(resolveAutonomyDuration(p, { cloudNodes: [] }), "0");
        resolveAutonomyDuration(p, { cloudNodes: [], autonomyDuration: "3 days" });
        assert.strictEqual(resolveConversionWorkers(p, { cloudNodes: [] }, v1_7_0), v1_7_0.defaultConversionWorkers);
        resolveConversionWorkers(p, { cloudNodes: [], yurtManager: { conversionWorkers: 0 } }, v1_7_0);
        assert.strictEqual(resolveApiServerAddress(p, { cloudNodes: [] }, { ...fleet, apiServer: "https://10.0.0.1:6443" }), "https://10.0.0.1:6443");
        resolveApiServerAddress(p, { cloudNodes: [], apiServerAddress: "http://10.0.0.1:6443" }, fleet);
        assert.deepStrictEqual(settingsOf(p), ["edgeNodes", "autonomyDuration", "yurtManager.conversionWorkers", "apiServerAddress"]);
    });

    it("layOutPools: cloud nodes first, edge nodes in batch order with their pool; a named pool without nodes still exists", () => {
        const m = resolvePoolMembership(new ProblemList(), { cloudNodes: ["node1"], edgePools: { hangzhou: ["node3"], empty: [] } }, fleet);
        const { nodes, pools } = layOutPools(m, [["node2", "node3"], ["node4"]]);
        assert.deepStrictEqual(
            nodes.map((n) => `${n.name}:${n.role}:${n.pool}:${n.batch ?? "-"}`),
            ["node1:cloud:cloud:-", "node2:edge:edge:0", "node3:edge:hangzhou:0", "node4:edge:edge:1"],
        );
        assert.deepStrictEqual(
            pools.map((x) => `${x.name}:${x.type}:${x.nodes.join("+")}`),
            ["cloud:Cloud:node1", "edge:Edge:node2+node4", "empty:Edge:", "hangzhou:Edge:node3"],
        );
    });
});

describe("v1.7.0 nodes chosen by label selector, and the failure budget", () => {
    const labelled = (labels: Record<string, Record<string, string>>) => {
        const inv = inventory(["node1", "node2", "node3", "node4", "node5"], { version: v1_7Kubernetes });
        for (const n of inv.nodes) {
            Object.assign(n.labels, labels[n.name] ?? {});
        }
        return inv;
    };
    const zones = labelled({
        node2: { "node-role.kubernetes.io/edge": "", "topology.kubernetes.io/zone": "hz-a" },
        node3: { "node-role.kubernetes.io/edge": "", "topology.kubernetes.io/zone": "hz-b" },
        node4: { "topology.kubernetes.io/zone": "hz-a" },
    });
    it("edgeNodeSelector: only the matching nodes are edge nodes; the rest are left alone", () => {
        const p = plan({ ...base, edgeNodeSelector: "node-role.kubernetes.io/edge" }, zones);
        assert.deepStrictEqual(p.edgeNodes, ["node2", "node3"]);
        assert.deepStrictEqual(p.unmanagedNodes, ["node4", "node5"]);
    });
    it("a node that starts or stops matching is in or out of the next plan, by name", () => {
        const before = plan({ ...base, edgeNodeSelector: "topology.kubernetes.io/zone=hz-a" }, zones);
        const moved = labelled({ node4: { "topology.kubernetes.io/zone": "hz-b" }, node5: { "topology.kubernetes.io/zone": "hz-a" } });
        const after = plan({ ...base, edgeNodeSelector: "topology.kubernetes.io/zone=hz-a" }, moved);
        assert.deepStrictEqual([before.edgeNodes, after.edgeNodes], [["node2", "node4"], ["node5"]]);
    });
    it("a pool by selector: its matching nodes join it; with edgeNodes unset the others join the default pool", () => {
        const p = plan({ ...base, edgePools: { hangzhou: { selector: "topology.kubernetes.io/zone in (hz-a)" } } }, zones);
        assert.deepStrictEqual(
            p.pools.map((x) => [x.name, x.nodes]),
            [
                ["cloud", ["node1"]],
                ["edge", ["node3", "node5"]],
                ["hangzhou", ["node2", "node4"]],
            ],
        );
    });
    it("edgeNodes, edgeNodeSelector and pool selectors add up", () => {
        const p = plan(
            {
                ...base,
                edgeNodes: ["node5"],
                edgeNodeSelector: "node-role.kubernetes.io/edge",
                edgePools: { a: { selector: "topology.kubernetes.io/zone=hz-a" } },
            },
            zones,
        );
        assert.deepStrictEqual([...p.edgeNodes].sort(), ["node2", "node3", "node4", "node5"]);
    });
    it("refuses a selector that does not parse, naming it, before anything changes", () => {
        expectProblem({ ...base, edgeNodeSelector: "zone in (a,b" }, "edgeNodeSelector", ['"zone in (a,b"', ")"], zones);
        expectProblem({ ...base, edgePools: { a: { selector: "" } } }, "edgePools.a.selector", ["empty"], zones);
        expectProblem({ ...base, edgePools: { a: { selector: 7 } as never } }, "edgePools.a.selector", ["7", "not a label selector"], zones);
        expectProblem({ ...base, edgePools: { a: { selectr: "x" } as never } }, "edgePools.a.selectr", ["unknown setting"], zones);
    });
    it("refuses a cloud node matching an edge selector, and a node matching two pools, naming the nodes", () => {
        expectProblem(
            { cloudNodes: ["node2"], edgeNodeSelector: "node-role.kubernetes.io/edge" },
            "edgeNodeSelector",
            ['"node2"', "cloud node"],
            zones,
        );
        expectProblem(
            { ...base, edgePools: { a: { selector: "topology.kubernetes.io/zone=hz-a" }, b: { selector: "node-role.kubernetes.io/edge" } } },
            "edgePools.b",
            ['"node2"', 'pool "a"'],
            zones,
        );
    });
    it("notes a selector that matches no node", () => {
        assert.match(plan({ ...base, edgeNodeSelector: "nothing=here" }, zones).notes.join("\n"), /edgeNodeSelector "nothing=here" matches no node/);
    });
    it("rollout.maxFailures: 0 by default, a count or a percentage, anything else refused", () => {
        assert.strictEqual(plan(base).maxFailures, "0");
        assert.strictEqual(plan({ ...base, rollout: { maxFailures: "2%" } }).maxFailures, "2%");
        assert.strictEqual(plan({ ...base, rollout: { maxFailures: 4 } }).maxFailures, "4");
        expectProblem({ ...base, rollout: { maxFailures: "lots" } }, "rollout.maxFailures", ['"lots"', "percentage"]);
    });
});
