import { autonomyOfList } from "../../components/core/config/settings";
import { EdgeClusterPlan } from "../../components/edgecluster/plan";
import { ParsedArgs } from "../input/args";
import { autonomyConfig, kubeconfigConfig, mergeRaw } from "../input/configEdit";
import { requireConfirmable } from "../output/confirm";
import { CliError, ExitCode, UsageError } from "../input/errors";
import { Io } from "../output/io";
import { localPlan } from "../input/localPlan";
import { PreviousRun } from "../engine/previous";
import { previousRun } from "../engine/stackState";
import { openStack } from "../engine/workspace";
import { header } from "./header";
import { requireUnlocked } from "../flow/locked";
import { requireSameGeneration } from "./prepare";
import { startSession } from "../flow/session";
import { currentConfig } from "../flow/stackConfig";
import { cliGeneration } from "../generations";

/** `yurtctl markautonomous [-a nodes] [--unset]`: changes the autonomy set and applies only that. */
export async function markautonomous(args: ParsedArgs, io: Io): Promise<number> {
    const { flags, given } = args;
    requireConfirmable(io, flags.yes, "markautonomous");
    const session = startSession(args, io);
    requireUnlocked(session);
    const opened = await openStack(session.project, flags.stack, session.envVars, false);
    const current = await currentConfig(session.project, opened.stack);
    const previous = await previousRun(opened.stack);
    if (previous.resourceCount === 0) {
        throw new CliError(
            ExitCode.environment,
            `stack "${flags.stack}" has no converted nodes; convert first with \`yurtctl convert --stack ${flags.stack}\``,
        );
    }
    const opts = { stack: flags.stack, given, env: io.env, projectDir: session.project.dir };
    const before = await localPlan(mergeRaw(current, kubeconfigConfig(flags, process.cwd())), opts);
    session.release = before.plan.release.version;
    requireSameGeneration(before, previous, flags.stack, given);
    checkAutonomyRequest(args, before.plan, previous);
    const set = autonomyConfig(flags, current, before.plan.edgeNodes, process.cwd());
    const local = await localPlan(mergeRaw(current, set), opts);
    io.out(header(session, local));
    const now = autonomyOfList(set.autonomousNodes as string[]);
    const generation = cliGeneration(local.plan.release.generation);
    io.out(
        `autonomy: ${now === "all" ? "every edge node (*)" : now.length > 0 ? now.join(", ") : "none"}${generation.autonomyDuration(local.plan) ?? ""}\n`,
    );
    return generation.autonomy({ session, stack: opened.stack, current, set, local, previous });
}

/** Refuses before any change: marking an edge node not converted yet, and a duration for v0.6.1. */
function checkAutonomyRequest({ flags }: ParsedArgs, plan: EdgeClusterPlan, previous: PreviousRun): void {
    const listed = autonomyOfList(flags.settings.autonomousNodes);
    const asked = Array.isArray(listed) ? listed : [];
    if (!flags.unset) {
        for (const n of asked) {
            if (plan.edgeNodes.includes(n) && previous.roles[n] !== "edge") {
                throw new UsageError(
                    `--autonomous-nodes: node "${n}" is an edge node that is not converted yet; convert it first with \`yurtctl convert --stack ${flags.stack}\``,
                );
            }
        }
    }
    if (flags.settings.autonomyDuration !== undefined && cliGeneration(plan.release.generation).autonomyDuration(plan) === undefined) {
        throw new UsageError(
            `--autonomy-duration: stack "${flags.stack}" uses OpenYurt ${plan.release.version}, whose autonomy annotation has no duration (node.beta.openyurt.io/autonomy: "true")`,
        );
    }
}
