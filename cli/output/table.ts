/** Plain-text tables: left-aligned columns, two spaces apart, no trailing blanks. */
export function renderTable(headers: string[], rows: string[][]): string {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [line(headers), ...rows.map(line)].join("\n") + "\n";
}

/** Seconds with one decimal, e.g. "12.3s"; minutes past 100 s, e.g. "2m05s". */
export function formatDuration(ms: number): string {
    const s = Math.max(0, ms) / 1000;
    if (s < 100) {
        return `${s.toFixed(1)}s`;
    }
    const total = Math.round(s);
    return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, "0")}s`;
}
