import { releases } from "../../components/core/release";
import { ParsedArgs } from "../input/args";
import { requireConfirmable } from "../output/confirm";
import { Io } from "../output/io";
import { previousRun } from "../engine/stackState";
import { openStack } from "../engine/workspace";
import { requireUnlocked } from "../flow/locked";
import { nothingToDo } from "../flow/outcome";
import { startSession } from "../flow/session";
import { cliGeneration } from "../generations";
import { header } from "./header";

/** `yurtctl revert`: preview destroy → confirm → `destroy` with progress; the stack and its config stay. */
export async function revert(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    requireConfirmable(io, flags.yes, "revert");
    const session = startSession(args, io);
    requireUnlocked(session);
    const opened = await openStack(session.project, flags.stack, session.envVars, false);
    const previous = await previousRun(opened.stack);
    io.out(header(session, undefined));
    if (previous.resourceCount === 0 || previous.generation === undefined) {
        return nothingToDo(session, `nothing to revert: stack "${flags.stack}" has no resources`);
    }
    session.release = Object.values(releases).find((r) => r.generation === previous.generation)?.version;
    return cliGeneration(previous.generation).revert(session, opened.stack, previous);
}
