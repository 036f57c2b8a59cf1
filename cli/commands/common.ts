import type * as automation from "@pulumi/pulumi/automation";
import { ConversionPlan, isYurtManagerPlan } from "../../components/plan";
import { defaultRelease, OpenYurtRelease, releases } from "../../components/release";
import { ParsedArgs } from "../args";
import { changedKeys, ConfigSet, conversionConfig, mergeRaw, RawConfig, setAllJson, stackFileWith } from "../configEdit";
import { confirm } from "../confirm";
import { preview, runWithProgress, RunResult } from "../engine";
import { CliError, ExitCode, UsageError } from "../errors";
import { Io } from "../io";
import { LocalPlan, localPlan } from "../localPlan";
import { PlanRow, planRows, planTotals, renderPlanTable } from "../planTable";
import { PreviousRun, previousFromState } from "../previous";
import { Progress } from "../progress";
import { NodeChange, nodeChanges, resourceChanges, Step } from "../steps";
import { paint, paintSummary } from "../colour";
import { describeLocks, engineLockedText, readStackLocks, thisHost } from "../lock";
import { CommandResult, resultCounts, resultJson, resultNodes } from "../result";
import { renderSummary, SummaryRow, summaryRows, summaryTotals } from "../summary";
import { formatDuration } from "../table";
import { Backend } from "../backend";
import { engineEnv } from "../engineEnv";
import { Project, readStackFile, resolveProject } from "../project";
import { currentConfig, writeTempStackFile } from "../workspace";

/** What every engine-backed command starts from. */
export interface Session {
    args: ParsedArgs;
    io: Io;
    project: Project;
    envVars: Record<string, string>;
    /** Where the state lives (the header names it; a file backend's lock files are read from it). */
    backend: Backend;
    /** Stack config keys this command wrote (for --output json). */
    configUpdated: string[];
    /** The release the command works with, once known (for --output json). */
    release?: string;
}

export function startSession(args: ParsedArgs, io: Io, opts: { secrets?: boolean } = {}): Session {
    const project = resolveProject(args.flags.projectDir);
    const { envVars, backend } = engineEnv(project, io.env, opts);
    return { args, io, project, envVars, backend, configUpdated: [] };
}

/** The yurtctl command that clears the stack's lock, as the user has to type it. */
export function unlockCommand(session: Session): string {
    const { flags, given } = session.args;
    return `yurtctl unlock --stack ${flags.stack}${given.has("project-dir") ? ` --project-dir ${flags.projectDir}` : ""}`;
}

/** Why the stack is locked and how to clear it; undefined when its backend shows no lock (or is not files). */
export function lockExplanation(session: Session): string | undefined {
    const dir = session.backend.fileDir;
    const locks = dir ? readStackLocks(dir, session.project.name, session.args.flags.stack) : [];
    if (locks.length === 0) {
        return undefined;
    }
    const { flags } = session.args;
    return describeLocks(locks, { stack: flags.stack, unlock: unlockCommand(session), rerun: "the command", now: new Date(), host: thisHost() });
}

/**
 * A run would only meet the engine's "the stack is currently locked": refused here first, saying
 * which run holds the lock, since when, and how to clear it. Nothing ran (exit 3).
 */
export function requireUnlocked(session: Session): void {
    const why = lockExplanation(session);
    if (why) {
        throw new CliError(ExitCode.environment, `${why}\nNothing was changed.`);
    }
}

/** The engine refused the run because the stack is locked (a lock that appeared after our check, or a non-file backend). */
function lockedFailure(session: Session, failure: string | undefined): string | undefined {
    if (!failure || !engineLockedText.test(failure)) {
        return failure;
    }
    return lockExplanation(session)
        ?? `${failure}\nthe stack is locked by another run; if none is going (it was killed, or its terminal lost), clear the lock with \`${unlockCommand(session)}\``;
}

/** With --output json: the command's one JSON summary on stdout (nothing otherwise). */
export function emitResult(session: Session, r: Pick<CommandResult, "outcome" | "exitCode"> & Partial<CommandResult>): void {
    const { args, io } = session;
    if (args.flags.output !== "json") {
        return;
    }
    io.data(resultJson({
        command: args.command!, stack: args.flags.stack, release: session.release ?? null, outcome: r.outcome, exitCode: r.exitCode,
        elapsedSeconds: r.elapsedSeconds ?? null, configUpdated: r.configUpdated ?? session.configUpdated,
        totals: r.totals ?? {}, nodes: r.nodes ?? [], errors: r.errors ?? [],
    }));
}

