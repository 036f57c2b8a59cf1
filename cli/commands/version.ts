import { ParsedArgs } from "../args";
import { ExitCode } from "../errors";
import { Io } from "../io";
import { jsonText } from "../json";
import { renderVersions, versions } from "../versions";

/** `yurtctl version` / `yurtctl --version`. */
export async function version(args: ParsedArgs, io: Io): Promise<number> {
    const v = await versions(io.env);
    io.out(args.flags.output === "json" ? jsonText(v) : renderVersions(v));
    return ExitCode.ok;
}
