import * as assert from "assert";
import { mergeRaw, settingsConfig } from "../../cli/input/configEdit";
import { UsageError } from "../../cli/input/errors";
import { readSettings } from "../../cli/input/localPlan";
import { checkKnownSettings, projectConfig } from "../../components/core/config/unknownSettings";
import { parentOf, SettingKey, settingKeys, settingTable, SettingValues, topLevelSettings } from "../../components/core/config/settings";
import { RawConfig } from "../../components/core/config/stackFile";
import { readStackConfig } from "../../components/core/config/stackConfig";
import { editDistance, nearest } from "../../components/core/config/nearest";
import { ConfigProblem, ConversionConfigError, ProblemList } from "../../components/core/config/problems";

/**
 * A key of the project's namespace that the settings table does not define is refused by the
 * program's config reader, naming the key, the nearest setting and the fix: a typo such as
 * `cloudNode` would otherwise be ignored, and the nodes it names left as they are.
 */

const valid: RawConfig = { cloudNodes: '["node1"]' };

/** The problems readStackConfig reports for a config it must refuse. */
function problemsOf(config: RawConfig): ConfigProblem[] {
    try {
        readStackConfig(config);
    } catch (e) {
        assert.ok(e instanceof ConversionConfigError, `expected ConversionConfigError, got ${e}`);
        return e.problems;
    }
    return assert.fail(`expected ${JSON.stringify(config)} to be refused`);
}

/** The one problem on `setting`, whose message and fix mention every given text. */
function expectProblem(config: RawConfig, setting: string, message: string, fixMentions: string[]): void {
    const problems = problemsOf(config).filter((p) => p.setting === setting);
    assert.strictEqual(problems.length, 1, `expected one problem on ${setting}, got ${JSON.stringify(problemsOf(config))}`);
    assert.strictEqual(problems[0].message, message);
    for (const m of fixMentions) {
        assert.ok(problems[0].fix.includes(m), `fix "${problems[0].fix}" should mention ${m}`);
    }
}

/** A value of the setting's type, as the stack file holds it (a choice where it has some; objects with every field the table defines). */
function sampleValue(key: SettingKey): unknown {
    const s = settingTable[key];
    const fields = settingKeys.filter((k) => parentOf(k) === key);
    switch (s.type) {
        case "string":
            return s.choices?.[0] ?? "x";
        case "boolean":
            return true;
        case "integer":
            return 1;
        case "list":
            return ["node1"];
        case "object":
            return Object.fromEntries(fields.map((f) => [f.slice(key.length + 1), sampleValue(f)]));
    }
}

