import { UsageError } from "../../input/errors";
import { AutonomyRun } from "../../flow/applyInput";
import { nothingToDo } from "../../flow/outcome";
import { writeConfig } from "../../flow/stackConfig";
import { membershipChanges, yurtManagerPlan } from "./poolPlan";
import { applyPoolConversion, conversionRows } from "./run";

/**
 * v1.7.0: one NodePoolMembers resource holds every node, so the run may only change autonomy: the
 * nodes must be where the last convert put them (anything else is convert's job).
 */
export async function applyPoolAutonomy(run: AutonomyRun): Promise<number> {
    const { session, previous } = run;
    const plan = yurtManagerPlan(run.local.plan);
    const stackName = session.args.flags.stack;
    const rows = conversionRows(plan, previous);
    const moved = membershipChanges(rows);
    if (moved.length > 0) {
        throw new UsageError(
            `markautonomous changes only autonomy, but stack "${stackName}" would also change NodePool membership: ${moved.join("; ")}; ` +
                `run \`yurtctl plan --stack ${stackName}\` and \`yurtctl convert --stack ${stackName}\` first`,
        );
    }
    if (!rows.some((r) => r.action === "annotate") || !previous.membersUrn) {
        const written = await writeConfig(run.stack, run.current, run.set, session);
        return nothingToDo(
            session,
            `nothing to change: every node already has the autonomy asked for${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
        );
    }
    return applyPoolConversion({
        ...run,
        target: [previous.membersUrn],
        question: (r) => `Change the autonomy of ${r.filter((x) => x.action === "annotate").length} node(s) on stack "${stackName}"?`,
        onConfigWritten: () => undefined,
    });
}
