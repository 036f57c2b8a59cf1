import { CommandName, parseArgs } from "./args";
import { CliError, ExitCode } from "./errors";
import { commandHelp, generalHelp } from "./help";
import { Io, processIo } from "./io";

/**
 * yurtctl: OpenYurt's yurtctl commands on top of this project's Pulumi program and stacks.
 * Returns the exit code (see cli/errors.ts).
 */

type Command = (args: ReturnType<typeof parseArgs>, io: Io) => Promise<number>;

/** Loaded on use: a bad flag is reported without loading the Automation API. */
const commands: Record<CommandName, () => Promise<Command>> = {
    convert: async () => (await import("./commands/convert")).convert,
    markautonomous: async () => (await import("./commands/markautonomous")).markautonomous,
    revert: async () => (await import("./commands/revert")).revert,
    plan: async () => (await import("./commands/plan")).plan,
    status: async () => (await import("./commands/status")).status,
};

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
    try {
        const args = parseArgs(argv, io.env);
        if (!args.command) {
            io.out(generalHelp());
            return args.flags.help ? ExitCode.ok : ExitCode.usage;
        }
        if (args.flags.help) {
            io.out(commandHelp(args.command));
            return ExitCode.ok;
        }
        const run = await commands[args.command]();
        return await run(args, io);
    } catch (e) {
        if (e instanceof CliError) {
            io.err(`yurtctl: ${e.message}\n`);
            return e.exitCode;
        }
        io.err(`yurtctl: unexpected error: ${(e as Error)?.stack ?? e}\n`);
        return ExitCode.failed;
    }
}