/** Declined at the prompt: nothing changed. */
export function notConfirmed(session: Session): number {
    session.io.out("not confirmed; nothing was changed\n");
    emitResult(session, { outcome: "not-confirmed", exitCode: ExitCode.notConfirmed });
    return ExitCode.notConfirmed;
}

/** Nothing to do: `message` says why. */
export function nothingToDo(session: Session, message: string): number {
    session.io.out(`${message}\n`);
    emitResult(session, { outcome: "nothing-to-change", exitCode: ExitCode.ok });
    return ExitCode.ok;
}

export async function previousRun(stack: automation.Stack): Promise<PreviousRun> {
    const deployment = await stack.exportStack();
    return previousFromState((deployment as any)?.deployment?.resources ?? []);
}

/** What convert and plan both start from: the stack's config with the flags applied, checked and planned. */
export async function prepareConversion(args: ParsedArgs, io: Io, session: Session, stack: automation.Stack) {
    const current = await currentConfig(session.project, stack);
    const previous = await previousRun(stack);
    const set = conversionConfig(args.flags, current, process.cwd(), previous.resourceCount === 0);
    const config = mergeRaw(current, set);
    requireConversionSettings(config, args.flags.stack);
    const local = await localPlan(config, { stack: args.flags.stack, given: args.given, env: io.env });
    session.release = local.plan.release.version;
    requireSameGeneration(local, previous, args.flags.stack, args.given);
    return { current, set, local, previous };
}

/**
 * A stack converted with one generation is not switched to the other in place: one `up` would
 * convert with the new release while the old one is still installed, then revert with the old
 * one's Jobs. Revert first, then convert with the other release.
 */
export function requireSameGeneration(local: LocalPlan, previous: PreviousRun, stack: string, given: ReadonlySet<string>): void {
    const now = local.plan.release.generation;
    if (previous.generation === undefined || previous.generation === now) {
        return;
    }
    const wasVersion = previous.generation === "yurt-manager" ? "v1.7.0" : "v0.6.1";
    const was = `${wasVersion} (${previous.generation})`;
    // A stack converted before v1.7.0 became the default may have no release in its config at all.
    throw new UsageError(`${given.has("release") ? "--release" : `release (stack "${stack}" config, or the default)`}: stack "${stack}" is converted with OpenYurt ${was}, `
        + `and ${local.plan.release.version} would install beside it; keep ${wasVersion} with --release ${wasVersion}, `
        + `or revert it first (\`yurtctl revert --stack ${stack}\`), then convert with --release ${local.plan.release.version}`);
}

/** The release a config asks for (the project's default when unset); undefined for an unknown one (the plan names it). */
export function releaseOf(config: RawConfig): OpenYurtRelease | undefined {
    return releases[config.release || defaultRelease.version];
}

/**
 * `--cloud-nodes` is needed once per stack, and for v0.6.1 `--provider` too; later runs reuse the
 * stack's values. (v1.7.0 needs no node-lifecycle hand-over, so there --provider is optional.)
 */
export function requireConversionSettings(config: RawConfig, stack: string): void {
    const missing: string[] = [];
    let cloud: unknown = [];
    try {
        cloud = JSON.parse(config.cloudNodes ?? "[]");
    } catch {
        /* reported by the plan */
    }
    if (!Array.isArray(cloud) || cloud.length === 0) {
        missing.push("--cloud-nodes (the nodes that stay in the cloud, e.g. --cloud-nodes node1)");
    }
    if (!config.provider && releaseOf(config)?.generation === "yurtctl") {
        missing.push(`--provider (ack, kubeadm or none; release ${config.release} hands node lifecycle over)`);
    }
    if (missing.length > 0) {
        throw new UsageError(`stack "${stack}" has no conversion settings yet, so ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} required`);
    }
}

export function header(session: Session, local: LocalPlan | undefined): string {
    const { flags } = session.args;
    const lines = [`stack:    ${flags.stack}, state in ${session.backend.description}`];
    if (local) {
        const conn = local.kubeconfig.connection;
        lines.push(`cluster:  ${conn.server}, context "${conn.context}", ${local.inventory.nodes.length} nodes${local.inventory.serverVersion ? `, Kubernetes ${local.inventory.serverVersion}` : ""}`);
        const p = local.plan;
        const edge = `${p.edgeNodes.length} edge node${p.edgeNodes.length === 1 ? "" : "s"}`;
        const batches = `${p.batches.length} batch${p.batches.length === 1 ? "" : "es"}`;
        if (isYurtManagerPlan(p)) {
            const cloudPool = p.pools.find((x) => x.type === "Cloud")?.name;
            const edgePools = p.pools.filter((x) => x.type === "Edge" && x.nodes.length > 0).map((x) => `${x.name} (${x.nodes.length})`);
            lines.push(`openyurt: ${p.release.version} (yurt-manager), cloud: ${p.cloudNodes.join(", ")} in NodePool ${cloudPool}, ${edge}${edgePools.length > 0 ? ` in NodePool${edgePools.length > 1 ? "s" : ""} ${edgePools.join(", ")}` : ""}, ${batches}`);
            lines.push(`charts:   ${p.charts.kind === "path" ? p.charts.path : `${p.charts.repository}, version ${p.charts.version}`}`);
        } else {
            lines.push(`openyurt: ${p.release.version}, provider ${p.provider}, cloud: ${p.cloudNodes.join(", ")}, ${edge} in ${batches}`);
        }
        for (const note of p.notes) {
            lines.push(`note:     ${note}`);
        }
    }
    return lines.join("\n") + "\n";
}

