import * as assert from "assert";
import { commandSpecs, flagSpecs, parseArgs } from "../../cli/args";
import { commandHelp } from "../../cli/help";
import { usageError } from "./cliFixtures";

describe("yurtctl flag parsing", () => {
    it("reads yurtctl's convert flags, long and short, in every value form", () => {
        const { command, flags, given } = parseArgs([
            "convert", "--cloud-nodes", "node1,node2", "-p", "ack", "-a=node3", "--yurthub-image=openyurt/yurthub:v0.6.1",
            "--yurt-controller-manager-image", "openyurt/yurt-controller-manager:v0.6.1", "--node-servant-image", "reg.local:5000/openyurt/node-servant@sha256:" + "a".repeat(64),
            "--kubeconfig", "/tmp/kc", "--stack", "prod", "--batch-size", "10", "--yes",
        ]);
        assert.strictEqual(command, "convert");
        assert.deepStrictEqual(flags.cloudNodes, ["node1", "node2"]);
        assert.strictEqual(flags.provider, "ack");
        assert.deepStrictEqual(flags.autonomousNodes, ["node3"]);
        assert.deepStrictEqual(flags.images, {
            yurthub: "openyurt/yurthub:v0.6.1",
            yurtControllerManager: "openyurt/yurt-controller-manager:v0.6.1",
            nodeServant: "reg.local:5000/openyurt/node-servant@sha256:" + "a".repeat(64),
        });
        assert.strictEqual(flags.kubeconfig, "/tmp/kc");
        assert.strictEqual(flags.stack, "prod");
        assert.strictEqual(flags.batchSize, 10);
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
        assert.deepStrictEqual(flags.cloudNodes, ["node1"]);
        assert.deepStrictEqual(flags.edgeNodes, ["node2", "node3", "node4"]);
        assert.strictEqual(flags.autonomousNodes, "all");
    });

    it("maps yurtctl's timeout flags to durations and checks them", () => {
        const { flags } = parseArgs(["convert", "--wait-servant-job-timeout", "5m", "--yurthub-healthcheck-timeout", "90s"]);
        assert.strictEqual(flags.jobTimeout, "5m");
        assert.strictEqual(flags.yurthubHealthCheckTimeout, "90s");
        assert.match(usageError(["convert", "--wait-servant-job-timeout", "5 minutes"]), /^--wait-servant-job-timeout: "5 minutes" is not a duration/);
    });

    it("markautonomous: --unset, and the list is optional", () => {
        assert.strictEqual(parseArgs(["markautonomous"]).flags.autonomousNodes, undefined);
        const { flags } = parseArgs(["markautonomous", "-a", "node2", "--unset"]);
        assert.deepStrictEqual(flags.autonomousNodes, ["node2"]);
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
            [["convert", "--batch-size", "0"], /^--batch-size: "0" is not a whole number of nodes ≥ 1/],
            [["convert", "--batch-size", "-3"], /^--batch-size: "-3" is not a whole number/],
            [["convert", "--batch-size", "2.5"], /^--batch-size: "2.5"/],
            [["convert", "--batch-size", "all"], /^--batch-size: "all"/],
            [["convert", "--provider", "aws"], /^--provider: unknown provider "aws"; use one of ack, kubeadm, none/],
            [["convert", "-p", "minikube"], /^--provider: "minikube" was accepted by yurtctl but did nothing/],
            [["convert", "--yurthub-image", "openyurt/yurthub"], /^--yurthub-image: "openyurt\/yurthub" has no tag/],
            [["convert", "--node-servant-image", "openyurt/node-servant:latest"], /^--node-servant-image: .*moving tag ":latest"/],
            [["convert", "--yurt-controller-manager-image", "Openyurt/YCM:v1"], /^--yurt-controller-manager-image: .*upper-case letters in its repository name/],
            [["convert", "-c", "Node_1"], /^--cloud-nodes: "Node_1" is not a valid node name/],
            [["convert", "-c", "node1,,node2"], /^--cloud-nodes: empty node name in "node1,,node2"/],
            [["convert", "-c", "node1,node1"], /^--cloud-nodes: node "node1" is listed more than once/],
            [["convert", "-c", "node1", "-a", "node1"], /^--autonomous-nodes: node "node1" is also given in --cloud-nodes/],
            [["convert", "-c", "node1", "--edge-nodes", "node1"], /^--edge-nodes: node "node1" is also given in --cloud-nodes/],
            [["convert", "--stack", "a b"], /^--stack: "a b" is not a stack name/],
            [["convert", "-p", "ack", "-p", "none"], /^-p is given twice \("ack" and "none"\)/],
            [["convert", "--yes=maybe"], /^--yes takes no value/],
            [["convert", "node1"], /^unexpected argument "node1": yurtctl convert takes flags only \(node lists go in a flag, e.g. --cloud-nodes node1\)/],
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
