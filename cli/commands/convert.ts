import { ParsedArgs } from "../args";
import { conversionConfig, mergeRaw } from "../configEdit";
import { requireConfirmable } from "../confirm";
import { Io } from "../io";
import { localPlan } from "../localPlan";
import { currentConfig, openStack } from "../workspace";
import { applyConversion, header, previousRun, requireConversionSettings, startSession } from "./common";

/** `yurtctl convert`: flags → stack config → preview → confirm → `up` with progress. */
export async function convert(args: ParsedArgs, io: Io): Promise<number> {
    const { flags, given } = args;
    requireConfirmable(io, flags.yes, "convert");
    const session = startSession(args, io);
    const opened = await openStack(session.project, flags.stack, session.envVars, true);
    // A stack created here is removed again unless its config gets written.
    let keep = !opened.created;
    try {
        const current = await currentConfig(session.project, opened.stack);
        const set = conversionConfig(flags, current, process.cwd());
        const config = mergeRaw(current, set);
        requireConversionSettings(config, flags.stack);
        const local = await localPlan(config, { stack: flags.stack, given, env: io.env });
        const previous = await previousRun(opened.stack);
        io.out(header(session, local));
        return await applyConversion({
            session, stack: opened.stack, current, set, local, previous,
            question: (rows) => {
                const converting = rows.filter((r) => r.action === "convert").length;
                const reverting = rows.filter((r) => r.action === "revert").length;
                const annotating = rows.filter((r) => r.action === "annotate").length;
                const parts = [converting && `convert ${converting}`, reverting && `revert ${reverting}`, annotating && `annotate ${annotating}`].filter(Boolean);
                return `${parts.length > 0 ? parts.join(", ").replace(/^./, (c) => c.toUpperCase()) + " node(s)" : "Apply the changes"} on stack "${flags.stack}"?`;
            },
            onConfigWritten: () => (keep = true),
        });
    } finally {
        if (!keep) {
            await opened.discard();
        }
    }
}
