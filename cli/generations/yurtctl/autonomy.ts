import { defaultComponentName, resourceNames } from "../../../components/core/names";
import { PreviousRun } from "../../engine/previous";
import { AutonomyRun } from "../../flow/applyInput";
import { nothingToDo } from "../../flow/outcome";
import { writeConfig } from "../../flow/stackConfig";
import { applyConversion } from "./apply";
import { yurtctlPlan } from "./planRows";

/** `markautonomous` under v0.6.1: each converted edge node has an autonomy annotation resource of its own. */

/** URN of a node's autonomy annotation, built from its role label's URN (same parent and type). */
export function autonomyUrn(roleUrn: string, node: string, component = defaultComponentName): string {
    return `${roleUrn.slice(0, roleUrn.lastIndexOf("::"))}::${resourceNames(component).autonomy(node)}`;
}

/**
 * The resources a markautonomous run may touch: the annotations in the state, and those of converted
 * edge nodes that should carry one. Nothing else is targeted, so no node is converted or reverted.
 */
export function autonomyTargets(previous: PreviousRun, wanted: string[]): { targets: string[]; notConverted: string[] } {
    const targets = new Set(Object.values(previous.urns.autonomy));
    const notConverted: string[] = [];
    for (const n of wanted) {
        const role = previous.urns.role[n];
        if (role && previous.roles[n] === "edge") {
            targets.add(autonomyUrn(role, n));
        } else {
            notConverted.push(n);
        }
    }
    return { targets: [...targets].sort(), notConverted };
}

/** v0.6.1: targets the annotation resources of converted edge nodes (an empty target list would mean everything). */
export async function applyAnnotationAutonomy(run: AutonomyRun): Promise<number> {
    const { session, previous } = run;
    const { targets, notConverted } = autonomyTargets(previous, yurtctlPlan(run.local.plan).autonomousNodes);
    if (notConverted.length > 0) {
        session.io.out(`not converted yet, marked when \`yurtctl convert\` converts them: ${notConverted.join(", ")}\n`);
    }
    if (targets.length === 0) {
        const written = await writeConfig(run.stack, run.current, run.set, session);
        return nothingToDo(
            session,
            `nothing to change: no converted node carries or needs the autonomy annotation${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
        );
    }
    return applyConversion({
        ...run,
        target: targets,
        question: (rows) =>
            `Change the autonomy annotation of ${rows.filter((r) => r.action === "annotate").length} node(s) on stack "${session.args.flags.stack}"?`,
        onConfigWritten: () => undefined,
    });
}
