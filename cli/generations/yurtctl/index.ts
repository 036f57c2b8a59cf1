import { CliGeneration } from "../../flow/generation";
import { nodeChanges } from "./nodeSteps";
import { applyConversion } from "./apply";
import { applyAnnotationAutonomy } from "./autonomy";
import { nodeRowKinds, planRows, yurtctlPlan } from "./planRows";
import { revertYurtctl } from "./revert";
import { readStatus, renderStatusTable, statusJson } from "./status";
import { renderPlanTable } from "../../output/planTable";

/**
 * The CLI for OpenYurt's yurtctl generation (v0.6.1): every node has resources of its own (servant
 * Job, role label, autonomy annotation), so rows and progress come from the engine's per-node steps.
 */
export const yurtctlCli: CliGeneration = {
    describePlan: (p, words) => {
        const plan = yurtctlPlan(p);
        return [
            `openyurt: ${plan.release.version}, provider ${plan.nodeLifecycleHandover}, cloud: ${plan.cloudNodes.join(", ")}, ${words.edge} in ${words.batches}`,
        ];
    },
    planRows: (plan, steps, previous) => planRows({ plan: yurtctlPlan(plan), changes: nodeChanges(steps), previousRoles: previous.roles }),
    renderPlanTable: (rows) => renderPlanTable(rows, { pools: false }),
    rowKinds: nodeRowKinds,
    apply: applyConversion,
    autonomyDuration: () => undefined,
    autonomy: applyAnnotationAutonomy,
    revert: revertYurtctl,
    status: async (conn, _release, _namespace, output) => {
        const rows = await readStatus(conn);
        return output.json ? statusJson(rows, output.extra) : output.intro(rows.length) + renderStatusTable(rows);
    },
};
