import { CliError, ExitCode } from "../input/errors";
import { Io } from "./io";

/**
 * Confirmation before a command changes the cluster. With --yes nothing is asked; without a
 * terminal (a script, CI) and without --yes the command refuses before doing anything.
 */

export function requireConfirmable(io: Io, yes: boolean, command: string, changes = "the cluster"): void {
    if (!yes && !io.interactive) {
        throw new CliError(
            ExitCode.notConfirmed,
            `yurtctl ${command} changes ${changes} and asks for confirmation first, but stdin is not a terminal; ` +
                `re-run with --yes to proceed without asking${changes === "the cluster" ? " (`yurtctl plan` shows what would change)" : ""}`,
        );
    }
}

/** Asks a y/N question; anything but y/yes (or end of input) is no. */
export async function confirm(io: Io, question: string): Promise<boolean> {
    io.out(`${question} [y/N] `);
    const answer = await io.readLine();
    if (answer === undefined) {
        io.out("\n");
        return false;
    }
    return /^(y|yes)$/i.test(answer.trim());
}
