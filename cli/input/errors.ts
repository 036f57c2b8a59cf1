/**
 * Exit codes a script can rely on. yurtctl exited 0 even when servant Jobs failed; this CLI never
 * reports success unless every node it touched reached the state it asked for.
 */
export const ExitCode = {
    /** Done, or nothing to do. */
    ok: 0,
    /** The run failed: a node's servant Job failed, or the engine reported an error. */
    failed: 1,
    /** Bad flags or values (named in the message); nothing ran. */
    usage: 2,
    /** The environment is not usable: kubeconfig, cluster, Pulumi CLI, passphrase, stack; nothing ran. */
    environment: 3,
    /** Not confirmed: declined at the prompt, or no terminal and no --yes; nothing changed. */
    notConfirmed: 4,
    /** Interrupted (Ctrl-C) while running. */
    interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as its message alone (no stack trace), with the exit code it maps to. */
export class CliError extends Error {
    constructor(
        public readonly exitCode: ExitCodeValue,
        message: string,
    ) {
        super(message);
        this.name = "CliError";
    }
}

/** A bad flag or value: exit 2, before anything runs. */
export class UsageError extends CliError {
    constructor(message: string) {
        super(ExitCode.usage, message);
        this.name = "UsageError";
    }
}
