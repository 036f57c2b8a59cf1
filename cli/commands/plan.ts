import { ParsedArgs } from "../args";
import { Io } from "../io";
import { describeOtherChanges, planJson, planRows, planTotals, renderPlanTable } from "../planTable";
import { nodeChanges, resourceChanges } from "../steps";
import { openStack } from "../workspace";
import { header, prepareConversion, previewWith, startSession } from "./common";

/**
 * `yurtctl plan [convert flags]`: a preview of what `convert` with these flags would do, per node.
 * Nothing is written: the flags reach the engine through a temporary copy of the stack file, and a
 * stack that did not exist is removed again.
 */
export async function plan(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    const session = startSession(args, io);
    const opened = await openStack(session.project, flags.stack, session.envVars, true);
    try {
        const { current, set, local, previous } = await prepareConversion(args, io, session, opened.stack);
        const steps = await previewWith(session, opened.stack, current, set, {});
        const rows = planRows({ plan: local.plan, changes: nodeChanges(steps), previousRoles: previous.roles });
        const other = resourceChanges(steps).filter((c) => !/-(convert|role|autonomy)-/.test(c));
        if (flags.output === "json") {
            io.out(planJson(rows, { stack: flags.stack, changes: resourceChanges(steps).length, otherChanges: other }));
            return 0;
        }
        io.out(header(session, local));
        io.out("\n" + renderPlanTable(rows) + "\n");
        io.out(`${planTotals(rows)}${other.length > 0 ? `; cluster-wide: ${describeOtherChanges(other)}` : ""}\n`);
        io.out(`(preview only: nothing was changed; apply it with \`yurtctl convert\`${Object.keys(set).length > 0 ? " and the same flags" : ""})\n`);
        return 0;
    } finally {
        if (opened.created) {
            await opened.discard();
        }
    }
}
