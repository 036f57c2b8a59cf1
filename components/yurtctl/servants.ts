import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RevertJobs } from "./dynamic/revertJobs";
import * as m from "./manifests";
import { resourceNames } from "../core/names";
import { ConversionPlan } from "./plan";
import { PlannedNode } from "../core/plan/plannedNode";
import { jobOptions, withJobAnnotations } from "./jobs";

/** Cloud-node labels: applied first, since yurt-controller-manager is scheduled by them. */
export function createCloudLabels(name: string, plan: ConversionPlan, opts: pulumi.CustomResourceOptions): k8s.core.v1.NodePatch[] {
    const names = resourceNames(name);
    return plan.nodes
        .filter((n) => n.role === "cloud")
        .map((n) => new k8s.core.v1.NodePatch(names.roleLabel(n.name), m.roleLabelPatch(plan, n), opts));
}

export interface EdgeNodeResources {
    node: PlannedNode;
    convertJob: k8s.batch.v1.Job;
    roleLabel: k8s.core.v1.NodePatch;
    autonomy?: k8s.core.v1.NodePatch;
}

/**
 * The per-edge-node conversion, batch by batch:
 * revert record → convert Job → edge label → autonomy annotation; batch k+1's Jobs wait for the
 * record of batch k, which is only written once all of batch k's Jobs completed.
 * The label and annotation follow the Job, so a node is only labelled edge once it is converted.
 * The revert record is created first, so every node whose Job ever started is reverted when it
 * leaves the edge set or the stack is destroyed. After the last batch, each cloud node gets a convert
 * Job too (yurt-hub in `--working-mode=cloud`, as yurtctl v0.6.1 ran it).
 */
export function createEdgeNodes(
    name: string,
    plan: ConversionPlan,
    kubeconfig: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    prerequisites: pulumi.Resource[],
): {
    reverts: RevertJobs;
    nodes: EdgeNodeResources[];
    gates: k8s.core.v1.ConfigMap[];
    cloudJobs: k8s.batch.v1.Job[];
    preflight: k8s.core.v1.ConfigMap;
} {
    const byName = new Map(plan.nodes.map((n) => [n.name, n]));
    const plannedNode = (n: string) => byName.get(n)!;
    const names = resourceNames(name);
    // Cloud nodes run yurt-hub too, in cloud mode (v0.6 #513), so they are reverted as well.
    const reverts = new RevertJobs(
        names.revert,
        {
            kubeconfig,
            timeoutSeconds: plan.jobTimeoutSeconds,
            jobs: Object.fromEntries([...plan.edgeNodes, ...plan.cloudNodes].map((n) => [n, m.servantJob(plan, plannedNode(n), "revert")])),
        },
        { parent: opts.parent, dependsOn: prerequisites },
    );

    const preflight = createPreflight(name, plan, opts);
    const nodes: EdgeNodeResources[] = [];
    const gates: k8s.core.v1.ConfigMap[] = [];
    plan.batches.forEach((batch, b) => {
        const previousGate = b > 0 ? [gates[b - 1]] : [preflight];
        const batchNodes = batch.map((n) => createEdgeNode(name, plan, plannedNode(n), opts, [reverts, ...prerequisites, ...previousGate]));
        nodes.push(...batchNodes);
        const jobs = batchNodes.map((e) => e.convertJob);
        gates.push(new k8s.core.v1.ConfigMap(names.batch(b), m.rolloutBatchRecord(plan, b), pulumi.mergeOptions(opts, { dependsOn: jobs })));
    });
    // As yurtctl v0.6.1 did: once every edge node is converted, yurt-hub in cloud mode on the cloud nodes.
    const lastGate = gates.length > 0 ? [gates[gates.length - 1]] : [];
    const cloudJobs = plan.cloudNodes.map(
        (nodeName) =>
            new k8s.batch.v1.Job(
                names.convertJob(nodeName),
                withJobAnnotations(m.servantJob(plan, plannedNode(nodeName), "convert")),
                jobOptions(plan, opts, [reverts, ...prerequisites, ...lastGate]),
            ),
    );
    return { reverts, nodes, gates, cloudJobs, preflight };
}

/** One edge node: its convert Job (after `after`), then its edge label, then its autonomy annotation if asked. */
function createEdgeNode(
    name: string,
    plan: ConversionPlan,
    node: PlannedNode,
    opts: pulumi.CustomResourceOptions,
    after: pulumi.Resource[],
): EdgeNodeResources {
    const names = resourceNames(name);
    const convertJob = new k8s.batch.v1.Job(
        names.convertJob(node.name),
        withJobAnnotations(m.servantJob(plan, node, "convert")),
        jobOptions(plan, opts, after),
    );
    const roleLabel = new k8s.core.v1.NodePatch(
        names.roleLabel(node.name),
        m.roleLabelPatch(plan, node),
        pulumi.mergeOptions(opts, { dependsOn: [convertJob] }),
    );
    const autonomy = node.autonomous
        ? new k8s.core.v1.NodePatch(names.autonomy(node.name), m.autonomyPatch(plan, node), pulumi.mergeOptions(opts, { dependsOn: [roleLabel] }))
        : undefined;
    return { node, convertJob, roleLabel, autonomy };
}

/**
 * yurtctl's preflight, per node: a `node-servant-preflight-convert-<node>` Job on every node to be
 * converted, then one record that all passed, which the first batch waits for. A node that cannot
 * be converted fails `up` before any node changes; a node that joins later is checked before its
 * own Job (the record lists the nodes, so it is rewritten after the new node's preflight).
 */
function createPreflight(name: string, plan: ConversionPlan, opts: pulumi.CustomResourceOptions): k8s.core.v1.ConfigMap {
    const names = resourceNames(name);
    const jobs = plan.nodes
        .filter((n) => n.role === "edge" || plan.cloudNodes.includes(n.name))
        .map((n) => new k8s.batch.v1.Job(names.preflightJob(n.name), withJobAnnotations(m.preflightJob(plan, n)), jobOptions(plan, opts, [])));
    return new k8s.core.v1.ConfigMap(names.preflightRecord, m.preflightRecord(plan), pulumi.mergeOptions(opts, { dependsOn: jobs }));
}
