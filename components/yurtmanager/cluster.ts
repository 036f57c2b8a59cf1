import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as path from "path";
import { NodePoolMembers } from "./nodePoolMembers";
import { NodePoolReverts } from "./nodePoolReverts";
import { YurtManagerReady } from "./yurtManagerReady";
import { nodeMemberships, nodePool, yurthubValues, yurtManagerValues } from "./manifests";
import { resourceNames, yurthubReleaseName, yurtManagerReleaseName } from "../core/names";
import { YurtManagerPlan } from "./plan";
import { ClusterInventory } from "../core/plan/inventory";
import { describePending, pendingNodes } from "./pendingNodes";
import { isShortfall, summarizeReport } from "./rolloutReport";
import { membershipsText, parseMemberships, parseReports } from "./membersState";

/** How long `up` waits for yurt-manager's webhooks to answer after installing its chart. */
const YURT_MANAGER_READY_SECONDS = 300;

/**
 * Fields of the yurt-manager chart's objects that yurt-manager maintains itself: the CA bundle and
 * address of its webhook configurations (rewritten to a URL when it runs with WEBHOOK_HOST) and the
 * conversion webhook of its CRDs. After a `refresh` the state holds yurt-manager's values; without
 * this, the next `up` would apply the chart's values back over them (and the API server refuses a
 * webhook with both a URL and a service).
 */
export const yurtManagerMaintained: Readonly<Record<string, string[]>> = {
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration": ["webhooks[*].clientConfig"],
    "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration": ["webhooks[*].clientConfig"],
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": ["spec.conversion"],
};

/** Applied to every object the yurt-manager chart renders: leave yurt-manager's own fields alone. */
export const leaveYurtManagersFields: pulumi.ResourceTransform = (args) => {
    const paths = yurtManagerMaintained[args.type];
    return paths ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { ignoreChanges: paths }) } : undefined;
};

/**
 * Whether the engine runs resource transforms. Every Pulumi CLI this project supports does; the mock
 * monitor of unit tests does not (the SDK would fail the registration), so there the transform,
 * tested on its own, is left out.
 */
function engineRunsTransforms(): boolean {
    // Not in the SDK's public typings; read at the moment it is asked.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/runtime/state").getStore().supportsTransforms !== false;
}

/** Chart arguments for one of OpenYurt's charts: from a local folder, or a repository at a pinned version. */
function chartSource(plan: YurtManagerPlan, chart: string): Pick<k8s.helm.v4.ChartArgs, "chart" | "version" | "repositoryOpts"> {
    return plan.charts.kind === "path"
        ? { chart: path.resolve(plan.charts.path, chart) }
        : { chart, version: plan.charts.version, repositoryOpts: { repo: plan.charts.repository } };
}

/**
 * OpenYurt v1.7.0, in the order the cluster needs it:
 * yurt-manager chart (CRDs, RBAC, webhooks, Deployment) → its webhooks answer → yurthub chart and
 * NodePools → revert record → pool labels, batch by batch, waiting for yurt-manager's verdict.
 * `destroy` runs it backwards: every node reverted (and waited for), pools deleted, charts uninstalled.
 */
export function createYurtManagerCluster(name: string, plan: YurtManagerPlan, kubeconfig: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    const controlPlane = createControlPlane(name, plan, kubeconfig, opts);
    const fleet = createFleet(name, plan, kubeconfig, opts, [...controlPlane.pools, controlPlane.yurthub]);
    return { ...controlPlane, ...fleet };
}

