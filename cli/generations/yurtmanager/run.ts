import { KubeConnection } from "../../../components/core/kube/kubeconfig";
import { nodeView } from "../../../components/core/kube/nodeView";
import { NodeMembership, nodeMemberships } from "../../../components/yurtmanager/manifests";
import { YurtManagerPlan } from "../../../components/yurtmanager/plan";
import { YurtManagerRelease } from "../../../components/core/release/release";
import { confirm } from "../../output/confirm";
import { ClusterWatch, runWithProgress } from "../../engine/engine";
import { Io } from "../../output/io";
import { clusterWideChanges, describeOtherChanges, PlanRow, planTotals, renderPlanTable } from "../../output/planTable";
import { poolPlanRows, poolRowKinds, yurtManagerPlan } from "./poolPlan";
import { withPodReasons } from "../../output/podReasons";
import { poolSummaryRows, PoolWatch, WatchedNode } from "./poolProgress";
import { PoolStepProgress } from "./poolSteps";
import { PreviousRun } from "../../engine/previous";
import { resourceChanges } from "../../output/steps";
import { stamped } from "../../output/runLog";
import { ApplyInput, nothingToChange, writeConfirmedConfig } from "../../flow/applyInput";
import { previewWith } from "../../flow/configPreview";
import { notConfirmed, report } from "../../flow/outcome";

/**
 * `convert` (and markautonomous's run) under v1.7.0: per-node rows from the plan and the previous
 * run's NodePoolMembers, and per-node progress read from the cluster while the engine runs its one
 * fleet-wide step (revert.ts reads it the same way during `destroy`).
 */

/** How often the nodes are read while yurt-manager works. */
export const pollEveryMs = 2000;

/** The plan rows of a v1.7.0 conversion: where each node should be, against where the last run put it. */
export function conversionRows(plan: YurtManagerPlan, previous: PreviousRun): PlanRow[] {
    return poolPlanRows({ plan, previous: previous.members });
}

/** Every node a run is about, with where it should end and where it was. */
export function watchedNodes(
    rows: PlanRow[],
    plan: YurtManagerPlan | undefined,
    previous: Record<string, NodeMembership> | undefined,
): WatchedNode[] {
    const want = plan ? nodeMemberships(plan) : {};
    const batchOf = new Map<string, number>();
    (plan?.batches ?? []).forEach((b, i) => b.forEach((n) => batchOf.set(n, i)));
    return rows
        .filter((r) => want[r.node] || previous?.[r.node])
        .map((r) => ({
            name: r.node,
            want: want[r.node],
            had: previous?.[r.node],
            batch: batchOf.get(r.node),
        }));
}

/**
 * The cluster side of the progress: a baseline read of the nodes now, then a read every few
 * seconds while the engine runs. Undefined (no per-node progress, the run still goes) when the
 * nodes cannot be read.
 */
export async function clusterWatch(conn: KubeConnection | undefined, watch: PoolWatch, io: Io): Promise<ClusterWatch | undefined> {
    if (!conn) {
        return undefined;
    }
    // One list, then only the changes (a watch): a poll costs what changed, not the fleet.
    const view = nodeView(conn);
    try {
        watch.baseline([...(await view.read()).values()]);
    } catch (e) {
        io.err(`yurtctl: cannot read the nodes, so no per-node progress (the run goes on): ${String((e as Error)?.message ?? e).split("\n")[0]}\n`);
        return undefined;
    }
    return {
        everyMs: pollEveryMs,
        poll: async () => watch.observe([...(await view.read(1)).values()], io.now()),
        heartbeat: () => watch.heartbeat(io.now()),
    };
}

/** Adds the pods' own reasons to nodes whose conversion failed, best effort. */
async function explainFailures(input: ApplyInput, plan: YurtManagerPlan, watch: PoolWatch): Promise<void> {
    for (const [node, p] of watch.nodes) {
        if (p.failed !== undefined) {
            p.failed = await withPodReasons(input.local, plan.namespace, `${plan.release.conversionJobPrefix}${node}`, p.failed);
        }
    }
}

export function failedJobHint(watch: PoolWatch, namespace: string, release: YurtManagerRelease): string | undefined {
    const failed = watch.failedNodes();
    return failed.length > 0
        ? `yurt-manager keeps a failed Job for 2 h (and the node cordoned): kubectl -n ${namespace} describe job ${release.conversionJobPrefix}${failed[0]}`
        : undefined;
}

/** `convert` / `markautonomous` under v1.7.0: rows, preview (unless --yes), confirm, config, `up` with cluster progress, summary. */
export async function applyPoolConversion(input: ApplyInput): Promise<number> {
    const { session, stack, current, set, previous } = input;
    const plan = yurtManagerPlan(input.local.plan);
    const {
        io,
        args: { flags },
    } = session;
    const rows = conversionRows(plan, previous);
    if (!flags.yes) {
        const steps = await previewWith(session, stack, current, set, { target: input.target });
        io.out("\n" + renderPlanTable(rows, { pools: true }) + "\n");
        const changes = resourceChanges(steps);
        if (changes.length === 0) {
            return nothingToChange(input);
        }
        const other = clusterWideChanges(changes, poolRowKinds);
        io.out(`${planTotals(rows)}${other.length > 0 ? `; cluster-wide: ${describeOtherChanges(other)}` : ""}\n`);
        if (!(await confirm(io, input.question(rows)))) {
            return notConfirmed(session);
        }
    }
    await writeConfirmedConfig(input);
    const start = io.now();
    io.out(`\n${stamped(0, `pulumi up on stack "${flags.stack}"${input.target ? " (only the NodePool membership's autonomy involved)" : ""}`)}\n`);
    const leaving = rows.filter((r) => r.action === "revert" || r.action === "move").map((r) => r.node);
    const progress = new PoolStepProgress({ operation: "up", batches: plan.batches, revertNodes: leaving, start, autonomyOnly: !!input.target });
    const watch = new PoolWatch({
        release: plan.release,
        nodes: watchedNodes(rows, plan, previous.members),
        batches: plan.batches,
        start,
        maxFailures: plan.maxFailures,
    });
    const result = await runWithProgress(
        stack,
        progress,
        {
            operation: "up",
            target: input.target,
            verbose: flags.verbose,
            watch: await clusterWatch(input.local.kubeconfig.connection, watch, io),
        },
        io,
    );
    watch.finish();
    await explainFailures(input, plan, watch);
    return report(session, poolSummaryRows(rows, watch, result.outcome), result, start, {
        hint: failedJobHint(watch, plan.namespace, plan.release),
    });
}
