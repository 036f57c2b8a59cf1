import { CommandName, parseArgs } from "./input/args";
import { CliError, ExitCode } from "./input/errors";
import { commandHelp, generalHelp } from "./input/help";
import { humanOnStderr, Io, processIo } from "./output/io";
import { resultJson } from "./output/result";

/**
 * yurtctl: OpenYurt's yurtctl commands on top of this project's Pulumi program and stacks.
 * Returns the exit code (see cli/errors.ts).
 */

type Command = (args: ReturnType<typeof parseArgs>, io: Io) => Promise<number>;

/** Loaded on use: help, a bad flag, status and version start without the Automation API. */
const commands: Record<CommandName, () => Promise<Command>> = {
    convert: async () => (await import("./commands/convert")).convert,
    markautonomous: async () => (await import("./commands/markautonomous")).markautonomous,
    revert: async () => (await import("./commands/revert")).revert,
    plan: async () => (await import("./commands/plan")).plan,
    status: async () => (await import("./commands/status")).status,
    unlock: async () => (await import("./commands/unlock")).unlock,
    version: async () => (await import("./commands/version")).version,
    completion: async () => (await import("./commands/completion")).completion,
};

/** Commands whose `--output json` is one summary at the end: their progress goes to stderr. */
const summaryJson: ReadonlySet<CommandName> = new Set(["convert", "markautonomous", "revert"]);

export async function main(argv: string[], processIo_: Io = processIo()): Promise<number> {
    let io = processIo_;
    let json: { command: CommandName; stack: string; emitted: boolean } | undefined;
    try {
        const args = parseArgs(argv, io.env);
        if (!args.command && args.flags.version) {
            return await (
                await commands.version()
            )(args, io);
        }
        if (!args.command) {
            io.out(generalHelp());
            return args.flags.help ? ExitCode.ok : ExitCode.usage;
        }
        if (args.flags.help) {
            io.out(commandHelp(args.command));
            return ExitCode.ok;
        }
        if (args.flags.output === "json" && summaryJson.has(args.command)) {
            const state = { command: args.command, stack: args.flags.stack, emitted: false };
            json = state;
            const human = humanOnStderr(io);
            io = { ...human, data: (t) => ((state.emitted = true), processIo_.data(t)) };
        }
        const run = await commands[args.command]();
        return await run(args, io);
    } catch (e) {
        const exitCode = e instanceof CliError ? e.exitCode : ExitCode.failed;
        const message = e instanceof CliError ? e.message : `unexpected error: ${(e as Error)?.stack ?? e}`;
        io.err(`yurtctl: ${message}\n`);
        if (json && !json.emitted) {
            processIo_.data(
                resultJson({
                    command: json.command,
                    stack: json.stack,
                    release: null,
                    outcome: "error",
                    exitCode,
                    elapsedSeconds: null,
                    configUpdated: [],
                    totals: {},
                    nodes: [],
                    errors: [message],
                }),
            );
        }
        return exitCode;
    }
}
