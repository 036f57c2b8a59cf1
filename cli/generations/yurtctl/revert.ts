import type * as automation from "@pulumi/pulumi/automation";
import { preview, runWithProgress } from "../../engine/engine";
import { PreviousRun } from "../../engine/previous";
import { report } from "../../flow/outcome";
import { confirmRevert } from "../../flow/revertConfirm";
import { Session } from "../../flow/session";
import { ServantJobProgress } from "./jobProgress";
import { NodeChange, nodeChanges } from "./nodeSteps";
import { planRows } from "./planRows";
import { summaryRows } from "./summaryRows";

/** v0.6.1: the rows from the destroy preview's steps (or, with --yes, from the state), then `destroy` with per-node progress. */
export async function revertYurtctl(session: Session, stack: automation.Stack, previous: PreviousRun): Promise<number> {
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
    const declined = await confirmRevert(
        session,
        rows,
        { pools: false },
        "yurt-controller-manager, RBAC and the join token are removed, node lifecycle is handed back",
    );
    if (declined !== undefined) {
        return declined;
    }
    const start = io.now();
    const progress = new ServantJobProgress({ operation: "destroy", batches: previous.batches, revertNodes: previous.revertNodes, start });
    const result = await runWithProgress(stack, progress, { operation: "destroy", verbose: flags.verbose }, io);
    return report(session, summaryRows(rows, progress, result.outcome), result, start);
}
