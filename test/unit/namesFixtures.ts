import * as assert from "assert";
import { componentTypes, NamedResource, parseResource, ResourceKind, resourceNames } from "../../components/core/names";
import type { EdgeClusterPlan } from "../../components/edgecluster/plan";
import { inventory } from "../../support/inventory";
import { installMocks, Registered, registered, reset, valueOf } from "../../support/mocks";

/**
 * Building an EdgeCluster under mocks and reading its names back, for the names tests of each
 * generation (test/unit/names.test.ts, test/unit/yurtctl/names.test.ts).
 */

// The component module is loaded after the mocks are installed.
let openyurt: typeof import("../../components") | undefined;

/** Installs the mocks and loads the component module (once). */
export async function loadUnderMocks(): Promise<void> {
    if (!openyurt) {
        await installMocks();
        openyurt = await import("../../components");
    }
}

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
export async function build(
    name: string,
    args: Partial<import("../../components").EdgeClusterArgs>,
    opts: { kcm?: string[]; version?: string } = {},
) {
    reset();
    const edge = new openyurt!.EdgeCluster(name, { kubeconfig: KUBECONFIG, inventory: inventory(NODES, opts), cloudNodes: ["node1"], ...args });
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
export function assertRoundTrip(component: string, plan: EdgeClusterPlan, children: Registered[]): Set<ResourceKind> {
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
export function stateOf(children: Registered[]): any[] {
    return children.map((c) => ({
        type: c.type,
        urn: `urn:pulumi:s::p::${componentTypes.edgeCluster}$${c.type}::${c.name}`,
        inputs: c.inputs,
        outputs: c.inputs,
    }));
}
