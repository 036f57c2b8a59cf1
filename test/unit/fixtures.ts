import * as assert from "assert";
import { ClusterInventory, ConversionConfigError, ConversionSpec } from "../../components/plan";

/** A Kubernetes version OpenYurt v0.6.1 supports, for the yurtctl-generation tests. */
export const v0_6Kubernetes = "v1.21.14";
/** A Kubernetes version OpenYurt v1.7.0 supports. */
export const v1_7Kubernetes = "v1.34.4";

/**
 * A cluster inventory of Ready nodes; `kcm` names nodes running a kube-controller-manager static pod.
 * The server version defaults to one v0.6.1 supports, as most tests here are of that generation.
 */
export function inventory(names: string[], opts: { kcm?: string[]; notReady?: string[]; version?: string } = {}): ClusterInventory {
    return {
        serverVersion: opts.version ?? v0_6Kubernetes,
        apiServer: "https://10.0.0.1:6443",
        nodes: names.map((name) => ({
            name,
            labels: { "kubernetes.io/hostname": name },
            annotations: {},
            ready: !(opts.notReady ?? []).includes(name),
            runsKubeControllerManager: (opts.kcm ?? []).includes(name),
        })),
    };
}

/** node1 … nodeN */
export function nodeNames(n: number, prefix = "node"): string[] {
    return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/**
 * Bad-input helpers for a planner: `problemsOf` plans a spec that must be refused and returns its
 * problems; `expectProblem` asserts exactly one problem on a setting whose message and fix mention
 * every given text, and that it says how to fix it.
 */
export function refusals(planner: (spec: ConversionSpec, inv: ClusterInventory) => unknown, fleet: ClusterInventory) {
    const problemsOf = (spec: ConversionSpec, inv = fleet) => {
        try {
            planner(spec, inv);
        } catch (e) {
            assert.ok(e instanceof ConversionConfigError, `expected ConversionConfigError, got ${e}`);
            return e.problems;
        }
        return assert.fail(`expected ${JSON.stringify(spec)} to be refused`);
    };
    const expectProblem = (spec: ConversionSpec, setting: string, mentions: string[], inv = fleet) => {
        const problems = problemsOf(spec, inv).filter((p) => p.setting.startsWith(setting));
        assert.strictEqual(problems.length, 1, `expected one problem on ${setting}, got ${JSON.stringify(problemsOf(spec, inv))}`);
        const text = `${problems[0].message} (fix: ${problems[0].fix})`;
        for (const m of mentions) {
            assert.ok(text.includes(m), `"${text}" should mention ${m}`);
        }
        assert.ok(problems[0].fix.length > 10, "every problem says how to fix it");
    };
    return { problemsOf, expectProblem };
}
