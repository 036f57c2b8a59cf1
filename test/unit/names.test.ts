import * as assert from "assert";
import { previousFromState } from "../../cli/engine/previous";
import { nodeResourceOf } from "../../cli/output/steps";
import { componentTypes, NamedResource, parseResource, parseResourceName, ResourceKind, resourceNames } from "../../components/core/names";
import type { EdgeClusterPlan } from "../../components/edgecluster/plan";
import { inventory, v1_7Kubernetes } from "../../support/inventory";
import { installMocks, Registered, registered, reset, valueOf } from "../../support/mocks";
import { chartFolder } from "./chartFixtures";

// The component module is loaded after the mocks are installed.
let openyurt: typeof import("../../components");

const KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    "current-context": "t",
    clusters: [{ name: "c", cluster: { server: "https://10.0.0.1:6443" } }],
    contexts: [{ name: "t", context: { cluster: "c", user: "u" } }],
    users: [{ name: "u", user: { token: "t" } }],
});
/** Node names that look like other names' suffixes, so a parser that guesses would misread them. */
const NODES = ["node1", "role-2", "batch-3", "cn-hangzhou.192-168-0-4", "preflight", "pool-x"];

/** Builds an EdgeCluster under mocks and returns its plan and what it registered (the component itself left out). */
async function build(name: string, args: Partial<import("../../components").EdgeClusterArgs>, opts: { kcm?: string[]; version?: string } = {}) {
    reset();
    const edge = new openyurt.EdgeCluster(name, { kubeconfig: KUBECONFIG, inventory: inventory(NODES, opts), cloudNodes: ["node1"], ...args });
    await valueOf(edge.convertedNodes);
    await valueOf(edge.autonomousNodes);
    await valueOf(edge.nodePools);
    const children = registered.filter((r) => !(r.type === componentTypes.edgeCluster && r.name === name));
    return { plan: edge.plan, children: [...children] };
}

/** The name resourceNames gives a parsed resource. */
function rebuilt(component: string, r: NamedResource): string {
    const built = (resourceNames(component) as unknown as Record<ResourceKind, string | ((id: string | number) => string)>)[r.kind];
    if (typeof built === "string") {
        return "object" in r && r.object !== undefined ? `${built}:${r.object}` : built;
    }
    return built("node" in r ? r.node : "pool" in r ? r.pool : (r as { batch: number }).batch);
}

/** Every registered resource parses, back to its own name, and to a node, pool or batch of the plan. */
function assertRoundTrip(component: string, plan: EdgeClusterPlan, children: Registered[]): Set<ResourceKind> {
    const kinds = new Set<ResourceKind>();
    for (const c of children) {
        const r = parseResource(c.name, c.type, component);
        assert.ok(r, `${c.name} (${c.type}) is registered but not recognised`);
        assert.strictEqual(rebuilt(component, r), c.name, `${c.name} parses back to itself`);
        if ("node" in r) {
            assert.ok(
                plan.nodes.some((n) => n.name === r.node),
                `${c.name}: node ${r.node} is a node of the plan`,
            );
        } else if ("pool" in r) {
            assert.ok("pools" in plan && plan.pools.some((p) => p.name === r.pool), `${c.name}: pool ${r.pool} is a pool of the plan`);
        } else if ("batch" in r) {
            assert.ok(r.batch < plan.batches.length, `${c.name}: batch ${r.batch} of ${plan.batches.length}`);
        }
        kinds.add(r.kind);
    }
    return kinds;
}

/** A stack export's resources, from what the mocks registered (inputs echoed as outputs). */
function stateOf(children: Registered[]): any[] {
    return children.map((c) => ({
        type: c.type,
        urn: `urn:pulumi:s::p::${componentTypes.edgeCluster}$${c.type}::${c.name}`,
        inputs: c.inputs,
        outputs: c.inputs,
    }));
}

