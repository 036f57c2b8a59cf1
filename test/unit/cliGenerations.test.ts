import * as assert from "assert";
import { releases } from "../../components/core/release";
import { cliGeneration } from "../../cli/generations";
import { CliError } from "../../cli/input/errors";

describe("yurtctl: one CLI per OpenYurt generation", () => {
    it("every release in the table has its generation's CLI; v1.7.0's rows are made from the NodePool membership", () => {
        for (const r of Object.values(releases)) {
            assert.ok(cliGeneration(r.generation), `${r.version} (${r.generation})`);
        }
        assert.deepStrictEqual(cliGeneration(releases["v1.7.0"].generation).rowKinds, ["nodePoolMembers", "nodePoolReverts"]);
    });

    it("a state made by a generation this code does not have is refused with exit 3, naming it and the ones supported", () => {
        const supported = [...new Set(Object.values(releases).map((r) => r.generation))].sort().join(", ");
        assert.throws(
            () => cliGeneration("yurtctl-next"),
            (e: unknown) =>
                e instanceof CliError &&
                e.exitCode === 3 &&
                e.message.includes(`OpenYurt's yurtctl-next generation is not supported by this version of yurtctl (supported: ${supported})`),
        );
    });
});
