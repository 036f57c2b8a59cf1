import { ParsedArgs } from "../input/args";
import { completionScript } from "../input/completion";
import { ExitCode } from "../input/errors";
import { Io } from "../output/io";

/** `yurtctl completion bash|zsh`: the script on stdout. */
export async function completion(args: ParsedArgs, io: Io): Promise<number> {
    io.out(completionScript(args.flags.shell!));
    return ExitCode.ok;
}
