import type * as automation from "@pulumi/pulumi/automation";
import { settings } from "../../../components/core/config/settings";
import { KubeConnection, loadKubeconfig } from "../../../components/core/kube/kubeconfig";
import { v1_7_0 } from "../../../components/core/release/v1_7";
import { NodeMembership } from "../../../components/yurtmanager/manifests";
import { runWithProgress } from "../../engine/engine";
import { PreviousRun } from "../../engine/previous";
import { report } from "../../flow/outcome";
import { confirmRevert } from "../../flow/revertConfirm";
import { Session } from "../../flow/session";
import { currentConfig } from "../../flow/stackConfig";
import { poolPlanRows } from "./poolPlan";
import { poolSummaryRows, PoolWatch } from "./poolProgress";
import { PoolStepProgress } from "./poolSteps";
import { clusterWatch, failedJobHint } from "./run";

/**
 * v1.7.0: the rows come from the state's NodePool membership; progress is read from the cluster with
 * the stack's kubeconfig (the engine reverts with the one recorded in the state).
 */
export async function revertYurtManager(session: Session, stack: automation.Stack, previous: PreviousRun): Promise<number> {
    const { io } = session;
    const config = await currentConfig(session.project, stack);
    let conn: KubeConnection | undefined;
    try {
        conn = loadKubeconfig(config.kubeconfig || undefined, io.env, { context: config.kubeconfigContext || undefined }).connection;
    } catch (e) {
        io.err(`yurtctl: cannot load the stack's kubeconfig, so no per-node progress (the revert goes on): ${(e as Error).message}\n`);
    }
    return revertPools(session, stack, previous, {
        conn,
        cloudPool: config.cloudPool || undefined,
        namespace: config.namespace || settings.namespace.default,
    });
}

/** What a v1.7.0 state says about each node, also when the run that made it stopped before NodePoolMembers existed. */
export function previousMembers(previous: PreviousRun, cloudPool: string = settings.cloudPool.default): Record<string, NodeMembership> {
    if (previous.members) {
        return previous.members;
    }
    return Object.fromEntries(Object.entries(previous.revertPools ?? {}).map(([n, pool]) => [n, { pool, edge: pool !== cloudPool }]));
}

/** `revert` under v1.7.0: every node out of its pool (waiting for yurt-manager), pools and charts removed. */
async function revertPools(
    session: Session,
    stack: automation.Stack,
    previous: PreviousRun,
    opts: { conn?: KubeConnection; cloudPool?: string; namespace: string },
): Promise<number> {
    const {
        io,
        args: { flags },
    } = session;
    const members = previousMembers(previous, opts.cloudPool);
    const rows = poolPlanRows({ previous: members, previousBatches: previous.batches });
    const declined = await confirmRevert(
        session,
        rows,
        { pools: true },
        "then the NodePools are deleted and the yurt-manager and yurthub charts uninstalled",
    );
    if (declined !== undefined) {
        return declined;
    }
    const start = io.now();
    const leaving = rows.filter((r) => r.action === "revert").map((r) => r.node);
    const progress = new PoolStepProgress({ operation: "destroy", batches: previous.batches, revertNodes: leaving, start });
    const watch = new PoolWatch({
        release: v1_7_0,
        batches: previous.batches,
        start,
        nodes: rows
            .filter((r) => members[r.node])
            .map((r) => ({ name: r.node, had: members[r.node], batch: r.batch === undefined ? undefined : r.batch - 1 })),
    });
    const result = await runWithProgress(
        stack,
        progress,
        { operation: "destroy", verbose: flags.verbose, watch: await clusterWatch(opts.conn, watch, io) },
        io,
    );
    watch.finish();
    return report(session, poolSummaryRows(rows, watch, result.outcome), result, start, {
        hint: failedJobHint(watch, opts.namespace, v1_7_0),
    });
}
