import { ParsedArgs } from "../input/args";
import { ExitCode } from "../input/errors";
import { Io } from "../output/io";
import { jsonText } from "../output/json";
import { renderVersions, versions } from "../engine/versions";

/** `yurtctl version` / `yurtctl --version`. */
export async function version(args: ParsedArgs, io: Io): Promise<number> {
    const v = await versions(io.env);
    io.out(args.flags.output === "json" ? jsonText(v) : renderVersions(v));
    return ExitCode.ok;
}
