import { releases, requestedRelease } from "../core/release";
import { ConversionConfigError } from "../core/config/problems";
import { ClusterInventory } from "../core/plan/inventory";
import { ConversionSpec } from "../core/config/spec";
import { ConversionPlan, planConversion } from "../yurtctl/plan";
import { planYurtManagerConversion, YurtManagerPlan } from "../yurtmanager/plan";

/** A validated plan of either generation; `plan.release.generation` tells which. */
export type EdgeClusterPlan = ConversionPlan | YurtManagerPlan;

/** Whether a plan is of the yurt-manager generation (v1.7.0). */
export const isYurtManagerPlan = (plan: EdgeClusterPlan): plan is YurtManagerPlan => plan.release.generation === "yurt-manager";

/**
 * The plan of an edge cluster: picks the release (default v1.7.0) and plans it with its
 * generation's planner. Pure (but for v1.7.0's look at a `charts.path` folder); throws ConversionConfigError naming every problem.
 */
export function planEdgeCluster(spec: ConversionSpec, inventory: ClusterInventory): EdgeClusterPlan {
    const name = requestedRelease(spec.release);
    const release = releases[name];
    if (!release) {
        throw new ConversionConfigError([
            { setting: "release", message: `unknown OpenYurt release "${name}"`, fix: `use one of: ${Object.keys(releases).join(", ")}` },
        ]);
    }
    return release.generation === "yurtctl"
        ? planConversion({ ...spec, release: name }, inventory)
        : planYurtManagerConversion(spec, inventory, release);
}
