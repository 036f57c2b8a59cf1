import * as assert from "assert";
import { commandOf, commandSpecs, completionShellOf, flagSpecs, ownFlags, parseArgs, readTokens, settingFlags } from "../../cli/input/args";
import { UsageError } from "../../cli/input/errors";
import { commandHelp } from "../../cli/input/help";
import { planProblems as planProblemsOf, usageError } from "./cliFixtures";
import { v1_7Kubernetes } from "../../support/inventory";

/** A command line's problems as yurtctl names them, default release, supported cluster (v0.6.1's own flags: yurtctl/cliInput.test.ts). */
const planProblems = (argv: string[]) => planProblemsOf(argv, { cloudNodes: '["node1"]' }, v1_7Kubernetes);

describe("yurtctl flag parsing", () => {
    it("reads yurtctl's convert flags, long and short, in every value form", () => {
        const { command, flags, given } = parseArgs([
            "convert",
            "--cloud-nodes",
            "node1,node2",
            "-p",
            "ack",
            "-a=node3",
            "--yurthub-image=openyurt/yurthub:v0.6.1",
            "--yurt-controller-manager-image",
            "openyurt/yurt-controller-manager:v0.6.1",
            "--node-servant-image",
            "reg.local:5000/openyurt/node-servant@sha256:" + "a".repeat(64),
            "--kubeconfig",
            "/tmp/kc",
            "--stack",
            "prod",
            "--batch-size",
            "10",
            "--yes",
        ]);
        assert.strictEqual(command, "convert");
        assert.deepStrictEqual(flags.settings, {
            cloudNodes: ["node1", "node2"],
            provider: "ack",
            autonomousNodes: ["node3"],
            "images.yurthub": "openyurt/yurthub:v0.6.1",
            "images.yurtControllerManager": "openyurt/yurt-controller-manager:v0.6.1",
            "images.nodeServant": "reg.local:5000/openyurt/node-servant@sha256:" + "a".repeat(64),
            "rollout.batchSize": 10,
            kubeconfig: "/tmp/kc",
        });
        assert.strictEqual(flags.stack, "prod");
        assert.strictEqual(flags.yes, true);
        assert.ok(given.has("cloud-nodes") && given.has("autonomous-nodes") && !given.has("edge-nodes"));
    });

    it("defaults: stack local, table output, no confirmation skipped", () => {
        const { flags } = parseArgs(["status"]);
        assert.strictEqual(flags.stack, "local");
        assert.strictEqual(flags.output, "table");
        assert.strictEqual(flags.yes, false);
        assert.strictEqual(flags.projectDir, undefined);
    });

    it("takes -cnode1 (cobra style), repeated list flags and * for every edge node", () => {
        const { flags } = parseArgs(["convert", "-cnode1", "-p", "none", "--edge-nodes", "node2", "--edge-nodes", "node3,node4", "-a", "*"]);
        assert.deepStrictEqual(flags.settings.cloudNodes, ["node1"]);
        assert.deepStrictEqual(flags.settings.edgeNodes, ["node2", "node3", "node4"]);
        assert.deepStrictEqual(flags.settings.autonomousNodes, ["*"], "as the stack holds it");
    });

    it("maps yurtctl's timeout flags to their settings, as given (the plan checks them)", () => {
        const { flags } = parseArgs(["convert", "--wait-servant-job-timeout", "5m", "--yurthub-healthcheck-timeout", "90s"]);
        assert.deepStrictEqual(flags.settings, { "rollout.jobTimeout": "5m", yurthubHealthCheckTimeout: "90s" });
    });

    it("markautonomous: --unset, and the list is optional", () => {
        assert.strictEqual(parseArgs(["markautonomous"]).flags.settings.autonomousNodes, undefined);
        const { flags } = parseArgs(["markautonomous", "-a", "node2", "--unset"]);
        assert.deepStrictEqual(flags.settings.autonomousNodes, ["node2"]);
        assert.strictEqual(flags.unset, true);
    });

    it("project dir from --project-dir or YURTCTL_PROJECT_DIR (flag wins)", () => {
        assert.strictEqual(parseArgs(["plan"], { YURTCTL_PROJECT_DIR: "/env" }).flags.projectDir, "/env");
        assert.strictEqual(parseArgs(["plan", "--project-dir", "/flag"], { YURTCTL_PROJECT_DIR: "/env" }).flags.projectDir, "/flag");
    });

    it("names the flag of every bad value", () => {
        const cases: Array<[string[], RegExp]> = [
            [["convert", "--clod-nodes", "node1"], /^unknown flag --clod-nodes for yurtctl convert \(did you mean --cloud-nodes\?\)/],
            [["convert", "-x"], /^unknown flag -x for yurtctl convert/],
            [["convert", "--cloud-nodes"], /^--cloud-nodes needs a value \(NODES\)/],
            [["convert", "-c", "--provider", "ack"], /^-c needs a value/],
            [["convert", "--batch-size", "2.5"], /^--batch-size: "2.5" is not a whole number/],
            [["convert", "--batch-size", "all"], /^--batch-size: "all"/],
            [["convert", "-c", "node1,,node2"], /^--cloud-nodes: empty node name in "node1,,node2"/],
            [["convert", "--stack", "a b"], /^--stack: "a b" is not a stack name/],
            [["convert", "-p", "ack", "-p", "none"], /^-p is given twice \("ack" and "none"\)/],
            [["convert", "--yes=maybe"], /^--yes takes no value/],
            [
                ["convert", "node1"],
                /^unexpected argument "node1": yurtctl convert takes flags only \(node lists go in a flag, e.g. --cloud-nodes node1\)/,
            ],
            [["status", "--output", "yaml"], /^--output: "yaml" is not a format; use table or json/],
            [["status", "--kubeconfig", ""], /^--kubeconfig: empty path/],
            [["revert", "--cloud-nodes", "node1"], /^--cloud-nodes is not a flag of yurtctl revert \(it belongs to convert, plan\)/],
            [["revert", "--kubeconfig", "/k"], /^--kubeconfig is not a flag of yurtctl revert: revert runs the revert Jobs and credentials recorded/],
            [["status", "--yes"], /^--yes is not a flag of yurtctl status \(it belongs to convert, markautonomous, revert, unlock\)/],
            [["plan", "--yes"], /^--yes is not a flag of yurtctl plan/],
            [["convert", "--deploy-yurttunnel"], /^--deploy-yurttunnel is a yurtctl flag this CLI does not take: yurt-tunnel/],
            [["convert", "-t"], /^-t \(--deploy-yurttunnel\) is a yurtctl flag this CLI does not take/],
            [["convert", "--yurtctl-servant-image", "x:v1"], /use --node-servant-image/],
            [["conver"], /^unknown command "conver" \(did you mean convert\?\)/],
            [["--cloud-nodes", "node1"], /^no command given before --cloud-nodes; write yurtctl <command> \[flags\]/],
        ];
        for (const [argv, re] of cases) {
            assert.match(usageError(argv), re, argv.join(" "));
        }
    });

    it("leaves the values to the plan, whose problems are named by the flag that gave them", () => {
        const cases: Array<[string[], RegExp]> = [
            [["convert", "--batch-size", "0"], /\n {2}--batch-size: 0 is not a whole number of nodes ≥ 1\n/],
            [["convert", "--batch-size", "-3"], /\n {2}--batch-size: -3 is not a whole number/],
            [["convert", "--yurthub-image", "openyurt/yurthub"], /\n {2}--yurthub-image: "openyurt\/yurthub" has no tag/],
            [["convert", "--node-servant-image", "openyurt/node-servant:latest"], /\n {2}--node-servant-image: .*moving tag ":latest"/],
            [["convert", "--yurt-manager-image", "Openyurt/YM:v1"], /\n {2}--yurt-manager-image: .*upper-case letters in its repository name/],
            [["convert", "--wait-servant-job-timeout", "5 minutes"], /\n {2}--wait-servant-job-timeout: "5 minutes" is not a duration/],
            [["convert", "-c", "Node_1"], /\n {2}--cloud-nodes: "Node_1" is not a valid node name/],
            [["convert", "-c", "node1,node1"], /\n {2}--cloud-nodes: node "node1" is listed more than once/],
            [["convert", "-c", "node1", "-a", "node1"], /\n {2}--autonomous-nodes: node "node1" is a cloud node; only edge nodes can be autonomous/],
            [["convert", "-c", "node1", "--edge-nodes", "node1"], /\n {2}--edge-nodes: node "node1" is listed both as cloud and as edge node/],
            [["convert", "-a", "node2,*"], /\n {2}--autonomous-nodes: "\*" is not a valid node name/],
        ];
        for (const [argv, re] of cases) {
            assert.match(planProblems(argv) ?? "(taken)", re, argv.join(" "));
        }
        assert.strictEqual(planProblems(["convert", "-a", "*", "--batch-size", "2", "--wait-servant-job-timeout", "90s"]), undefined);
    });

    it("every command's flags exist, and help lists the visible ones with their short forms", () => {
        for (const [name, spec] of Object.entries(commandSpecs)) {
            for (const f of spec.flags) {
                assert.ok(flagSpecs[f], `${name}: flag ${f}`);
            }
            const help = commandHelp(name as keyof typeof commandSpecs);
            assert.match(help, new RegExp(`^yurtctl ${name}: `));
            assert.ok(!help.includes("--project-dir"), "hidden flag not in help");
        }
        assert.match(commandHelp("convert"), /-c, --cloud-nodes NODES/);
        assert.match(commandHelp("markautonomous"), /--unset/);
    });
});

