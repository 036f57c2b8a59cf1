import { paint, paintSummary } from "../output/colour";
import { RunResult } from "../engine/engine";
import { ExitCode } from "../input/errors";
import { CommandResult, resultCounts, resultJson, resultNodes } from "../output/result";
import { compactSummary, renderSummary, SummaryRow, summaryTotals } from "../output/summary";
import { formatDuration } from "../output/table";
import { lockedFailure } from "./locked";
import { Session } from "./session";

/**
 * How a command ends: what it prints last (nothing to do, not confirmed, or the summary table and
 * the final line), its `--output json` summary, and its exit code.
 */

/** With --output json: the command's one JSON summary on stdout (nothing otherwise). */
export function emitResult(session: Session, r: Pick<CommandResult, "outcome" | "exitCode"> & Partial<CommandResult>): void {
    const { args, io } = session;
    if (args.flags.output !== "json") {
        return;
    }
    io.data(
        resultJson({
            command: args.command!,
            stack: args.flags.stack,
            release: session.release ?? null,
            outcome: r.outcome,
            exitCode: r.exitCode,
            elapsedSeconds: r.elapsedSeconds ?? null,
            configUpdated: r.configUpdated ?? session.configUpdated,
            totals: r.totals ?? {},
            nodes: r.nodes ?? [],
            errors: r.errors ?? [],
        }),
    );
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

export interface ReportOptions {
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
    const shown = compactSummary(summary);
    const table =
        shown.rows.length === 0
            ? ""
            : paintSummary(
                  renderSummary(shown.rows),
                  shown.rows.map((r) => r.result),
                  io.colour,
              );
    io.out("\n" + table + (shown.rest ? `${shown.rest}\n` : "") + "\n");
    const json = { elapsedSeconds: Math.round(ms / 100) / 10, totals: resultCounts(summary), nodes: resultNodes(summary) };
    if (result.outcome === "succeeded") {
        io.out(paint(`yurtctl ${command}: done in ${elapsed}: ${summaryTotals(summary)}`, "green", io.colour) + "\n");
        emitResult(session, { outcome: "succeeded", exitCode: ExitCode.ok, ...json });
        return ExitCode.ok;
    }
    const head = `yurtctl ${command}: ${result.outcome === "interrupted" ? "INTERRUPTED" : "FAILED"} after ${elapsed}: ${summaryTotals(summary)}`;
    const details = [lockedFailure(session, result.failure), opts.hint].filter((l): l is string => !!l);
    const lines = [
        paint(head, result.outcome === "interrupted" ? "yellow" : "red", io.errColour),
        ...details,
        `fix the cause and run the command again: finished nodes are not redone`,
    ];
    io.err(lines.join("\n") + "\n");
    const exitCode = result.outcome === "interrupted" ? ExitCode.interrupted : ExitCode.failed;
    emitResult(session, {
        outcome: result.outcome,
        exitCode,
        ...json,
        errors: details
            .flatMap((d) => d.split("\n"))
            .map((l) => l.trim())
            .filter(Boolean),
    });
    return exitCode;
}
