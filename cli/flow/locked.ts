import { CliError, ExitCode } from "../input/errors";
import { describeLocks, engineLockedText, readStackLocks, thisHost } from "../engine/lock";
import { Session } from "./session";

/**
 * A locked stack as a command meets it: refused before the run when the backend's lock files show a
 * lock, and explained (which run holds it, how to clear it) when the engine refuses the run.
 */

/** The yurtctl command that clears the stack's lock, as the user has to type it. */
export function unlockCommand(session: Session): string {
    const { flags, given } = session.args;
    return `yurtctl unlock --stack ${flags.stack}${given.has("project-dir") ? ` --project-dir ${flags.projectDir}` : ""}`;
}

/** Why the stack is locked and how to clear it; undefined when its backend shows no lock (or is not files). */
export function lockExplanation(session: Session): string | undefined {
    const dir = session.backend.fileDir;
    const locks = dir ? readStackLocks(dir, session.project.name, session.args.flags.stack) : [];
    if (locks.length === 0) {
        return undefined;
    }
    const { flags } = session.args;
    return describeLocks(locks, { stack: flags.stack, unlock: unlockCommand(session), rerun: "the command", now: new Date(), host: thisHost() });
}

/**
 * A run would only meet the engine's "the stack is currently locked": refused here first, saying
 * which run holds the lock, since when, and how to clear it. Nothing ran (exit 3).
 */
export function requireUnlocked(session: Session): void {
    const why = lockExplanation(session);
    if (why) {
        throw new CliError(ExitCode.environment, `${why}\nNothing was changed.`);
    }
}

/** The engine refused the run because the stack is locked (a lock that appeared after our check, or a non-file backend). */
export function lockedFailure(session: Session, failure: string | undefined): string | undefined {
    if (!failure || !engineLockedText.test(failure)) {
        return failure;
    }
    return (
        lockExplanation(session) ??
        `${failure}\nthe stack is locked by another run; if none is going (it was killed, or its terminal lost), clear the lock with \`${unlockCommand(session)}\``
    );
}
