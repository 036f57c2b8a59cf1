import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseArgs } from "../../cli/input/args";
import { autonomyConfig, autonomyOf, changedKeys, conversionConfig, mergeRaw, setAllJson } from "../../cli/input/configEdit";
import { rawFromStackFile, stackFileWith } from "../../components/core/config/stackFile";
import { describeProblems, flagForSetting } from "../../cli/input/problems";
import { readStackConfig } from "../../components/core/config/stackConfig";

const flagsOf = (...argv: string[]) => parseArgs(argv).flags;

/** Pulumi.yaml's defaults, as the engine applies them. */
const defaults = Object.fromEntries(
    Object.entries(parse(fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8")).config as Record<string, { default?: unknown }>)
        .filter(([, s]) => s.default !== undefined)
        .map(([key, s]) => [key, s.default]),
);

describe("yurtctl config writing (flags → stack config)", () => {
    it("convert: each flag given becomes its key; flags not given are left alone", () => {
        const set = conversionConfig(
            flagsOf("convert", "-c", "node1", "-p", "ack", "-a", "node2,node3", "--batch-size", "2", "--edge-nodes", "node2,node3,node4"),
            {},
            "/",
        );
        assert.deepStrictEqual(set, {
            cloudNodes: ["node1"],
            edgeNodes: ["node2", "node3", "node4"],
            autonomousNodes: ["node2", "node3"],
            provider: "ack",
            rollout: { batchSize: 2 },
        });
        assert.deepStrictEqual(conversionConfig(flagsOf("convert"), { cloudNodes: '["node1"]', provider: "ack" }, "/"), {});
    });

    it("convert with v1.7.0 (the default): a stack's first conversion without -a leaves autonomy to the component's default; later runs keep the setting", () => {
        assert.strictEqual(conversionConfig(flagsOf("convert", "-c", "node1"), {}, "/", true).autonomousNodes, undefined);
        assert.strictEqual(
            conversionConfig(flagsOf("convert", "-c", "node1"), { release: "v1.7.0" }, "/", true).autonomousNodes,
            undefined,
            "v1.7.0 keeps the component's default",
        );
        assert.deepStrictEqual(conversionConfig(flagsOf("convert", "-c", "node1", "-a", "node2"), {}, "/", true).autonomousNodes, ["node2"]);
        assert.strictEqual(conversionConfig(flagsOf("convert"), { autonomousNodes: '["node2"]' }, "/", false).autonomousNodes, undefined);
    });

    it("convert: --kubeadm-conf-path becomes kubeadmConfPath, and the plan's problem is reported under the flag", () => {
        assert.strictEqual(
            conversionConfig(flagsOf("convert", "--kubeadm-conf-path", "/etc/kubelet.d/10-kubeadm.conf"), {}, "/").kubeadmConfPath,
            "/etc/kubelet.d/10-kubeadm.conf",
        );
        assert.strictEqual(flagForSetting("kubeadmConfPath"), "kubeadm-conf-path");
    });

    it('convert: -a * is every edge node, written as the stack\'s ["*"]', () => {
        assert.deepStrictEqual(conversionConfig(flagsOf("convert", "-a", "*"), {}, "/").autonomousNodes, ["*"]);
    });

    it("convert: one image flag keeps the stack's other image overrides; batch size keeps the other rollout settings", () => {
        const current = { images: '{"yurthub":"my/yurthub:v1"}', rollout: '{"batchSize":2,"jobTimeout":"2m","backoffLimit":0}' };
        const set = conversionConfig(
            flagsOf("convert", "--node-servant-image", "my/node-servant:v2", "--batch-size", "5", "--wait-servant-job-timeout", "5m"),
            current,
            "/",
        );
        assert.deepStrictEqual(set.images, { yurthub: "my/yurthub:v1", nodeServant: "my/node-servant:v2" });
        assert.deepStrictEqual(set.rollout, { batchSize: 5, jobTimeout: "5m", backoffLimit: 0 });
    });

    it("--kubeconfig is stored as an absolute path", () => {
        assert.strictEqual(
            conversionConfig(flagsOf("convert", "--kubeconfig", "kc/admin.conf"), {}, "/home/op").kubeconfig,
            "/home/op/kc/admin.conf",
        );
        assert.strictEqual(conversionConfig(flagsOf("convert", "--kubeconfig", "/etc/k.conf"), {}, "/home/op").kubeconfig, "/etc/k.conf");
    });

    it("markautonomous adds to the set (yurtctl never un-marked); no list means every edge node", () => {
        const edge = ["node2", "node3", "node4"];
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous", "-a", "node3"), { autonomousNodes: '["node2"]' }, edge, "/"), {
            autonomousNodes: ["node2", "node3"],
        });
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous", "-a", "node2"), { autonomousNodes: '["node2"]' }, edge, "/"), {
            autonomousNodes: ["node2"],
        });
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous"), { autonomousNodes: '["node2"]' }, edge, "/"), { autonomousNodes: ["*"] });
        assert.deepStrictEqual(
            autonomyConfig(flagsOf("markautonomous", "-a", "node2"), { autonomousNodes: '["*"]' }, edge, "/"),
            { autonomousNodes: ["*"] },
            "already all",
        );
    });

    it("markautonomous --unset removes listed nodes, or all; from * it keeps the other edge nodes", () => {
        const edge = ["node2", "node3", "node4"];
        assert.deepStrictEqual(
            autonomyConfig(flagsOf("markautonomous", "--unset", "-a", "node2"), { autonomousNodes: '["node2","node3"]' }, edge, "/"),
            { autonomousNodes: ["node3"] },
        );
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous", "--unset"), { autonomousNodes: '["node2","node3"]' }, edge, "/"), {
            autonomousNodes: [],
        });
        assert.deepStrictEqual(autonomyConfig(flagsOf("markautonomous", "--unset", "-a", "node3"), { autonomousNodes: '["*"]' }, edge, "/"), {
            autonomousNodes: ["node2", "node4"],
        });
        assert.deepStrictEqual(
            autonomyConfig(flagsOf("markautonomous", "--unset", "-a", "node9"), { autonomousNodes: '["node2"]' }, edge, "/"),
            { autonomousNodes: ["node2"] },
            "unknown node: nothing to remove",
        );
    });

    it("autonomyOf reads the stack's setting", () => {
        assert.deepStrictEqual(autonomyOf(undefined), []);
        assert.deepStrictEqual(autonomyOf("[]"), []);
        assert.strictEqual(autonomyOf('["*"]'), "all");
        assert.deepStrictEqual(autonomyOf('["a","b"]'), ["a", "b"]);
    });

    it("changedKeys ignores values that are equal, whatever their key order", () => {
        const current = { provider: "ack", cloudNodes: '["node1"]', rollout: '{"jobTimeout":"2m","batchSize":2}' };
        assert.deepStrictEqual(changedKeys(current, { provider: "ack", cloudNodes: ["node1"], rollout: { batchSize: 2, jobTimeout: "2m" } }), []);
        assert.deepStrictEqual(changedKeys(current, { provider: "none", cloudNodes: ["node1", "node2"], autonomousNodes: [] }), [
            "provider",
            "cloudNodes",
            "autonomousNodes",
        ]);
    });

    it("writes set-all JSON that keeps lists and objects structured (typed schema)", () => {
        const json = JSON.parse(setAllJson({ cloudNodes: ["node1"], provider: "ack", rollout: { batchSize: 2 } }));
        assert.deepStrictEqual(json, {
            "pulumi-openyurt:cloudNodes": { value: '["node1"]', objectValue: ["node1"], secret: false },
            "pulumi-openyurt:provider": { value: "ack", secret: false },
            "pulumi-openyurt:rollout": { value: '{"batchSize":2}', objectValue: { batchSize: 2 }, secret: false },
        });
    });

    it("a preview copy of the stack file keeps the salt, secrets and comments, and replaces only the given keys", () => {
        const original = [
            "encryptionsalt: v1:abc",
            "config:",
            "  # the cloud",
            "  pulumi-openyurt:cloudNodes:",
            "    - node1",
            "  pulumi-openyurt:kubeconfig:",
            "    secure: v1:xyz",
            "  pulumi-openyurt:autonomousNodes:",
            "    - node2",
            "",
        ].join("\n");
        const text = stackFileWith(original, { autonomousNodes: ["node2", "node3"], provider: "ack" });
        const doc = parse(text);
        assert.strictEqual(doc.encryptionsalt, "v1:abc");
        assert.deepStrictEqual(doc.config["pulumi-openyurt:kubeconfig"], { secure: "v1:xyz" });
        assert.deepStrictEqual(doc.config["pulumi-openyurt:cloudNodes"], ["node1"]);
        assert.deepStrictEqual(doc.config["pulumi-openyurt:autonomousNodes"], ["node2", "node3"]);
        assert.strictEqual(doc.config["pulumi-openyurt:provider"], "ack");
        assert.match(text, /# the cloud/);
        assert.deepStrictEqual(parse(stackFileWith(undefined, { provider: "none" })), { config: { "pulumi-openyurt:provider": "none" } });
        assert.deepStrictEqual(parse(stackFileWith("encryptionsalt: s\n", { provider: "none" })), {
            encryptionsalt: "s",
            config: { "pulumi-openyurt:provider": "none" },
        });
        // replace (the e2e harness): exactly these project settings; other namespaces and the salt stay.
        const replaced = parse(
            stackFileWith(`${original}  kubernetes:context: other\n`, { provider: "none", edgeNodes: undefined }, { replace: true }),
        );
        assert.strictEqual(replaced.encryptionsalt, "v1:abc");
        assert.deepStrictEqual(replaced.config, { "kubernetes:context": "other", "pulumi-openyurt:provider": "none" });
    });

    it("reads the stack file as the program will: schema defaults, JSON for structures, secrets listed", () => {
        const { raw, secure } = rawFromStackFile(
            [
                "config:",
                "  pulumi-openyurt:cloudNodes: [node1]",
                "  pulumi-openyurt:provider: ack",
                "  pulumi-openyurt:rollout: {batchSize: 2}",
                "  pulumi-openyurt:kubeconfig: {secure: v1:xyz}",
                "  kubernetes:context: other",
            ].join("\n"),
            defaults,
        );
        assert.deepStrictEqual(secure, ["kubeconfig"]);
        assert.strictEqual(raw.cloudNodes, '["node1"]');
        assert.strictEqual(raw.provider, "ack");
        assert.strictEqual(raw.rollout, '{"batchSize":2}');
        assert.strictEqual(raw.autonomousNodes, "[]", "default");
        assert.strictEqual(raw.kubeconfig, undefined);
        assert.strictEqual(raw["kubernetes:context"], undefined);
        // What convert writes is what the program reads back.
        const merged = mergeRaw(raw, conversionConfig(flagsOf("convert", "-a", "*", "--node-servant-image", "x/node-servant:v1"), raw, "/"));
        const settings = readStackConfig(merged);
        assert.strictEqual(settings.conversion.autonomousNodes, "all");
        assert.deepStrictEqual(settings.conversion.images, { nodeServant: "x/node-servant:v1" });
        assert.strictEqual(settings.conversion.rollout?.batchSize, 2);
    });
});

