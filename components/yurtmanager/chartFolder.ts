import * as fs from "fs";
import * as path from "path";

/**
 * `charts.path`, looked at when the plan is made: Helm would find a missing chart only when the chart
 * is registered, after the resources before it have changed. The one thing a plan reads from the
 * deploying machine; a relative folder is taken from the working directory (the project's, when
 * Pulumi runs the program), as the chart resources take it.
 */

/** What a path is on this machine. */
function kindOf(file: string): "folder" | "file" | "absent" {
    try {
        return fs.statSync(file).isDirectory() ? "folder" : "file";
    } catch {
        return "absent";
    }
}

/**
 * Why `folder` cannot serve the charts `charts` (their folder names, e.g. yurt-manager and yurthub):
 * it is missing or a file, or a chart's folder or its Chart.yaml is missing; undefined when each chart
 * is there. The message names the folder as given (and where it resolves to, when relative) and
 * everything that is missing.
 */
export function chartFolderProblem(folder: string, charts: readonly string[]): string | undefined {
    const resolved = path.resolve(folder);
    const named = `"${folder}"${resolved === folder ? "" : ` (${resolved})`}`;
    const kind = kindOf(resolved);
    if (kind !== "folder") {
        return kind === "absent" ? `folder ${named} does not exist` : `${named} is a file, not a folder`;
    }
    const missing = charts.flatMap((chart) => {
        const chartKind = kindOf(path.join(resolved, chart));
        if (chartKind !== "folder") {
            return [chartKind === "absent" ? `${chart}/ is missing` : `${chart} is a file, not a chart folder`];
        }
        return kindOf(path.join(resolved, chart, "Chart.yaml")) === "file" ? [] : [`${chart}/ has no Chart.yaml`];
    });
    return missing.length === 0 ? undefined : `folder ${named} does not hold the charts: ${missing.join("; ")}`;
}