describe("unknown settings in the project's namespace", () => {
    it("cloudNode (meant cloudNodes) is refused, naming the key, the setting meant and the fix", () => {
        expectProblem({ cloudNode: '["node1"]' }, "cloudNode", "unknown setting pulumi-openyurt:cloudNode; did you mean cloudNodes?", [
            "rename it to pulumi-openyurt:cloudNodes",
            "`pulumi config rm pulumi-openyurt:cloudNode`",
        ]);
    });

    it("autonomousNode (meant autonomousNodes) is refused: the nodes it names would not be autonomous", () => {
        expectProblem(
            { ...valid, autonomousNode: '["node2"]' },
            "autonomousNode",
            "unknown setting pulumi-openyurt:autonomousNode; did you mean autonomousNodes?",
            ["rename it to pulumi-openyurt:autonomousNodes", "`pulumi config rm pulumi-openyurt:autonomousNode`"],
        );
    });

    it("an unknown field of an object setting with known fields: rollout.batchsize, images.yurtmanager", () => {
        expectProblem(
            { ...valid, rollout: '{"batchsize": 2}' },
            "rollout.batchsize",
            "unknown setting pulumi-openyurt:rollout.batchsize; did you mean rollout.batchSize?",
            ["rename the field batchsize of pulumi-openyurt:rollout to batchSize", "`pulumi config rm --path pulumi-openyurt:rollout.batchsize`"],
        );
        expectProblem(
            { ...valid, images: '{"yurtmanager": "openyurt/yurt-manager:v1.7.0"}' },
            "images.yurtmanager",
            "unknown setting pulumi-openyurt:images.yurtmanager; did you mean images.yurtManager?",
            ["yurtManager, yurthub, yurtControllerManager, nodeServant"],
        );
        expectProblem({ ...valid, yurtManager: '{"workers": 5}' }, "yurtManager.workers", "unknown setting pulumi-openyurt:yurtManager.workers", [
            "remove it",
            "the fields of yurtManager are: conversionWorkers",
        ]);
    });

    it("a field set without --path (its own key, `rollout.batchSize`) is refused, with the --path that sets it", () => {
        expectProblem(
            { ...valid, "rollout.batchSize": "2" },
            "rollout.batchSize",
            "unknown setting pulumi-openyurt:rollout.batchSize: a field of rollout set as a key of its own (without --path), which the program does not read",
            ["`pulumi config rm pulumi-openyurt:rollout.batchSize`", "`pulumi config set --path pulumi-openyurt:rollout.batchSize …`"],
        );
        expectProblem(
            { ...valid, "cloudNodes[0]": "node1" },
            "cloudNodes[0]",
            "unknown setting pulumi-openyurt:cloudNodes[0]: an item of cloudNodes set as a key of its own (without --path), which the program does not read",
            ["`pulumi config rm 'pulumi-openyurt:cloudNodes[0]'`", "`pulumi config set --path 'pulumi-openyurt:cloudNodes[0]' …`"],
        );
    });

    it("a key near no setting is refused with the list of settings, and no guess", () => {
        const [p] = problemsOf({ ...valid, colour: "red" });
        assert.strictEqual(p.message, "unknown setting pulumi-openyurt:colour");
        assert.ok(p.fix.startsWith("remove it (`pulumi config rm pulumi-openyurt:colour`); the settings are: cluster, cloudNodes,"), p.fix);
    });

    it("reports every unknown key at once, with the stack's other config problems", () => {
        const problems = problemsOf({ cloudNode: '["node1"]', autonomousNode: '["node2"]', rollout: '{"batchsize": 2}', edgeNodes: "node2" });
        assert.deepStrictEqual(problems.map((p) => p.setting).sort(), ["autonomousNode", "cloudNode", "edgeNodes", "rollout.batchsize"]);
    });

    it("accepts every key the settings table defines, every field of its object settings included", () => {
        const config = Object.fromEntries(topLevelSettings.map((k) => [k, JSON.stringify(sampleValue(k))]));
        for (const k of topLevelSettings.filter((key) => settingTable[key].type === "string")) {
            config[k] = sampleValue(k) as string;
        }
        const problems = new ProblemList();
        checkKnownSettings(problems, config);
        assert.deepStrictEqual(problems.problems, []);
        const fields = Object.entries(config).flatMap(([k, v]) =>
            settingTable[k as SettingKey].type === "object" ? Object.keys(JSON.parse(v)) : [],
        );
        assert.strictEqual(fields.length, settingKeys.length - topLevelSettings.length, "every field of the table was in the config");
        assert.doesNotThrow(() => readStackConfig(config));
    });

    it("leaves alone the keys of objects whose keys are not the table's: edgePools' pool names, ack's (the ACK planner checks them)", () => {
        const problems = new ProblemList();
        checkKnownSettings(problems, { edgePools: '{"hangzhou": ["node2"]}', ack: '{"nodePool": []}', rollout: "not JSON", images: "[]" });
        assert.deepStrictEqual(problems.problems, [], "a value that is no object is readSetting's to report");
    });

    it("other namespaces are not the project's: kubernetes:context, alicloud:region are not refused", () => {
        const all = {
            "pulumi-openyurt:cloudNodes": '["node1"]',
            "kubernetes:context": "kind-edge",
            "alicloud:region": "cn-hangzhou",
            "pulumi-openyurtx:cloudNode": "[]",
        };
        const config = projectConfig(all, "pulumi-openyurt");
        assert.deepStrictEqual(config, { cloudNodes: '["node1"]' });
        assert.deepStrictEqual(readStackConfig(config).conversion.cloudNodes, ["node1"]);
        assert.deepStrictEqual(
            problemsOf(projectConfig({ ...all, "pulumi-openyurt:cloudNode": "[]" })).map((p) => p.setting),
            ["cloudNode"],
        );
    });

    it("what yurtctl writes for every setting of the table is a key the check accepts", () => {
        const values = Object.fromEntries(
            settingKeys.filter((k) => settingTable[k].type !== "object").map((k) => [k, sampleValue(k)]),
        ) as SettingValues;
        const written = mergeRaw({}, settingsConfig(values, {}, "/"));
        const problems = new ProblemList();
        checkKnownSettings(problems, written);
        assert.deepStrictEqual(problems.problems, []);
    });

    it("yurtctl refuses a stack with a typo before the engine runs, naming it as a stack setting", () => {
        assert.throws(
            () => readSettings({ ...valid, autonomousNode: '["node2"]' }, { stack: "demo", given: new Set(), env: {} }),
            (e: Error) =>
                e instanceof UsageError &&
                e.message.includes(
                    'autonomousNode (stack "demo" config): unknown setting pulumi-openyurt:autonomousNode; did you mean autonomousNodes?',
                ),
        );
    });
});

describe("nearest (did you mean)", () => {
    it("is the candidate at the fewest edits, when near enough", () => {
        assert.strictEqual(editDistance("batchsize", "batchSize"), 1);
        assert.strictEqual(editDistance("", "abc"), 3);
        assert.strictEqual(nearest("cloudNode", topLevelSettings), "cloudNodes");
        assert.strictEqual(nearest("autonomousNode", topLevelSettings), "autonomousNodes");
        assert.strictEqual(nearest("colour", topLevelSettings), undefined);
    });
});