describe("parseArgs's named steps", () => {
    const refused = (f: () => unknown): string => {
        try {
            f();
        } catch (e) {
            assert.ok(e instanceof UsageError, `expected a UsageError, got ${e}`);
            return e.message;
        }
        assert.fail("expected a UsageError");
    };

    it("commandOf: the command word and the rest; `help X` is `X --help`; an unknown word is refused with a suggestion", () => {
        assert.deepStrictEqual(commandOf(["convert", "-c", "node1"]), { command: "convert", rest: ["-c", "node1"] });
        assert.deepStrictEqual(commandOf(["help", "revert"]), { command: "revert", rest: ["--help"] });
        assert.deepStrictEqual(commandOf(["--version"]), { rest: ["--version"] });
        assert.match(
            refused(() => commandOf(["convrt"])),
            /unknown command "convrt" \(did you mean convert\?\)/,
        );
    });

    it("readTokens: values, repeated lists, booleans, the positional argument, and what it refuses", () => {
        const t = readTokens(["-c", "node1", "--cloud-nodes=node2", "-y", "--stack", "dev"], "convert");
        assert.deepStrictEqual([...t.given].sort(), ["cloud-nodes", "stack", "yes"]);
        assert.deepStrictEqual(t.lists["cloud-nodes"], ["node1", "node2"]);
        assert.deepStrictEqual([t.values.yes, t.values.stack, t.argument], ["true", "dev", undefined]);
        assert.strictEqual(readTokens(["bash"], "completion").argument, "bash");
        assert.match(
            refused(() => readTokens(["--stack", "a", "--stack", "b"], "convert")),
            /--stack is given twice \("a" and "b"\)/,
        );
        assert.match(
            refused(() => readTokens(["--stack"], "convert")),
            /--stack needs a value/,
        );
        assert.match(
            refused(() => readTokens(["--yes=maybe"], "convert")),
            /--yes takes no value \(got "maybe"\)/,
        );
        assert.match(
            refused(() => readTokens(["node2"], "convert")),
            /unexpected argument "node2".*--cloud-nodes node2/,
        );
    });

    it("completionShellOf: required and one of the shells for `completion`, nothing for other commands", () => {
        assert.strictEqual(completionShellOf("completion", "zsh"), "zsh");
        assert.strictEqual(completionShellOf("convert", undefined), undefined);
        assert.match(
            refused(() => completionShellOf("completion", undefined)),
            /yurtctl completion needs a SHELL: bash or zsh \(e.g. yurtctl completion bash\)/,
        );
        assert.match(
            refused(() => completionShellOf("completion", "fish")),
            /"fish" is not a SHELL; use bash or zsh/,
        );
    });

    it("ownFlags: defaults, the project folder from the environment, and the CLI's own refusals", () => {
        assert.deepStrictEqual(ownFlags({}, {}), { stack: "local", yes: false, verbose: false, output: "table", version: false, unset: false });
        assert.strictEqual(ownFlags({}, { YURTCTL_PROJECT_DIR: "/p" }).projectDir, "/p");
        assert.strictEqual(ownFlags({ "project-dir": "/q" }, { YURTCTL_PROJECT_DIR: "/p" }).projectDir, "/q", "the flag wins");
        assert.strictEqual(ownFlags({ output: "json" }, {}).output, "json");
        assert.match(
            refused(() => ownFlags({ stack: "no spaces" }, {})),
            /--stack: "no spaces" is not a stack name/,
        );
        assert.match(
            refused(() => ownFlags({ output: "yaml" }, {})),
            /--output: "yaml" is not a format; use table or json/,
        );
        assert.match(
            refused(() => ownFlags({ context: " " }, {})),
            /--context: empty name/,
        );
    });

    it("settingFlags: setting flags by setting key, as given (the plan checks the values)", () => {
        const s = settingFlags({ values: { "batch-size": "2", release: "v0.6.1" }, lists: { "cloud-nodes": ["node1,node2", "node3"] } });
        assert.deepStrictEqual(s, { cloudNodes: ["node1", "node2", "node3"], release: "v0.6.1", "rollout.batchSize": 2 });
        assert.deepStrictEqual(settingFlags({ values: { stack: "dev" }, lists: {} }), {}, "the CLI's own flags are not settings");
    });
});
