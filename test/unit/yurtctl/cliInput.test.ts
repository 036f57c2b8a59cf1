import * as assert from "assert";
import { parseArgs } from "../../../cli/input/args";
import { requireConversionSettings, requireSameGeneration } from "../../../cli/commands/prepare";
import { statusRelease } from "../../../cli/commands/status";
import { conversionConfig } from "../../../cli/input/configEdit";
import { LocalPlan } from "../../../cli/input/localPlan";
import { describeProblems } from "../../../cli/input/problems";
import { previousFromState } from "../../../cli/engine/previous";
import { ConversionConfigError } from "../../../components/core/config/problems";
import { planEdgeCluster } from "../../../components/edgecluster/plan";
import { inventory, v0_6Kubernetes, v1_7Kubernetes } from "../../../support/inventory";
import { planProblems as planProblemsOf, statusProject, usageErrorOf } from "../cliFixtures";

/**
 * The CLI's input where OpenYurt v0.6.1 differs: its own flags' problems, --provider, the autonomy
 * a first yurtctl convert gave every edge node, and choosing it over v1.7.0 or keeping it. The
 * flag parsing and problem naming both generations share are in test/unit/cliArgs.test.ts.
 */

const flagsOf = (...argv: string[]) => parseArgs(argv).flags;

/** A v0.6.1 command line's problems as yurtctl names them, on a cluster it supports. */
const planProblems = (argv: string[]) => planProblemsOf(argv, { release: "v0.6.1", provider: "none", cloudNodes: '["node1"]' }, v0_6Kubernetes);

describe("yurtctl v0.6.1: flags, release choice and stack config", () => {
    it("v0.6.1's own flags: their values' problems are named by the flag", () => {
        const cases: Array<[string[], RegExp]> = [
            [["convert", "--provider", "aws"], /\n {2}--provider: unknown provider "aws"\n {4}fix: use one of: ack, kubeadm, none/],
            [
                ["convert", "-p", "minikube"],
                /\n {2}--provider: "minikube" was accepted by yurtctl but did nothing\n {4}fix: use one of ack, kubeadm, none \(none: node lifecycle is already disabled/,
            ],
            [
                ["convert", "--yurt-controller-manager-image", "Openyurt/YCM:v1"],
                /\n {2}--yurt-controller-manager-image: .*upper-case letters in its repository name/,
            ],
            [["convert", "--yurthub-healthcheck-timeout", "soon"], /\n {2}--yurthub-healthcheck-timeout: "soon" is not a duration/],
            [["convert", "--batch-size", "0"], /\n {2}--batch-size: 0 is not a whole number of nodes ≥ 1\n/],
        ];
        for (const [argv, re] of cases) {
            assert.match(planProblems(argv) ?? "(taken)", re, argv.join(" "));
        }
        assert.strictEqual(planProblems(["convert", "-a", "*", "--batch-size", "2", "--yurthub-healthcheck-timeout", "90s"]), undefined);
    });

    it("--provider is required for v0.6.1 (it hands node lifecycle over)", () => {
        assert.match(
            usageErrorOf(() => requireConversionSettings({ cloudNodes: '["node1"]', release: "v0.6.1" }, "s")),
            /--provider \(ack, kubeadm or none; release v0\.6\.1 hands node lifecycle over\) is required/,
        );
        requireConversionSettings({ cloudNodes: '["node1"]', release: "v0.6.1", provider: "none" }, "s");
    });

    it("convert --release v0.6.1: a stack's first conversion without -a marks every edge node autonomous, as yurtctl v0.6.1 did; later runs keep the setting", () => {
        assert.deepStrictEqual(conversionConfig(flagsOf("convert", "-c", "node1", "--release", "v0.6.1"), {}, "/", true).autonomousNodes, ["*"]);
        assert.deepStrictEqual(conversionConfig(flagsOf("convert", "-c", "node1"), { release: "v0.6.1" }, "/", true).autonomousNodes, ["*"]);
        assert.deepStrictEqual(
            conversionConfig(flagsOf("convert", "-c", "node1", "--release", "v0.6.1", "-a", "node2"), {}, "/", true).autonomousNodes,
            ["node2"],
        );
        assert.strictEqual(
            conversionConfig(flagsOf("convert", "-c", "node1"), { release: "v0.6.1" }, "/", false).autonomousNodes,
            undefined,
            "a later run keeps the stack's setting",
        );
    });

    it("v0.6.1 on Kubernetes 1.34: the plan's refusal named by --release, the fix in flags; with the override only a note", () => {
        const fleet = inventory(["node1", "node2"], { version: v1_7Kubernetes });
        const spec = { cloudNodes: ["node1"], provider: "ack", release: "v0.6.1" };
        let problems;
        try {
            planEdgeCluster(spec, fleet);
        } catch (e) {
            problems = (e as ConversionConfigError).problems;
        }
        assert.ok(problems, "refused");
        const text = describeProblems(problems!, new Set(["release"]), "demo");
        assert.match(
            text,
            /^1 problem; nothing was changed:\n {2}--release: OpenYurt v0\.6\.1 supports Kubernetes 1\.12–1\.21 .*the cluster runs v1\.34\.4\n {4}fix: use --release v1\.7\.0, .*add --allow-unsupported-kubernetes$/,
        );
        assert.match(describeProblems(problems!, new Set(), "demo"), /release \(stack "demo" config; change it with --release\): OpenYurt v0\.6\.1/);
        const plan = planEdgeCluster({ ...spec, allowUnsupportedKubernetes: true }, fleet);
        assert.strictEqual(plan.release.generation, "yurtctl");
        assert.match(plan.notes.join("\n"), /going on because allowUnsupportedKubernetes is true/);
    });

    it("a stack converted with v0.6.1 is not switched to v1.7.0 in place", () => {
        const fleet = inventory(["node1", "node2"], { version: v1_7Kubernetes });
        const local = { plan: planEdgeCluster({ cloudNodes: ["node1"] }, fleet) } as unknown as LocalPlan;
        const old = previousFromState([
            {
                type: "pulumi-nodejs:dynamic:RevertJobs",
                urn: "urn:pulumi:s::p::openyurt:index:EdgeCluster$pulumi-nodejs:dynamic/openyurt:RevertJobs::openyurt-revert",
            },
        ]);
        assert.strictEqual(old.generation, "yurtctl");
        assert.match(
            usageErrorOf(() => requireSameGeneration(local, old, "demo", new Set(["release"]))),
            /^--release: stack "demo" is converted with OpenYurt v0\.6\.1 \(yurtctl\), and v1\.7\.0 would install beside it; keep v0\.6\.1 with --release v0\.6\.1, or revert it first/,
        );
        assert.match(
            usageErrorOf(() => requireSameGeneration(local, old, "demo", new Set())),
            /^release \(stack "demo" config, or the default\): /,
        );
    });

    it("status reads the release: --release over the stack's, the stack's over the project's default", () => {
        const project = statusProject;
        assert.strictEqual(statusRelease(project, "config:\n  pulumi-openyurt:release: v0.6.1\n", undefined, "s").release.version, "v0.6.1");
        assert.strictEqual(statusRelease(project, "config:\n  pulumi-openyurt:release: v0.6.1\n", "v1.7.0", "s").release.version, "v1.7.0");
        assert.strictEqual(statusRelease(project, undefined, "v0.6.1", "s").release.version, "v0.6.1");
    });
});
