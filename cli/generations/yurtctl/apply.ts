import { ConversionPlan } from "../../../components/yurtctl/plan";
import { confirm } from "../../output/confirm";
import { runWithProgress } from "../../engine/engine";
import { LocalPlan } from "../../input/localPlan";
import { PlanRow, planTotals, renderPlanTable } from "../../output/planTable";
import { withPodReasons } from "../../output/podReasons";
import { resourceChanges } from "../../output/steps";
import { stamped } from "../../output/runLog";
import { previewWith } from "../../flow/configPreview";
import { ApplyInput, nothingToChange, writeConfirmedConfig } from "../../flow/applyInput";
import { notConfirmed, report } from "../../flow/outcome";
import { ServantJobProgress } from "./jobProgress";
import { NodeChange, nodeChanges } from "./nodeSteps";
import { planRows, yurtctlPlan } from "./planRows";
import { summaryRows } from "./summaryRows";

/**
 * The v0.6.1 apply flow of `convert` and `markautonomous`: preview (unless --yes), confirm, write the
 * config, `up` with progress, the summary; the rows come from the preview's per-node steps.
 */

/** Node changes a run is expected to make when there is no preview (--yes): nodes leaving are reverted. */
export function predictedChanges(leaving: string[]): Map<string, NodeChange> {
    return new Map(leaving.map((n) => [n, { convert: "delete", role: "delete" } as NodeChange]));
}

/** Preview (unless --yes), confirm, write the config, run `up` with progress, print the summary. Returns the exit code. */
export async function applyConversion(input: ApplyInput): Promise<number> {
    const { session, stack, current, set, local, previous } = input;
    const plan = yurtctlPlan(local.plan);
    const {
        io,
        args: { flags },
    } = session;
    const edge = new Set(plan.edgeNodes);
    // A targeted run (markautonomous) reverts nobody.
    const leaving = input.target ? [] : previous.revertNodes.filter((n) => !edge.has(n));
    let rows: PlanRow[];
    if (!flags.yes) {
        const steps = await previewWith(session, stack, current, set, { target: input.target });
        rows = planRows({ plan, changes: nodeChanges(steps), previousRoles: previous.roles });
        io.out("\n" + renderPlanTable(rows, { pools: false }) + "\n");
        if (resourceChanges(steps).length === 0) {
            return nothingToChange(input);
        }
        io.out(`${planTotals(rows)}\n`);
        if (!(await confirm(io, input.question(rows)))) {
            return notConfirmed(session);
        }
    } else {
        rows = planRows({ plan, changes: predictedChanges(leaving), previousRoles: previous.roles });
    }
    await writeConfirmedConfig(input);
    const start = io.now();
    io.out(
        `\n${stamped(0, `pulumi up on stack "${flags.stack}"${input.target ? ` (only the ${input.target.length} autonomy annotation${input.target.length === 1 ? "" : "s"} involved)` : ""}`)}\n`,
    );
    const progress = new ServantJobProgress({ operation: "up", batches: plan.batches, revertNodes: leaving, start });
    const result = await runWithProgress(stack, progress, { operation: "up", target: input.target, verbose: flags.verbose }, io);
    await explainFailedJobs(local, plan, progress);
    const failedJobs = progress.failedNodes().filter((n) => progress.nodes.get(n)?.job === "failed");
    return report(session, summaryRows(rows, progress, result.outcome), result, start, {
        hint:
            failedJobs.length > 0
                ? `failed Jobs are kept for debugging: kubectl -n ${plan.namespace} describe job ${plan.release.servantJobName("convert", failedJobs[0])}`
                : undefined,
    });
}

/** Adds the pods' own failure reasons (exit code, message) to failed nodes, best effort. */
async function explainFailedJobs(local: LocalPlan, plan: ConversionPlan, progress: ServantJobProgress): Promise<void> {
    for (const [node, p] of progress.nodes) {
        if (p.job !== "failed") {
            continue;
        }
        p.error = await withPodReasons(local, plan.namespace, plan.release.servantJobName("convert", node), p.error ?? "the servant Job failed");
    }
}
