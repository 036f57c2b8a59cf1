import { ParsedArgs } from "../args";
import { completionScript } from "../completion";
import { ExitCode } from "../errors";
import { Io } from "../io";

/** `yurtctl completion bash|zsh`: the script on stdout. */
export async function completion(args: ParsedArgs, io: Io): Promise<number> {
    io.out(completionScript(args.flags.shell!));
    return ExitCode.ok;
}