/** Preview with `set` applied through a temporary copy of the stack file (nothing is written). */
export async function previewWith(session: Session, stack: automation.Stack, current: RawConfig, set: ConfigSet,
    opts: { target?: string[]; destroy?: boolean }): Promise<Step[]> {
    const { flags } = session.args;
    const changed = changedKeys(current, set);
    if (changed.length === 0 || opts.destroy) {
        return (await preview(stack, { ...opts, verbose: flags.verbose }, session.io)).steps;
    }
    const only = Object.fromEntries(changed.map((k) => [k, set[k]]));
    const temp = writeTempStackFile(flags.stack, stackFileWith(readStackFile(session.project, flags.stack), only));
    try {
        return (await preview(stack, { ...opts, configFile: temp.file, verbose: flags.verbose }, session.io)).steps;
    } finally {
        temp.remove();
    }
}

/** Writes the changed keys into the stack's config (pulumi config set-all). Returns the keys written (also kept in the session). */
export async function writeConfig(stack: automation.Stack, current: RawConfig, set: ConfigSet, session?: Session): Promise<string[]> {
    const changed = changedKeys(current, set);
    session?.configUpdated.push(...changed.filter((k) => !session.configUpdated.includes(k)));
    if (changed.length > 0) {
        try {
            await stack.setAllConfigJson(setAllJson(Object.fromEntries(changed.map((k) => [k, set[k]]))));
        } catch (e) {
            throw new CliError(ExitCode.environment, `could not write the stack config: ${String((e as Error).message).split("\n").slice(-3).join(" ")}`);
        }
    }
    return changed;
}

/** Node changes a run is expected to make when there is no preview (--yes): nodes leaving are reverted. */
export function predictedChanges(leaving: string[]): Map<string, NodeChange> {
    return new Map(leaving.map((n) => [n, { convert: "delete", role: "delete" } as NodeChange]));
}

export interface ApplyInput {
    session: Session;
    stack: automation.Stack;
    current: RawConfig;
    set: ConfigSet;
    local: LocalPlan;
    previous: PreviousRun;
    /** Restrict the run to these URNs (markautonomous). */
    target?: string[];
    /** "Convert 3 nodes?" from the plan rows. */
    question: (rows: PlanRow[]) => string;
    /** Called once the stack config has been written (the stack is then kept). */
    onConfigWritten: () => void;
}

/**
 * Preview (unless --yes), confirm, write the config, run `up` with progress, print the summary.
 * Returns the exit code. v1.7.0 plans go through applyPoolConversion (per-node rows from the state,
 * progress from the cluster).
 */
export async function applyConversion(input: ApplyInput): Promise<number> {
    const { session, stack, current, set, local, previous } = input;
    if (isYurtManagerPlan(local.plan)) {
        return (await import("./poolRun")).applyPoolConversion(input, local.plan);
    }
    const plan: ConversionPlan = local.plan;
    const { io, args: { flags } } = session;
    const edge = new Set(plan.edgeNodes);
    // A targeted run (markautonomous) reverts nobody.
    const leaving = input.target ? [] : previous.revertNodes.filter((n) => !edge.has(n));
    let rows: PlanRow[];
    if (!flags.yes) {
        const steps = await previewWith(session, stack, current, set, { target: input.target });
        rows = planRows({ plan, changes: nodeChanges(steps), previousRoles: previous.roles });
        io.out("\n" + renderPlanTable(rows) + "\n");
        if (resourceChanges(steps).length === 0) {
            return nothingToChange(input);
        }
        io.out(`${planTotals(rows)}\n`);
        if (!(await confirm(io, input.question(rows)))) {
            return notConfirmed(session);
        }
    } else {
        rows = planRows({ plan, changes: predictedChanges(leaving), previousRoles: previous.roles });
    }
    await writeConfirmedConfig(input);
    const start = io.now();
    io.out(`\n[${formatDuration(0).padStart(7)}] pulumi up on stack "${flags.stack}"${input.target ? ` (only the ${input.target.length} autonomy annotation${input.target.length === 1 ? "" : "s"} involved)` : ""}\n`);
    const progress = new Progress({ operation: "up", batches: plan.batches, revertNodes: leaving, start });
    const result = await runWithProgress(stack, progress, { operation: "up", target: input.target, verbose: flags.verbose }, io);
    await explainFailedJobs(local, plan, progress);
    const failedJobs = progress.failedNodes().filter((n) => progress.nodes.get(n)?.job === "failed");
    return report(session, summaryRows(rows, progress, result.outcome), result, start, {
        hint: failedJobs.length > 0 ? `failed Jobs are kept for debugging: kubectl -n ${plan.namespace} describe job ${plan.release.servantJobName("convert", failedJobs[0])}` : undefined,
    });
}