/** The charts and the pools: yurt-manager → its webhooks answer → yurthub and the NodePools. */
function createControlPlane(name: string, plan: YurtManagerPlan, kubeconfig: pulumi.Output<string>, opts: pulumi.CustomResourceOptions) {
    const names = resourceNames(name);
    const managerValues = yurtManagerValues(plan);
    const yurtManager = new k8s.helm.v4.Chart(
        names.yurtManagerChart,
        {
            ...chartSource(plan, plan.release.charts.yurtManager),
            name: yurtManagerReleaseName,
            namespace: plan.namespace,
            values: managerValues,
        },
        engineRunsTransforms() ? pulumi.mergeOptions(opts, { transforms: [leaveYurtManagersFields] }) : opts,
    );
    const revision = createHash("sha256")
        .update(JSON.stringify([plan.charts, managerValues]))
        .digest("hex")
        .slice(0, 16);
    const ready = new YurtManagerReady(
        names.yurtManagerReady,
        { kubeconfig, namespace: plan.namespace, revision, timeoutSeconds: YURT_MANAGER_READY_SECONDS },
        { parent: opts.parent, dependsOn: [yurtManager] },
    );
    const afterReady = pulumi.mergeOptions(opts, { dependsOn: [ready] });
    const yurthub = new k8s.helm.v4.Chart(
        names.yurthubChart,
        {
            ...chartSource(plan, plan.release.charts.yurthub),
            name: yurthubReleaseName,
            namespace: plan.namespace,
            values: yurthubValues(plan),
        },
        afterReady,
    );
    const pools = plan.pools.map((p) => new k8s.apiextensions.CustomResource(names.pool(p.name), nodePool(plan, p), afterReady));
    return { yurtManager, ready, yurthub, pools };
}

/** The nodes, once the control plane is `after`: the revert record first, then the pool labels batch by batch. */
function createFleet(
    name: string,
    plan: YurtManagerPlan,
    kubeconfig: pulumi.Output<string>,
    opts: pulumi.CustomResourceOptions,
    after: pulumi.Resource[],
) {
    const names = resourceNames(name);
    const memberships = nodeMemberships(plan);
    const reverts = new NodePoolReverts(
        names.nodePoolReverts,
        {
            kubeconfig,
            namespace: plan.namespace,
            pools: Object.fromEntries(Object.entries(memberships).map(([n, x]) => [n, x.pool])),
            timeoutSeconds: plan.conversionTimeoutSeconds,
            nodeServantImage: plan.images.nodeServant,
        },
        { parent: opts.parent, dependsOn: after },
    );
    const members = new NodePoolMembers(
        names.nodePoolMembers,
        {
            kubeconfig,
            namespace: plan.namespace,
            nodes: membershipsText(memberships),
            batches: plan.batches,
            timeoutSeconds: plan.conversionTimeoutSeconds,
            nodeServantImage: plan.images.nodeServant,
            maxFailures: plan.maxFailures,
        },
        { parent: opts.parent, dependsOn: [reverts] },
    );
    return { reverts, members };
}

/**
 * What EdgeCluster reports of a yurt-manager conversion. The members' state holds only the nodes that
 * got what was asked (failed and offline ones are retried next run); nodes left for a later run and
 * shortfalls within rollout.maxFailures are logged on `logAs`.
 */
export function yurtManagerOutputs(plan: YurtManagerPlan, members: NodePoolMembers, inventory: ClusterInventory, logAs: pulumi.Resource) {
    const pending = describePending(pendingNodes(plan, inventory));
    if (pending) {
        pulumi.log.info(pending, logAs);
    }
    const report = members.report.apply(parseReports);
    const nodes = members.nodes.apply(parseMemberships);
    report.apply((r) => {
        const short = Object.values(r).filter(isShortfall).length;
        if (short > 0) {
            pulumi.log.warn(
                `${short} edge node(s) were not converted, within rollout.maxFailures (${plan.maxFailures}); the next \`pulumi up\` retries them:\n${summarizeReport(r)}`,
                logAs,
            );
        }
    });
    return {
        convertedNodes: nodes.apply((m) => plan.edgeNodes.filter((n) => m[n]?.edge)),
        autonomousNodes: nodes.apply((m) => plan.autonomousNodes.filter((n) => m[n]?.autonomy !== undefined)),
        nodePools: pulumi.output(Object.fromEntries(plan.pools.map((p) => [p.name, p.nodes]))),
        nodeReport: report,
    };
}
