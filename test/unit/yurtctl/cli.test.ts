import * as assert from "assert";
import { previousFromState } from "../../../cli/engine/previous";
import { cliGeneration } from "../../../cli/generations";
import { releases } from "../../../components/core/release";
import { autonomyTargets, autonomyUrn } from "../../../cli/generations/yurtctl/autonomy";
import { planEdgeCluster } from "../../../components/edgecluster/plan";
import { applyConversion } from "../../../cli/generations/yurtctl/apply";
import { readSettings } from "../../../cli/input/localPlan";
import { humanOnStderr } from "../../../cli/output/io";
import { inventory } from "../../../support/inventory";
import { componentUrn, ev, fakeIo, JOB, PATCH, sessionOf, v061State } from "../cliFixtures";

describe("yurtctl v0.6.1 CLI", () => {
    it("markautonomous targets only autonomy annotations: existing ones, and those of converted edge nodes", () => {
        const prev = previousFromState(v061State);
        assert.strictEqual(autonomyUrn(prev.urns.role.node3, "node3"), componentUrn("openyurt-autonomy-node3", PATCH));
        const { targets, notConverted } = autonomyTargets(prev, ["node3", "node4", "node1"]);
        assert.deepStrictEqual(targets, [componentUrn("openyurt-autonomy-node2", PATCH), componentUrn("openyurt-autonomy-node3", PATCH)]);
        assert.deepStrictEqual(notConverted, ["node4", "node1"]);
    });

    it("a whole v0.6.1 convert --yes -o json against a fake engine: progress on stderr, one JSON on stdout, exit 1 for the failed node", async () => {
        const io = fakeIo();
        const human = humanOnStderr(io);
        const session = sessionOf(["convert", "--yes", "-o", "json", "--stack", "demo"], human);
        const opts = { stack: "demo", given: new Set<string>(), env: {} };
        const settings = readSettings({ cloudNodes: '["node1"]', provider: "none", release: "v0.6.1" }, opts);
        const plan = planEdgeCluster(settings.conversion, inventory(["node1", "node2", "node3"]));
        const local = {
            settings,
            inventory: inventory(["node1", "node2", "node3"]),
            plan,
            kubeconfig: { text: "", source: "test", connection: { server: "http://127.0.0.1:9", context: "test" } },
        };
        const written: string[] = [];
        const stack: any = {
            name: "demo",
            setAllConfigJson: async (json: string) => void written.push(json),
            up: async ({ onEvent }: any) => {
                for (const e of [
                    ev.pre("create", "openyurt-role-node1", PATCH),
                    ev.out("create", "openyurt-role-node1", PATCH),
                    ev.pre("create", "openyurt-convert-node2", JOB),
                    ev.out("create", "openyurt-convert-node2", JOB),
                    ev.pre("create", "openyurt-convert-node3", JOB),
                    ev.error("[BackoffLimitExceeded] Job has reached the specified backoff limit", "openyurt-convert-node3", JOB),
                    ev.failed("create", "openyurt-convert-node3", JOB),
                ]) {
                    onEvent(e);
                }
                throw new Error("stderr: error: update failed");
            },
        };
        const previous = { resourceCount: 0, roles: {}, autonomous: [], revertNodes: [], batches: [], urns: { role: {}, autonomy: {} } };
        const code = await applyConversion({
            session,
            stack,
            current: {},
            set: { cloudNodes: ["node1"], provider: "none", release: "v0.6.1" },
            local: local as any,
            previous,
            question: () => "?",
            onConfigWritten: () => undefined,
        });
        assert.strictEqual(code, 1);
        assert.strictEqual(written.length, 1, "config written once");
        assert.match(io.stderr, /\] node2: converted in /);
        assert.match(io.stderr, /\] node3: FAILED after .*BackoffLimitExceeded/);
        assert.match(io.stderr, /yurtctl convert: FAILED after /);
        const json = JSON.parse(io.stdout);
        assert.strictEqual(json.outcome, "failed");
        assert.strictEqual(json.exitCode, 1);
        assert.deepStrictEqual(json.configUpdated, ["cloudNodes", "provider", "release"]);
        assert.deepStrictEqual(json.totals, { converted: 1, labelled: 1, FAILED: 1 });
        assert.deepStrictEqual(
            json.nodes.map((n: any) => [n.name, n.result]),
            [
                ["node1", "labelled"],
                ["node2", "converted"],
                ["node3", "FAILED"],
            ],
        );
        assert.ok(
            json.errors.some((e: string) => /BackoffLimitExceeded/.test(e)),
            JSON.stringify(json.errors),
        );
    });

    it("has a CLI of its own, whose rows are made from each node's resources", () => {
        const cli = cliGeneration(releases["v0.6.1"].generation);
        assert.notStrictEqual(cli, cliGeneration(releases["v1.7.0"].generation));
        assert.ok(cli.rowKinds.includes("convertJob"), cli.rowKinds.join(", "));
    });
});
