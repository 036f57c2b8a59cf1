import { OpenYurtRelease } from "../../components/core/release/release";
import { CliGeneration } from "../flow/generation";
import { CliError, ExitCode } from "../input/errors";
import { yurtctlCli } from "./yurtctl";
import { yurtManagerCli } from "./yurtmanager";

/** The CLI of each OpenYurt generation (a folder here each); removing one is deleting its folder and its line below. */
const generations: Record<OpenYurtRelease["generation"], CliGeneration> = {
    "yurt-manager": yurtManagerCli,
    yurtctl: yurtctlCli,
};

/** The CLI steps of a generation (`release.generation`, or the one a stack's state was made by). */
export function cliGeneration(generation: string): CliGeneration {
    const found = (generations as Record<string, CliGeneration | undefined>)[generation];
    if (!found) {
        throw new CliError(
            ExitCode.environment,
            `OpenYurt's ${generation} generation is not supported by this version of yurtctl (supported: ${Object.keys(generations).join(", ")}); ` +
                "use the release of pulumi-openyurt that converted the stack",
        );
    }
    return found;
}
