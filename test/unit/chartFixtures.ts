import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** One temporary folder for every chart folder of a test run, removed when the run ends. */
let root: string | undefined;
function tempRoot(): string {
    if (root === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openyurt-charts-"));
        process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
        root = dir;
    }
    return root;
}

/**
 * A temporary `charts.path` folder holding `charts`, each a folder with a Chart.yaml unless it is
 * listed in `withoutChartYaml`.
 */
export function chartFolder(charts: readonly string[] = ["yurt-manager", "yurthub"], withoutChartYaml: readonly string[] = []): string {
    const dir = fs.mkdtempSync(path.join(tempRoot(), "charts-"));
    for (const chart of charts) {
        fs.mkdirSync(path.join(dir, chart));
        if (!withoutChartYaml.includes(chart)) {
            fs.writeFileSync(path.join(dir, chart, "Chart.yaml"), `apiVersion: v2\nname: ${chart}\nversion: 1.7.0\n`);
        }
    }
    return dir;
}
