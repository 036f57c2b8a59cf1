/** What `--output json` prints: the value, indented, one trailing newline. */
export function jsonText(value: unknown): string {
    return JSON.stringify(value, null, 2) + "\n";
}
