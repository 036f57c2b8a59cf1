import * as assert from "assert";
import { ClusterInventory } from "../../components/core/plan/inventory";
import { ConversionConfigError } from "../../components/core/config/problems";
import { ConversionSpec } from "../../components/core/config/spec";

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