describe("yurtctl config problems named by flag", () => {
    it("maps settings to the flags that set them", () => {
        assert.strictEqual(flagForSetting("cloudNodes[1]"), "cloud-nodes");
        assert.strictEqual(flagForSetting("images.nodeServant"), "node-servant-image");
        assert.strictEqual(flagForSetting("rollout.batchSize"), "batch-size");
        assert.strictEqual(flagForSetting("bootstrapTokenTtl"), undefined);
    });

    it("a value given as a flag is named by the flag; one from the stack file by its key and the flag that changes it", () => {
        const text = describeProblems(
            [
                { setting: "cloudNodes", message: 'node "node9" is not in the cluster', fix: "check the spelling" },
                { setting: "autonomousNodes", message: 'node "node1" is a cloud node', fix: "remove it" },
                { setting: "bootstrapTokenTtl", message: "too long", fix: "24h" },
            ],
            new Set(["cloud-nodes"]),
            "prod",
        );
        assert.match(text, /^3 problems; nothing was changed:\n/);
        assert.match(text, /\n {2}--cloud-nodes: node "node9" is not in the cluster\n {4}fix: check the spelling/);
        assert.match(text, /\n {2}autonomousNodes \(stack "prod" config; change it with --autonomous-nodes\): node "node1" is a cloud node/);
        assert.match(text, /\n {2}bootstrapTokenTtl \(stack "prod" config\): too long/);
    });
});
