import { autonomyOfList } from "../../components/core/config/settings";
import { isYurtManagerPlan } from "../../components/edgecluster/plan";
import { ParsedArgs } from "../input/args";
import { autonomyConfig, kubeconfigConfig, mergeRaw } from "../input/configEdit";
import { requireConfirmable } from "../output/confirm";
import { CliError, ExitCode, UsageError } from "../input/errors";
import { Io } from "../output/io";
import { localPlan } from "../input/localPlan";
import { membershipChanges } from "../output/poolPlan";
import { autonomyTargets } from "../engine/previous";
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
    const listed = autonomyOfList(flags.settings.autonomousNodes);
    const asked = Array.isArray(listed) ? listed : [];
    if (!flags.unset) {
        for (const n of asked) {
            if (before.plan.edgeNodes.includes(n) && previous.roles[n] !== "edge") {
                throw new UsageError(
                    `--autonomous-nodes: node "${n}" is an edge node that is not converted yet; convert it first with \`yurtctl convert --stack ${flags.stack}\``,
                );
            }
        }
    }
    if (flags.settings.autonomyDuration !== undefined && !isYurtManagerPlan(before.plan)) {
        throw new UsageError(
            `--autonomy-duration: stack "${flags.stack}" uses OpenYurt ${before.plan.release.version}, whose autonomy annotation has no duration (node.beta.openyurt.io/autonomy: "true")`,
        );
    }
    const set = autonomyConfig(flags, current, before.plan.edgeNodes, process.cwd());
    const local = await localPlan(mergeRaw(current, set), opts);
    io.out(header(session, local));
    const now = autonomyOfList(set.autonomousNodes as string[]);
    io.out(
        `autonomy: ${now === "all" ? "every edge node (*)" : now.length > 0 ? now.join(", ") : "none"}${isYurtManagerPlan(local.plan) && local.plan.autonomousNodes.length > 0 ? `, autonomy-duration ${local.plan.autonomyDuration}` : ""}\n`,
    );
    const question = (rows: { action: string }[]) =>
        `Change the autonomy of ${rows.filter((r) => r.action === "annotate").length} node(s) on stack "${flags.stack}"?`;

    if (isYurtManagerPlan(local.plan)) {
        // One NodePoolMembers resource holds every node: the run may only change autonomy, so the
        // nodes must be where the last convert put them (anything else is convert's job).
        const rows = conversionRows(local.plan, previous);
        const moved = membershipChanges(rows);
        if (moved.length > 0) {
            throw new UsageError(
                `markautonomous changes only autonomy, but stack "${flags.stack}" would also change NodePool membership: ${moved.join("; ")}; ` +
                    `run \`yurtctl plan --stack ${flags.stack}\` and \`yurtctl convert --stack ${flags.stack}\` first`,
            );
        }
        if (!rows.some((r) => r.action === "annotate") || !previous.membersUrn) {
            const written = await writeConfig(opened.stack, current, set, session);
            return nothingToDo(
                session,
                `nothing to change: every node already has the autonomy asked for${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
            );
        }
        return applyConversion({
            session,
            stack: opened.stack,
            current,
            set,
            local,
            previous,
            target: [previous.membersUrn],
            question: (r) => question(r),
            onConfigWritten: () => undefined,
        });
    }

    const { targets, notConverted } = autonomyTargets(previous, local.plan.autonomousNodes);
    if (notConverted.length > 0) {
        io.out(`not converted yet, marked when \`yurtctl convert\` converts them: ${notConverted.join(", ")}\n`);
    }
    if (targets.length === 0) {
        // Nothing to target (an empty target list would mean "everything").
        const written = await writeConfig(opened.stack, current, set, session);
        return nothingToDo(
            session,
            `nothing to change: no converted node carries or needs the autonomy annotation${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
        );
    }
    return applyConversion({
        session,
        stack: opened.stack,
        current,
        set,
        local,
        previous,
        target: targets,
        question: (rows) =>
            `Change the autonomy annotation of ${rows.filter((r) => r.action === "annotate").length} node(s) on stack "${flags.stack}"?`,
        onConfigWritten: () => undefined,
    });
}
