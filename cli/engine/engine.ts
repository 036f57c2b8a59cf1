import type * as automation from "@pulumi/pulumi/automation";
import { paintProgress } from "../output/colour";
import * as fs from "fs";
import { CliError, ExitCode } from "../input/errors";
import { Io } from "../output/io";
import { condenseError, Progress } from "../output/progress";
import { Step, stepOf } from "../output/steps";
import { EngineRunOutcome } from "../output/summary";

/** Running the engine: previews that collect steps, and runs that report progress. */

export interface PreviewOptions {
    /** `--config-file`: preview a config that is not written yet. */
    configFile?: string;
    /** Only these URNs (markautonomous). */
    target?: string[];
    /** Preview `destroy` instead of `up`. */
    destroy?: boolean;
    verbose?: boolean;
}

export interface PreviewResult {
    steps: Step[];
}

/** The error lines of a failed operation: diagnostics first, else the tail of the engine's stderr. */
function failureText(diagnostics: string[], e: unknown): string {
    const seen = [...new Set(diagnostics.filter((d) => d && !/^(update|preview|destroy) failed$/.test(d)))];
    if (seen.length > 0) {
        return seen.map((d) => `  ${d}`).join("\n");
    }
    const text = String((e as Error)?.message ?? e);
    const stderr = /stderr: ([\s\S]*)$/.exec(text)?.[1] ?? text;
    return stderr
        .trim()
        .split("\n")
        .filter((l) => l.trim())
        .slice(-5)
        .map((l) => `  ${l.trim()}`)
        .join("\n");
}

export async function preview(stack: automation.Stack, opts: PreviewOptions, io: Io): Promise<PreviewResult> {
    const steps: Step[] = [];
    const errors: string[] = [];
    const onEvent = (e: automation.EngineEvent) => {
        const s = stepOf(e);
        if (s) {
            steps.push(s);
        }
        if (e.diagnosticEvent?.severity === "error") {
            errors.push(condenseError(e.diagnosticEvent.message));
        }
    };
    const onOutput = opts.verbose ? (t: string) => io.out(t) : undefined;
    try {
        if (opts.destroy) {
            await stack.previewDestroy({ onEvent, onOutput, target: opts.target });
        } else {
            await stack.preview({ onEvent, onOutput, target: opts.target, configFile: opts.configFile });
        }
    } catch (e) {
        throw new CliError(ExitCode.failed, `the preview failed; nothing was changed:\n${failureText(errors, e)}`);
    }
    return { steps };
}

export interface RunOptions {
    operation: "up" | "destroy";
    target?: string[];
    verbose?: boolean;
    /** How often to check whether a progress reminder is due. */
    heartbeatMs?: number;
    /**
     * v1.7.0: per-node progress read from the cluster while the engine runs (it sees one step for the
     * whole fleet). Polled every `everyMs`, once more when the run ends; errors are shown once.
     */
    watch?: ClusterWatch;
}

export interface ClusterWatch {
    everyMs: number;
    /** Lines to print for one look at the cluster. */
    poll: () => Promise<string[]>;
    /** The reminder line while it is quiet (replaces the engine-event one). */
    heartbeat?: () => string | undefined;
}

/** Polls `watch` until `stop` resolves, printing its lines; one poll at a time. */
async function pollWhile(watch: ClusterWatch, stopped: () => boolean, io: Io): Promise<void> {
    let warned = false;
    const once = async () => {
        try {
            for (const line of await watch.poll()) {
                io.out(paintProgress(line, io.colour) + "\n");
            }
        } catch (e) {
            if (!warned) {
                warned = true;
                io.err(`yurtctl: cannot read the nodes for progress (the run goes on): ${String((e as Error)?.message ?? e).split("\n")[0]}\n`);
            }
        }
    };
    while (!stopped()) {
        await once();
        for (let waited = 0; waited < watch.everyMs && !stopped(); waited += 100) {
            await new Promise((r) => setTimeout(r, 100));
        }
    }
    await once();
}

export interface RunResult {
    outcome: EngineRunOutcome;
    /** Errors of a failed run, one per line. */
    failure?: string;
    outputs?: automation.OutputMap;
}

/**
 * Runs `up` or `destroy`, printing progress lines as engine events arrive and a reminder while
 * Jobs run quietly. Ctrl-C reaches the engine too (same process group), which stops after the
 * steps in flight; the run then counts as interrupted.
 */
export async function runWithProgress(stack: automation.Stack, progress: Progress, opts: RunOptions, io: Io): Promise<RunResult> {
    const errors: string[] = [];
    let interrupted = false;
    const abort = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
        if (!interrupted) {
            interrupted = true;
            io.err("\ninterrupted: the engine finishes the steps in flight and stops; run the command again to continue\n");
        }
        // Ctrl-C in a terminal reaches the engine directly; a SIGTERM sent to this process alone is passed on.
        if (signal === "SIGTERM") {
            abort.abort();
        }
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    // YURTCTL_DEBUG_EVENTS=FILE keeps every engine event of the run, one JSON per line (for debugging the progress lines).
    const debugFile = io.env.YURTCTL_DEBUG_EVENTS;
    const onEvent = (e: automation.EngineEvent) => {
        if (debugFile) {
            fs.appendFileSync(debugFile, JSON.stringify(e) + "\n");
        }
        if (e.diagnosticEvent?.severity === "error") {
            errors.push(condenseError(e.diagnosticEvent.message));
        }
        for (const line of progress.handle(e, io.now())) {
            io.out(paintProgress(line, io.colour) + "\n");
        }
    };
    let over = false;
    const polling = opts.watch ? pollWhile(opts.watch, () => over, io) : Promise.resolve();
    const timer = setInterval(() => {
        const line = opts.watch?.heartbeat ? opts.watch.heartbeat() : progress.heartbeat(io.now());
        if (line) {
            io.out(line + "\n");
        }
    }, opts.heartbeatMs ?? 1000);
    const onOutput = opts.verbose ? (t: string) => io.out(t) : undefined;
    try {
        if (opts.operation === "up") {
            const r = await stack.up({ onEvent, onOutput, target: opts.target, signal: abort.signal });
            return { outcome: "succeeded", outputs: r.outputs };
        }
        await stack.destroy({ onEvent, onOutput, target: opts.target, signal: abort.signal });
        return { outcome: "succeeded" };
    } catch (e) {
        return { outcome: interrupted ? "interrupted" : "failed", failure: failureText(errors, e) };
    } finally {
        clearInterval(timer);
        over = true;
        await polling;
        progress.finish();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
    }
}
