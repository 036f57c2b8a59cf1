import { ParsedArgs } from "../input/args";
import { Io } from "../output/io";
import { clusterWideChanges, describeOtherChanges, planJson, planTotals } from "../output/planTable";
import { resourceChanges } from "../output/steps";
import { openStack } from "../engine/workspace";
import { previewWith } from "../flow/configPreview";
import { header } from "./header";
import { prepareConversion } from "./prepare";
import { startSession } from "../flow/session";
import { cliGeneration } from "../generations";

/**
 * `yurtctl plan [convert flags]`: a preview of what `convert` with these flags would do, per node.
 * Nothing is written: the flags reach the engine through a temporary copy of the stack file, and a
 * stack that did not exist is removed again. v0.6.1: actions from the preview's per-node steps;
 * v1.7.0 (one fleet-wide step): from the plan and the previous run's NodePool membership.
 */
export async function plan(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    const session = startSession(args, io);
    const opened = await openStack(session.project, flags.stack, session.envVars, true);
    try {
        const { current, set, local, previous } = await prepareConversion(args, io, session, opened.stack);
        const steps = await previewWith(session, opened.stack, current, set, {});
        const generation = cliGeneration(local.plan.release.generation);
        const rows = generation.planRows(local.plan, steps, previous);
        const other = clusterWideChanges(resourceChanges(steps), generation.rowKinds);
        if (flags.output === "json") {
            io.out(
                planJson(rows, {
                    stack: flags.stack,
                    release: local.plan.release.version,
                    changes: resourceChanges(steps).length,
                    otherChanges: other,
                }),
            );
            return 0;
        }
        io.out(header(session, local));
        io.out("\n" + generation.renderPlanTable(rows) + "\n");
        io.out(`${planTotals(rows)}${other.length > 0 ? `; cluster-wide: ${describeOtherChanges(other)}` : ""}\n`);
        io.out(`(preview only: nothing was changed; apply it with \`yurtctl convert\`${Object.keys(set).length > 0 ? " and the same flags" : ""})\n`);
        return 0;
    } finally {
        if (opened.created) {
            await opened.discard();
        }
    }
}
