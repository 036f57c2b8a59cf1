import { OpenYurtRelease } from "../../components/core/release/release";
import { CliGeneration } from "../flow/generation";
import { yurtctlCli } from "./yurtctl";
import { yurtManagerCli } from "./yurtmanager";

/** The CLI of each OpenYurt generation (a folder here each); removing one is deleting its folder and its line below. */
const generations: Record<OpenYurtRelease["generation"], CliGeneration> = {
    "yurt-manager": yurtManagerCli,
    yurtctl: yurtctlCli,
};

/** The CLI steps of a generation (`release.generation`, or a previous run's). */
export const cliGeneration = (generation: OpenYurtRelease["generation"]): CliGeneration => generations[generation];