describe("resource names: what the builders register is what the CLI reads (under mocks)", function () {
    this.timeout(30000);
    const seen = new Set<ResourceKind>();
    before(async () => {
        await installMocks();
        openyurt = await import("../../components");
    });

    it("v0.6.1, node lifecycle handed over (ack): every name parses back, and the state reads back as the plan", async () => {
        const { plan, children } = await build("yc", {
            release: "v0.6.1",
            provider: "ack",
            rollout: { batchSize: 2 },
            autonomousNodes: ["role-2", "preflight"],
        });
        assertRoundTrip("yc", plan, children).forEach((k) => seen.add(k));
        const prev = previousFromState(stateOf(children), "yc");
        assert.deepStrictEqual(prev.roles, Object.fromEntries(plan.nodes.map((n) => [n.name, n.role])));
        assert.deepStrictEqual(prev.autonomous, [...plan.autonomousNodes].sort());
        assert.deepStrictEqual(prev.batches, plan.batches);
        assert.deepStrictEqual(prev.revertNodes, [...plan.edgeNodes, ...plan.cloudNodes].sort());
        assert.strictEqual(prev.generation, "yurtctl");
        const convert = children
            .filter((c) => nodeResourceOf(c.name, c.type, "yc")?.resource === "convert")
            .map((c) => nodeResourceOf(c.name, c.type, "yc")!.node);
        assert.deepStrictEqual(convert.sort(), plan.nodes.map((n) => n.name).sort(), "one convert Job per node, read back by node");
    });

    it("v0.6.1, kubeadm: the disable Jobs and the restore record parse back too", async () => {
        const { plan, children } = await build("kd", { release: "v0.6.1", provider: "kubeadm" }, { kcm: ["node1"] });
        assertRoundTrip("kd", plan, children).forEach((k) => seen.add(k));
    });

    it("v1.7.0 with named Edge pools: every name parses back, and the state reads back as the plan", async () => {
        const { plan, children } = await build(
            "ym",
            { charts: { path: chartFolder() }, edgePools: { "pool-a": ["role-2"] }, autonomousNodes: ["batch-3"] },
            { version: v1_7Kubernetes },
        );
        assertRoundTrip("ym", plan, children).forEach((k) => seen.add(k));
        const prev = previousFromState(stateOf(children), "ym");
        assert.strictEqual(prev.generation, "yurt-manager");
        assert.deepStrictEqual(Object.keys(prev.members ?? {}).sort(), plan.nodes.map((n) => n.name).sort());
        assert.deepStrictEqual(prev.revertNodes, plan.nodes.map((n) => n.name).sort());
        assert.deepStrictEqual(prev.autonomous, ["batch-3"]);
        assert.deepStrictEqual(prev.batches, plan.batches);
    });

    it("recognises no kind that no builder registers", () => {
        assert.deepStrictEqual([...seen].sort(), Object.keys(resourceNames("x")).sort());
    });
});

describe("resource names: parsing", () => {
    const names = resourceNames("openyurt");

    it("reads node, pool and batch from a name, and nothing from another component's", () => {
        assert.deepStrictEqual(parseResourceName(names.convertJob("role-2")), { kind: "convertJob", node: "role-2" });
        assert.deepStrictEqual(parseResourceName(names.preflightJob("preflight")), { kind: "preflightJob", node: "preflight" });
        assert.deepStrictEqual(parseResourceName(names.preflightRecord), { kind: "preflightRecord" });
        assert.deepStrictEqual(parseResourceName(names.pool("edge")), { kind: "pool", pool: "edge" });
        assert.deepStrictEqual(parseResourceName(names.batch(12)), { kind: "batch", batch: 12 });
        assert.deepStrictEqual(parseResourceName(names.nodeLifecycleRestore), { kind: "nodeLifecycleRestore" });
        assert.deepStrictEqual(parseResourceName(names.yurtManagerReady), { kind: "yurtManagerReady" });
        assert.deepStrictEqual(parseResourceName(`${names.yurtManagerChart}:kube-system/yurt-manager`), {
            kind: "yurtManagerChart",
            object: "kube-system/yurt-manager",
        });
        for (const other of [
            "openyurt-role-",
            "openyurt-batch-x",
            "openyurt-extra",
            "other-convert-node2",
            "openyurt",
            names.convertJob("n").replace("openyurt-", "openyurtx-"),
        ]) {
            assert.strictEqual(parseResourceName(other), undefined, other);
        }
        assert.deepStrictEqual(parseResourceName("fleet-ycm", "fleet"), { kind: "ycm" });
    });

    it("with a type: only the types registered under that name (any type for a chart's objects)", () => {
        assert.deepStrictEqual(parseResource(names.roleLabel("n"), "kubernetes:core/v1:NodePatch"), { kind: "roleLabel", node: "n" });
        assert.strictEqual(parseResource(names.roleLabel("n"), "kubernetes:batch/v1:Job"), undefined);
        assert.strictEqual(parseResource(names.pool("cloud"), "alicloud:cs/nodePool:NodePool"), undefined, "an ACK node pool of the same name");
        assert.ok(parseResource(`${names.yurthubChart}:yurt-hub-cfg`, "kubernetes:core/v1:ConfigMap"));
    });
});
