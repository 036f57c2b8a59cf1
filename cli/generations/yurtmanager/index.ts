import { YurtManagerRelease } from "../../../components/core/release/release";
import { CliGeneration } from "../../flow/generation";
import { applyPoolAutonomy } from "./autonomy";
import { poolRowKinds, yurtManagerPlan } from "./poolPlan";
import { revertYurtManager } from "./revert";
import { applyPoolConversion, conversionRows } from "./run";
import { poolStatusJson, readPoolStatus, renderPoolStatusTable } from "./status";
import { renderPlanTable } from "../../output/planTable";

/**
 * The CLI for OpenYurt's yurt-manager generation (v1.7.0): the engine sees one NodePoolMembers
 * resource for the whole fleet, so rows come from the plan and the last run's membership, and
 * progress from the nodes themselves, read while yurt-manager converts them.
 */
export const yurtManagerCli: CliGeneration = {
    describePlan: (p, words) => {
        const plan = yurtManagerPlan(p);
        const cloudPool = plan.pools.find((x) => x.type === "Cloud")?.name;
        const edgePools = plan.pools.filter((x) => x.type === "Edge" && x.nodes.length > 0).map((x) => `${x.name} (${x.nodes.length})`);
        const inPools = edgePools.length > 0 ? ` in NodePool${edgePools.length > 1 ? "s" : ""} ${edgePools.join(", ")}` : "";
        return [
            `openyurt: ${plan.release.version} (yurt-manager), cloud: ${plan.cloudNodes.join(", ")} in NodePool ${cloudPool}, ${words.edge}${inPools}, ${words.batches}`,
            `charts:   ${plan.charts.kind === "path" ? plan.charts.path : `${plan.charts.repository}, version ${plan.charts.version}`}`,
        ];
    },
    planRows: (plan, _steps, previous) => conversionRows(yurtManagerPlan(plan), previous),
    renderPlanTable: (rows) => renderPlanTable(rows, { pools: true }),
    rowKinds: poolRowKinds,
    apply: applyPoolConversion,
    autonomyDuration: (p) => {
        const plan = yurtManagerPlan(p);
        return plan.autonomousNodes.length > 0 ? `, autonomy-duration ${plan.autonomyDuration}` : "";
    },
    autonomy: applyPoolAutonomy,
    revert: revertYurtManager,
    status: async (conn, release, namespace, output) => {
        const rows = await readPoolStatus(conn, namespace, release as YurtManagerRelease);
        return output.json ? poolStatusJson(rows, output.extra) : output.intro(rows.length) + renderPoolStatusTable(rows);
    },
};
