import type * as automation from "@pulumi/pulumi/automation";
import { settings } from "../../components/core/config/settings";
import { KubeConnection, loadKubeconfig } from "../../components/core/kube/kubeconfig";
import { releases } from "../../components/core/release";
import { ParsedArgs } from "../input/args";
import { confirm, requireConfirmable } from "../output/confirm";
import { preview, runWithProgress } from "../engine/engine";
import { Io } from "../output/io";
import { planRows, planTotals, renderPlanTable } from "../output/planTable";
import { Progress } from "../output/progress";
import { previousRun } from "../engine/stackState";
import { PreviousRun } from "../engine/previous";
import { NodeChange, nodeChanges } from "../output/steps";
import { formatDuration } from "../output/table";
import { summaryRows } from "../output/summary";
import { openStack } from "../engine/workspace";
import { header } from "./header";
import { requireUnlocked } from "./locked";
import { notConfirmed, nothingToDo, report } from "./outcome";
import { Session, startSession } from "./session";
import { currentConfig } from "./stackConfig";

/** `yurtctl revert`: preview destroy → confirm → `destroy` with progress; the stack and its config stay. */
export async function revert(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    requireConfirmable(io, flags.yes, "revert");
    const session = startSession(args, io);
    requireUnlocked(session);
    const opened = await openStack(session.project, flags.stack, session.envVars, false);
    const previous = await previousRun(opened.stack);
    io.out(header(session, undefined));
    if (previous.resourceCount === 0) {
        return nothingToDo(session, `nothing to revert: stack "${flags.stack}" has no resources`);
    }
    session.release = Object.values(releases).find((r) => r.generation === previous.generation)?.version;
    return previous.generation === "yurt-manager"
        ? revertYurtManager(session, opened.stack, previous)
        : revertYurtctl(session, opened.stack, previous);
}

/**
 * v1.7.0: the rows come from the state's NodePool membership; progress is read from the cluster with
 * the stack's kubeconfig (the engine reverts with the one recorded in the state).
 */
async function revertYurtManager(session: Session, stack: automation.Stack, previous: PreviousRun): Promise<number> {
    const { io } = session;
    const config = await currentConfig(session.project, stack);
    let conn: KubeConnection | undefined;
    try {
        conn = loadKubeconfig(config.kubeconfig || undefined, io.env, { context: config.kubeconfigContext || undefined }).connection;
    } catch (e) {
        io.err(`yurtctl: cannot load the stack's kubeconfig, so no per-node progress (the revert goes on): ${(e as Error).message}\n`);
    }
    const { revertPools } = await import("./poolRun");
    return revertPools(session, stack, previous, {
        conn,
        cloudPool: config.cloudPool || undefined,
        namespace: config.namespace || settings.namespace.default,
    });
}

/** v0.6.1: the rows from the destroy preview's steps (or, with --yes, from the state), then `destroy` with per-node progress. */
async function revertYurtctl(session: Session, stack: automation.Stack, previous: PreviousRun): Promise<number> {
    const { io } = session;
    const { flags } = session.args;
    const input = { previousRoles: previous.roles, previousAutonomous: previous.autonomous, previousBatches: previous.batches };
    const changes = flags.yes
        ? new Map(
              Object.keys(previous.roles).map((n) => [
                  n,
                  {
                      role: "delete",
                      ...(previous.revertNodes.includes(n) ? { convert: "delete" } : {}),
                      ...(previous.autonomous.includes(n) ? { autonomy: "delete" } : {}),
                  } as NodeChange,
              ]),
          )
        : nodeChanges((await preview(stack, { destroy: true, verbose: flags.verbose }, io)).steps);
    const rows = planRows({ changes, ...input });
    io.out("\n" + renderPlanTable(rows));
    if (!flags.yes) {
        io.out("\n");
        io.out(`${planTotals(rows)}; yurt-controller-manager, RBAC and the join token are removed, node lifecycle is handed back\n`);
        if (
            !(await confirm(
                io,
                `Revert ${rows.filter((r) => r.action === "revert").length} node(s) and remove OpenYurt from stack "${flags.stack}"?`,
            ))
        ) {
            return notConfirmed(session);
        }
    }
    const start = io.now();
    io.out(`\n[${formatDuration(0).padStart(7)}] pulumi destroy on stack "${flags.stack}"\n`);
    const progress = new Progress({ operation: "destroy", batches: previous.batches, revertNodes: previous.revertNodes, start });
    const result = await runWithProgress(stack, progress, { operation: "destroy", verbose: flags.verbose }, io);
    return report(session, summaryRows(rows, progress, result.outcome), result, start);
}
