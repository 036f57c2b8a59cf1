import * as assert from "assert";
import { releases } from "../../components/core/release";
import { cliGeneration } from "../../cli/generations";
import { CliError } from "../../cli/input/errors";

describe("yurtctl: one CLI per OpenYurt generation", () => {
    it("every release in the table has its generation's CLI, and the two differ where the generations do", () => {
        const byVersion = Object.fromEntries(Object.values(releases).map((r) => [r.version, cliGeneration(r.generation)]));
        assert.deepStrictEqual(Object.keys(byVersion).sort(), ["v0.6.1", "v1.7.0"]);
        assert.notStrictEqual(byVersion["v1.7.0"], byVersion["v0.6.1"]);
        assert.deepStrictEqual(byVersion["v1.7.0"].rowKinds, ["nodePoolMembers", "nodePoolReverts"]);
        assert.ok(byVersion["v0.6.1"].rowKinds.includes("convertJob"), byVersion["v0.6.1"].rowKinds.join(", "));
    });

    it("a state made by a generation this code does not have is refused with exit 3, naming it and the ones supported", () => {
        assert.throws(
            () => cliGeneration("yurtctl-next"),
            (e: unknown) =>
                e instanceof CliError &&
                e.exitCode === 3 &&
                /OpenYurt's yurtctl-next generation is not supported by this version of yurtctl \(supported: yurt-manager, yurtctl\)/.test(e.message),
        );
    });
});
