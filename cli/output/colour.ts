import type { NodeResult } from "./summary";

/**
 * Colour for the lines that say how a run went: failed in red, done in green, stopped short in
 * yellow. Pure: callers pass whether their stream gets colour (Io.colour / Io.errColour: a terminal,
 * and NO_COLOR unset). Text without colour is unchanged, byte for byte.
 */

const codes = { red: 31, green: 32, yellow: 33, bold: 1 } as const;
export type Colour = keyof typeof codes;

export function paint(text: string, colour: Colour | undefined, enabled: boolean): string {
    return enabled && colour && text !== "" ? `\x1b[${codes[colour]}m${text}\x1b[0m` : text;
}

const failedLine = /\bFAILED\b|\b(ConvertFailed|RevertFailed)\b|^\[ *[0-9.ms]+\] error: /;
const okLine = /: converted\b|: reverted\b|\bbatch \d+\/\d+ done\b|\brevert Jobs done\b|reports every edge node converted/;

/** The colour of a progress line: red when something failed, green when a node or batch finished. */
export function progressColour(line: string): Colour | undefined {
    return failedLine.test(line) ? "red" : okLine.test(line) ? "green" : undefined;
}

export function paintProgress(line: string, enabled: boolean): string {
    return paint(line, progressColour(line), enabled);
}

export function resultColour(result: NodeResult): Colour | undefined {
    switch (result) {
        case "FAILED":
            return "red";
        case "unfinished":
        case "not reached":
        case "skipped offline":
            return "yellow";
        case "unchanged":
            return undefined;
        default:
            return "green";
    }
}

/** A rendered summary table (header, then one line per row, in order) with each row coloured by its result. */
export function paintSummary(table: string, results: NodeResult[], enabled: boolean): string {
    if (!enabled) {
        return table;
    }
    const lines = table.split("\n");
    return lines
        .map((l, i) => (i === 0 ? paint(l, "bold", true) : i - 1 < results.length ? paint(l, resultColour(results[i - 1]), true) : l))
        .join("\n");
}
