import { ParsedArgs } from "../input/args";
import { confirm, requireConfirmable } from "../output/confirm";
import { CliError, ExitCode } from "../input/errors";
import { Io } from "../output/io";
import { describeLocks, lockHolder, pendingOperations, readStackLocks, thisHost } from "../engine/lock";
import { unlockCommand } from "../flow/locked";
import { startSession } from "../flow/session";

/**
 * `yurtctl unlock`: clears the lock a run that did not finish left on the stack (`pulumi cancel`
 * through the Automation API). With a file backend it first shows the run that holds it and refuses
 * while that run is still going on this host; other backends are asked directly.
 */
export async function unlock(args: ParsedArgs, io: Io): Promise<number> {
    const { flags } = args;
    // Clearing a lock reads no secret: no passphrase needed.
    const session = startSession(args, io, { secrets: false });
    const dir = session.backend.fileDir;
    const host = thisHost();
    const rerun = `\`yurtctl convert --stack ${flags.stack}\` (or the command that was interrupted)`;
    if (dir) {
        const locks = readStackLocks(dir, session.project.name, flags.stack);
        if (locks.length === 0) {
            io.out(`stack "${flags.stack}" is not locked (no lock file under ${dir}/.pulumi/locks); nothing to do\n`);
            return ExitCode.ok;
        }
        const text = describeLocks(locks, { stack: flags.stack, unlock: unlockCommand(session), rerun, now: new Date(), host, unlocking: true });
        if (locks.some((l) => lockHolder(l, host).holder === "running")) {
            throw new CliError(ExitCode.environment, `${text}\nThe lock is kept while its run goes on; nothing was changed.`);
        }
        io.out(text + "\n");
    }
    requireConfirmable(io, flags.yes, "unlock", "the stack's lock");
    if (!flags.yes && !(await confirm(io, `Clear the lock of stack "${flags.stack}"?`))) {
        io.out("not confirmed; nothing was changed\n");
        return ExitCode.notConfirmed;
    }
    const { openStack } = await import("../engine/workspace");
    const opened = await openStack(session.project, flags.stack, session.envVars, false);
    try {
        await opened.stack.cancel();
    } catch (e) {
        throw new CliError(
            ExitCode.environment,
            `\`pulumi cancel\` of stack "${flags.stack}" failed: ${
                String((e as Error)?.message ?? e)
                    .split("\n")
                    .filter((l) => l.trim())
                    .slice(-1)[0]
            }`,
        );
    }
    const left = dir ? readStackLocks(dir, session.project.name, flags.stack) : [];
    if (left.length > 0) {
        throw new CliError(
            ExitCode.environment,
            `stack "${flags.stack}" is still locked after \`pulumi cancel\`: ${left.map((l) => l.file).join(", ")}`,
        );
    }
    io.out(`stack "${flags.stack}" unlocked; run ${rerun} again: what the interrupted run finished is in the state, the next run does the rest\n`);
    // Resources the killed run was creating or changing: the engine cannot know how far they got.
    const pending = await opened.stack.exportStack().then(pendingOperations, () => []);
    if (pending.length > 0) {
        io.out(
            `the interrupted run left ${pending.length} operation(s) pending: ${pending.join(", ")}; the engine cannot tell whether they completed: ` +
                `check them against the cluster first with \`pulumi refresh --clear-pending-creates --yes --stack ${flags.stack}\` (in ${session.project.dir}, the same PULUMI_BACKEND_URL)\n`,
        );
    }
    return ExitCode.ok;
}