/** The preview changes nothing: write the config (it may differ in words only) and say so. */
export async function nothingToChange(input: ApplyInput): Promise<number> {
    const written = await writeConfig(input.stack, input.current, input.set, input.session);
    if (written.length > 0) {
        input.onConfigWritten();
    }
    return nothingToDo(input.session, `nothing to change: the cluster already matches stack "${input.session.args.flags.stack}"${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`);
}

/** After the confirmation: the flags become the stack's config. */
export async function writeConfirmedConfig(input: ApplyInput): Promise<void> {
    const written = await writeConfig(input.stack, input.current, input.set, input.session);
    if (written.length > 0) {
        input.onConfigWritten();
        input.session.io.out(`\nstack "${input.session.args.flags.stack}" config updated: ${written.join(", ")}\n`);
    }
}

/** Adds the pods' own failure reasons (exit code, message) to failed nodes, best effort. */
async function explainFailedJobs(local: LocalPlan, plan: ConversionPlan, progress: Progress): Promise<void> {
    for (const [node, p] of progress.nodes) {
        if (p.job !== "failed") {
            continue;
        }
        p.error = await withPodReasons(local, plan.namespace, plan.release.servantJobName("convert", node), p.error ?? "the servant Job failed");
    }
}

/** `error`, plus what the Job's pods say about their failure (exit code, message), best effort. */
export async function withPodReasons(local: LocalPlan, namespace: string, job: string, error: string): Promise<string> {
    try {
        const { podFailureReasons } = await import("../../components/dynamic/jobRunner");
        const reasons = await podFailureReasons(local.kubeconfig.connection, namespace, job);
        if (reasons && !/no pod reported a reason/.test(reasons)) {
            return `${error}; pod: ${reasons}`;
        }
    } catch {
        /* the summary still has the reason it had */
    }
    return error;
}

export interface ReportOptions {
    /** The summary table (default: the v0.6.1 one). */
    render?: (rows: SummaryRow[]) => string;
    /** Where to look first when the run failed (a kept Job). */
    hint?: string;
}

/**
 * The summary table and the final line (coloured on a terminal), and with --output json the JSON
 * summary; the exit code.
 */
export function report(session: Session, summary: SummaryRow[], result: RunResult, start: number, opts: ReportOptions = {}): number {
    const { io, args } = session;
    const command = args.command!;
    const ms = io.now() - start;
    const elapsed = formatDuration(ms);
    const table = paintSummary((opts.render ?? renderSummary)(summary), summary.map((r) => r.result), io.colour);
    io.out("\n" + table + "\n");
    const json = { elapsedSeconds: Math.round(ms / 100) / 10, totals: resultCounts(summary), nodes: resultNodes(summary) };
    if (result.outcome === "succeeded") {
        io.out(paint(`yurtctl ${command}: done in ${elapsed}: ${summaryTotals(summary)}`, "green", io.colour) + "\n");
        emitResult(session, { outcome: "succeeded", exitCode: ExitCode.ok, ...json });
        return ExitCode.ok;
    }
    const head = `yurtctl ${command}: ${result.outcome === "interrupted" ? "INTERRUPTED" : "FAILED"} after ${elapsed}: ${summaryTotals(summary)}`;
    const details = [lockedFailure(session, result.failure), opts.hint].filter((l): l is string => !!l);
    const lines = [paint(head, result.outcome === "interrupted" ? "yellow" : "red", io.errColour), ...details,
        `fix the cause and run the command again: finished nodes are not redone`];
    io.err(lines.join("\n") + "\n");
    const exitCode = result.outcome === "interrupted" ? ExitCode.interrupted : ExitCode.failed;
    emitResult(session, {
        outcome: result.outcome, exitCode, ...json,
        errors: details.flatMap((d) => d.split("\n")).map((l) => l.trim()).filter(Boolean),
    });
    return exitCode;
}
