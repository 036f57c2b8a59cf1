import { ParsedArgs } from "../input/args";
import { requireConfirmable } from "../output/confirm";
import { Io } from "../output/io";
import { openStack } from "../engine/workspace";
import { cliGeneration } from "../generations";
import { header } from "./header";
import { requireUnlocked } from "../flow/locked";
import { prepareConversion } from "./prepare";
import { startSession } from "../flow/session";

/** `yurtctl convert`: flags → stack config → preview → confirm → `up` with progress. */
export async function convert(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    requireConfirmable(io, flags.yes, "convert");
    const session = startSession(args, io);
    requireUnlocked(session);
    const opened = await openStack(session.project, flags.stack, session.envVars, true);
    // A stack created here is removed again unless its config gets written.
    let keep = !opened.created;
    try {
        const { current, set, local, previous } = await prepareConversion(args, io, session, opened.stack);
        io.out(header(session, local));
        return await cliGeneration(local.plan.release.generation).apply({
            session,
            stack: opened.stack,
            current,
            set,
            local,
            previous,
            question: (rows) => {
                const count = (a: string) => rows.filter((r) => r.action === a).length;
                const parts = [
                    ["convert", "convert"],
                    ["move", "move"],
                    ["revert", "revert"],
                    ["annotate", "annotate"],
                ]
                    .map(([action, verb]) => count(action) && `${verb} ${count(action)}`)
                    .filter(Boolean);
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
