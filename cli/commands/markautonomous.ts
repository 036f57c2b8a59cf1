import { autonomyOfList } from "../../components/core/config/settings";
import { EdgeClusterPlan, isYurtManagerPlan } from "../../components/edgecluster/plan";
import { YurtManagerPlan } from "../../components/yurtmanager/plan";
import { ParsedArgs } from "../input/args";
import { autonomyConfig, kubeconfigConfig, mergeRaw } from "../input/configEdit";
import { requireConfirmable } from "../output/confirm";
import { CliError, ExitCode, UsageError } from "../input/errors";
import { Io } from "../output/io";
import { localPlan } from "../input/localPlan";
import { membershipChanges } from "../output/poolPlan";
import { autonomyTargets, PreviousRun } from "../engine/previous";
import { previousRun } from "../engine/stackState";
import { openStack } from "../engine/workspace";
import { applyConversion } from "./apply";
import { header } from "./header";
import { requireUnlocked } from "./locked";
import { nothingToDo } from "./outcome";
import { requireSameGeneration } from "./prepare";
import { startSession } from "./session";
import { currentConfig, writeConfig } from "./stackConfig";
import { conversionRows } from "./poolRun";

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
    io.out(
        `autonomy: ${now === "all" ? "every edge node (*)" : now.length > 0 ? now.join(", ") : "none"}${isYurtManagerPlan(local.plan) && local.plan.autonomousNodes.length > 0 ? `, autonomy-duration ${local.plan.autonomyDuration}` : ""}\n`,
    );
    const run: AutonomyRun = { session, stack: opened.stack, current, set, local, previous };
    return isYurtManagerPlan(local.plan) ? applyPoolAutonomy(run, local.plan) : applyAnnotationAutonomy(run, local.plan.autonomousNodes);
}

/** What one markautonomous run works with. */
type AutonomyRun = Pick<Parameters<typeof applyConversion>[0], "session" | "stack" | "current" | "set" | "local" | "previous">;

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
    if (flags.settings.autonomyDuration !== undefined && !isYurtManagerPlan(plan)) {
        throw new UsageError(
            `--autonomy-duration: stack "${flags.stack}" uses OpenYurt ${plan.release.version}, whose autonomy annotation has no duration (node.beta.openyurt.io/autonomy: "true")`,
        );
    }
}

/**
 * v1.7.0: one NodePoolMembers resource holds every node, so the run may only change autonomy: the
 * nodes must be where the last convert put them (anything else is convert's job).
 */
async function applyPoolAutonomy(run: AutonomyRun, plan: YurtManagerPlan): Promise<number> {
    const { session, previous } = run;
    const stackName = session.args.flags.stack;
    const rows = conversionRows(plan, previous);
    const moved = membershipChanges(rows);
    if (moved.length > 0) {
        throw new UsageError(
            `markautonomous changes only autonomy, but stack "${stackName}" would also change NodePool membership: ${moved.join("; ")}; ` +
                `run \`yurtctl plan --stack ${stackName}\` and \`yurtctl convert --stack ${stackName}\` first`,
        );
    }
    if (!rows.some((r) => r.action === "annotate") || !previous.membersUrn) {
        const written = await writeConfig(run.stack, run.current, run.set, session);
        return nothingToDo(
            session,
            `nothing to change: every node already has the autonomy asked for${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
        );
    }
    return applyConversion({
        ...run,
        target: [previous.membersUrn],
        question: (r) => `Change the autonomy of ${r.filter((x) => x.action === "annotate").length} node(s) on stack "${stackName}"?`,
        onConfigWritten: () => undefined,
    });
}

/** v0.6.1: targets the annotation resources of converted edge nodes (an empty target list would mean everything). */
async function applyAnnotationAutonomy(run: AutonomyRun, autonomousNodes: string[]): Promise<number> {
    const { session, previous } = run;
    const { targets, notConverted } = autonomyTargets(previous, autonomousNodes);
    if (notConverted.length > 0) {
        session.io.out(`not converted yet, marked when \`yurtctl convert\` converts them: ${notConverted.join(", ")}\n`);
    }
    if (targets.length === 0) {
        const written = await writeConfig(run.stack, run.current, run.set, session);
        return nothingToDo(
            session,
            `nothing to change: no converted node carries or needs the autonomy annotation${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
        );
    }
    return applyConversion({
        ...run,
        target: targets,
        question: (rows) =>
            `Change the autonomy annotation of ${rows.filter((r) => r.action === "annotate").length} node(s) on stack "${session.args.flags.stack}"?`,
        onConfigWritten: () => undefined,
    });
}
