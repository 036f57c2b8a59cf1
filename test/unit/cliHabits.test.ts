import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { defaultRelease, releases } from "../../components/core/release";
import { commandNames, commandSpecs, flagSpecs, parseArgs } from "../../cli/input/args";
import { paint, paintProgress, paintSummary } from "../../cli/output/colour";
import { report } from "../../cli/flow/outcome";
import { bashCompletion, completedFlags, zshCompletion } from "../../cli/input/completion";
import { autonomyConfig, conversionConfig } from "../../cli/input/configEdit";
import { colourFor } from "../../cli/output/io";
import { loadClusterKubeconfig, readSettings } from "../../cli/input/localPlan";
import { main } from "../../cli/main";
import { flagForSetting, problemSubject } from "../../cli/input/problems";
import { SummaryRow } from "../../cli/output/summary";
import { installedVersion, renderVersions, versions } from "../../cli/engine/versions";
import { fakeIo, sessionOf, usageError } from "./cliFixtures";

const ESC = "\x1b[";
const repoRoot = path.resolve(__dirname, "..", "..");

describe("yurtctl grouped short flags (getopt)", () => {
    it("-yv is -y -v; a value flag ends the group and takes the rest of it or the next argument", () => {
        const a = parseArgs(["convert", "-yv"]).flags;
        assert.strictEqual(a.yes, true);
        assert.strictEqual(a.verbose, true);
        assert.deepStrictEqual(parseArgs(["convert", "-yvc", "node1"]).flags.settings.cloudNodes, ["node1"]);
        const b = parseArgs(["convert", "-ycnode1,node2"]).flags;
        assert.strictEqual(b.yes, true);
        assert.deepStrictEqual(b.settings.cloudNodes, ["node1", "node2"]);
        assert.deepStrictEqual(parseArgs(["convert", "-yc=node1"]).flags.settings.cloudNodes, ["node1"]);
        const c = parseArgs(["markautonomous", "-yvs", "prod", "-ao"]);
        assert.strictEqual(c.flags.stack, "prod");
        assert.deepStrictEqual(c.flags.settings.autonomousNodes, ["o"], '-ao: the rest of the group is -a\'s value (a node "o"), as getopt reads it');
        assert.ok(c.given.has("yes") && c.given.has("verbose") && c.given.has("stack"));
        // A boolean may still end a group with =false.
        assert.strictEqual(parseArgs(["convert", "-vy=false"]).flags.yes, false);
        assert.strictEqual(parseArgs(["-hv"]).flags.help, true);
    });

    it("names the letter that is wrong, and the group it is in", () => {
        assert.match(usageError(["convert", "-yx"]), /^unknown flag -x for yurtctl convert \(in -yx\); see `yurtctl convert --help`$/);
        assert.match(usageError(["convert", "-vya"]), /^-a needs a value \(NODES\)/);
        assert.match(usageError(["convert", "-yt"]), /^-t \(--deploy-yurttunnel\) is a yurtctl flag this CLI does not take \(in -yt\)/);
        assert.match(usageError(["status", "-yo", "json"]), /^-y is not a flag of yurtctl status \(it belongs to /);
        assert.match(usageError(["convert", "-y=maybe"]), /^-y takes no value \(got "maybe"\)/);
        assert.match(usageError(["-vc", "node1"]), /^no command given before -vc; write yurtctl <command> \[flags\]/);
    });
});

describe("yurtctl --context", () => {
    it("is parsed where --kubeconfig is, refused empty, and refused by revert like --kubeconfig", () => {
        for (const command of ["convert", "plan", "markautonomous", "status"]) {
            assert.strictEqual(parseArgs([command, "--context", "prod-admin"]).flags.settings.kubeconfigContext, "prod-admin", command);
        }
        assert.match(usageError(["convert", "--context", " "]), /^--context: empty name; give a context of the kubeconfig/);
        assert.match(
            usageError(["revert", "--context", "x"]),
            /^--context is not a flag of yurtctl revert: revert runs the revert Jobs and credentials recorded/,
        );
        assert.match(usageError(["convert", "--contxt", "x"]), /did you mean --context\?/);
    });

    it("is written as kubeconfigContext by convert, plan and markautonomous; problems with it are named --context", () => {
        const flags = parseArgs(["convert", "--kubeconfig", "k.yaml", "--context", "edge-admin"]).flags;
        assert.deepStrictEqual(conversionConfig(flags, {}, "/work"), { kubeconfig: "/work/k.yaml", kubeconfigContext: "edge-admin" });
        const m = parseArgs(["markautonomous", "--context", "edge-admin"]).flags;
        assert.strictEqual(autonomyConfig(m, {}, [], "/work").kubeconfigContext, "edge-admin");
        assert.strictEqual(
            conversionConfig(parseArgs(["convert"]).flags, {}, "/work").kubeconfigContext,
            undefined,
            "not given: the stack keeps its value",
        );
        assert.strictEqual(flagForSetting("kubeconfigContext"), "context");
        const p = { setting: "kubeconfigContext", message: "m", fix: "f" };
        assert.strictEqual(problemSubject(p, new Set(["context"]), "s"), "--context");
        assert.strictEqual(problemSubject(p, new Set(), "s"), 'kubeconfigContext (stack "s" config; change it with --context)');
        assert.match(commandSpecs.convert.flags.join(" "), /\bcontext\b/);
    });

    describe("the CLI's own reads use the context", () => {
        let dir: string;
        let server: http.Server;
        let url: string;
        const requests: string[] = [];
        before(async () => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-context-"));
            server = http.createServer((req, res) => {
                requests.push(req.url ?? "");
                res.setHeader("content-type", "application/json");
                if (req.url?.startsWith("/api/v1/nodes")) {
                    res.end(
                        JSON.stringify({
                            items: [{ metadata: { name: "node1", labels: {} }, status: { conditions: [{ type: "Ready", status: "True" }] } }],
                        }),
                    );
                } else if (req.url?.startsWith("/apis/batch/v1/")) {
                    res.end(JSON.stringify({ items: [] }));
                } else {
                    res.statusCode = 404;
                    res.end(JSON.stringify({ kind: "Status", code: 404 }));
                }
            });
            await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
            url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
            // current-context points at a port nothing listens on; "good" at the fake API server.
            fs.writeFileSync(
                path.join(dir, "kubeconfig"),
                stringify({
                    apiVersion: "v1",
                    kind: "Config",
                    "current-context": "broken",
                    clusters: [
                        { name: "dead", cluster: { server: "http://127.0.0.1:9" } },
                        { name: "live", cluster: { server: url } },
                    ],
                    users: [{ name: "u", user: { token: "t" } }],
                    contexts: [
                        { name: "broken", context: { cluster: "dead", user: "u" } },
                        { name: "good", context: { cluster: "live", user: "u" } },
                    ],
                }),
            );
            fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            fs.mkdirSync(path.join(dir, "stacks"));
            fs.writeFileSync(
                path.join(dir, "stacks", "Pulumi.ctx.yaml"),
                stringify({ config: { "pulumi-openyurt:kubeconfig": path.join(dir, "kubeconfig"), "pulumi-openyurt:kubeconfigContext": "good" } }),
            );
        });
        after(() => {
            server.close();
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("localPlan loads the stack's kubeconfigContext, not the current-context", () => {
            const opts = { stack: "s", given: new Set<string>(), env: {} };
            const settings = readSettings({ kubeconfig: path.join(dir, "kubeconfig"), kubeconfigContext: "good", cloudNodes: '["node1"]' }, opts);
            const loaded = loadClusterKubeconfig(settings, opts);
            assert.strictEqual(loaded.connection.context, "good");
            assert.strictEqual(loaded.connection.server, url);
            const current = loadClusterKubeconfig(readSettings({ kubeconfig: path.join(dir, "kubeconfig"), cloudNodes: '["node1"]' }, opts), opts);
            assert.strictEqual(current.connection.context, "broken", "without it: the current-context");
        });

        it("an unknown context: exit 3, named by --context when the flag gave it", () => {
            const given = new Set(["context"]);
            const settings = readSettings(
                { kubeconfig: path.join(dir, "kubeconfig"), kubeconfigContext: "nosuch", cloudNodes: '["node1"]' },
                { stack: "s", given, env: {} },
            );
            assert.throws(
                () => loadClusterKubeconfig(settings, { stack: "s", given, env: {} }),
                (e: any) => e.exitCode === 3 && /^--context: .*nosuch/.test(e.message),
            );
        });

        it("status reads the cluster of the stack's context, or of --context", async () => {
            const env = { YURTCTL_PROJECT_DIR: dir };
            const io = fakeIo({ env });
            assert.strictEqual(await main(["status", "--stack", "ctx", "-o", "json"], io), 0, io.stderr);
            const json = JSON.parse(io.stdout);
            assert.strictEqual(json.context, "good");
            assert.strictEqual(json.server, url);
            assert.deepStrictEqual(
                json.nodes.map((n: any) => n.name),
                ["node1"],
            );
            const broken = fakeIo({ env });
            assert.strictEqual(await main(["status", "--stack", "ctx", "--context", "broken"], broken), 3, "--context wins over the stack's");
            assert.match(broken.stderr, /127\.0\.0\.1:9/);
        });
    });
});

describe("yurtctl version", () => {
    let bin: string;
    before(() => {
        bin = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-path-"));
        fs.writeFileSync(path.join(bin, "pulumi"), '#!/bin/sh\n[ "$1" = version ] && echo v9.8.7\n', { mode: 0o755 });
    });
    after(() => fs.rmSync(bin, { recursive: true, force: true }));

    it("project, default release (from components/release), the pulumi on PATH, the installed provider", async () => {
        const v = await versions({ PATH: bin });
        assert.strictEqual(v.yurtctl, JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).version);
        assert.deepStrictEqual(v.openyurt, { default: defaultRelease.version, releases: Object.keys(releases) });
        assert.deepStrictEqual(v.pulumi, { version: "v9.8.7", path: path.join(bin, "pulumi") });
        assert.match(v.kubernetesProvider ?? "", /^\d+\.\d+\.\d+$/);
        assert.strictEqual(v.kubernetesProvider, installedVersion("@pulumi/kubernetes"));
        assert.strictEqual(v.cli.mode, "ts-node", "the tests run the sources");
        const text = renderVersions(v);
        assert.match(text, /^Pulumi engine: +v9\.8\.7 \(/m);
        assert.match(text, new RegExp(`^OpenYurt: +${defaultRelease.version} \\(default\\)`, "m"));
    });

    it('no pulumi on PATH: "not found" and how to get one; yurtctl --version and yurtctl version -o json', async () => {
        const none = await versions({ PATH: "/nonexistent" });
        assert.strictEqual(none.pulumi, null);
        assert.match(renderVersions(none), /^Pulumi engine: +not found \(no pulumi on PATH/m);
        const io = fakeIo({ env: { PATH: bin } });
        assert.strictEqual(await main(["--version"], io), 0);
        assert.match(io.stdout, /^yurtctl: +\d+\.\d+\.\d+ /);
        const j = fakeIo({ env: { PATH: bin } });
        assert.strictEqual(await main(["version", "-o", "json"], j), 0);
        assert.strictEqual(JSON.parse(j.stdout).pulumi.version, "v9.8.7");
        assert.match(usageError(["convert", "--version"]), /^--version is not a flag of yurtctl convert \(yurtctl --version or yurtctl version/);
    });
});

describe("yurtctl colour", () => {
    it("only on a terminal, and never with NO_COLOR set to anything", () => {
        assert.strictEqual(colourFor({ isTTY: true }, {}), true);
        assert.strictEqual(colourFor({ isTTY: true }, { NO_COLOR: "1" }), false);
        assert.strictEqual(colourFor({ isTTY: true }, { NO_COLOR: "" }), true, "an empty NO_COLOR does not count (no-color.org)");
        assert.strictEqual(colourFor({ isTTY: false }, {}), false);
        assert.strictEqual(colourFor({}, {}), false);
    });

    it("failed lines red, finished ones green, others and colourless output unchanged", () => {
        assert.strictEqual(
            paintProgress("[  34.6s] node2: ConvertFailed after 2.0s (batch 1/2): boom", true),
            `${ESC}31m[  34.6s] node2: ConvertFailed after 2.0s (batch 1/2): boom${ESC}0m`,
        );
        assert.strictEqual(
            paintProgress("[   9.0s] batch 1/2 FAILED: 0 converted, 1 failed; later batches do not start", true).startsWith(`${ESC}31m`),
            true,
        );
        assert.strictEqual(paintProgress("[   2.0s] error: the API server said no", true).startsWith(`${ESC}31m`), true);
        assert.strictEqual(paintProgress("[  34.6s] node2: converted in 2.0s (batch 1/2)", true).startsWith(`${ESC}32m`), true);
        assert.strictEqual(paintProgress("[  34.6s] batch 1/2 done: 1 converted", true).startsWith(`${ESC}32m`), true);
        assert.strictEqual(
            paintProgress("[  32.6s] node2: labelled into NodePool edge (batch 1/2)", true),
            "[  32.6s] node2: labelled into NodePool edge (batch 1/2)",
        );
        assert.strictEqual(paintProgress("[  34.6s] node2: converted in 2.0s", false), "[  34.6s] node2: converted in 2.0s");
        const table = "NODE   RESULT\nnode1  converted\nnode2  FAILED\nnode3  not reached\nnode4  unchanged\n";
        const painted = paintSummary(table, ["converted", "FAILED", "not reached", "unchanged"], true).split("\n");
        assert.deepStrictEqual(painted, [
            `${ESC}1mNODE   RESULT${ESC}0m`,
            `${ESC}32mnode1  converted${ESC}0m`,
            `${ESC}31mnode2  FAILED${ESC}0m`,
            `${ESC}33mnode3  not reached${ESC}0m`,
            "node4  unchanged",
            "",
        ]);
        assert.strictEqual(paintSummary(table, ["FAILED", "FAILED", "FAILED", "FAILED"], false), table);
        assert.strictEqual(paint("x", "red", false), "x");
    });
});

/** A session over a fake Io, for the end of a run (report) and whole v0.6.1 runs against a fake stack. */

const row = (node: string, result: SummaryRow["result"], note = ""): SummaryRow => ({ node, role: "edge", batch: "1/1", result, note, pool: "edge" });

describe("yurtctl --output json on convert, markautonomous and revert", () => {
    it("is taken by those commands (and plan, status, version); other formats refused", () => {
        for (const command of ["convert", "markautonomous", "revert"]) {
            assert.strictEqual(parseArgs([command, "-o", "json"]).flags.output, "json", command);
        }
        assert.match(usageError(["convert", "--output", "yaml"]), /^--output: "yaml" is not a format; use table or json$/);
    });

    it("a run that succeeded: the summary as JSON on stdout (data), the table and the done line where the human output goes", () => {
        const io = fakeIo();
        const human = { ...io, out: io.err };
        const session = { ...sessionOf(["convert", "-o", "json", "--stack", "demo"], human), release: "v1.7.0", configUpdated: ["cloudNodes"] };
        const code = report(session, [row("node2", "converted", "NodePool edge"), row("node3", "unchanged")], { outcome: "succeeded" }, 0, {});
        assert.strictEqual(code, 0);
        assert.match(io.stderr, /yurtctl convert: done in 0\.0s: 1 converted\n$/);
        assert.deepStrictEqual(JSON.parse(io.stdout), {
            command: "convert",
            stack: "demo",
            release: "v1.7.0",
            outcome: "succeeded",
            exitCode: 0,
            elapsedSeconds: 0,
            configUpdated: ["cloudNodes"],
            totals: { converted: 1 },
            nodes: [
                { name: "node2", role: "edge", pool: "edge", batch: "1/1", result: "converted", note: "NodePool edge" },
                { name: "node3", role: "edge", pool: "edge", batch: "1/1", result: "unchanged", note: "" },
            ],
            errors: [],
        });
        assert.ok(!io.stdout.includes("done in"), "nothing but the JSON on stdout");
    });

    it("without --output json no JSON; with a terminal the done line is green and FAILED red", () => {
        const io = fakeIo({ colour: true, errColour: true });
        report(sessionOf(["revert"], io), [row("node2", "reverted")], { outcome: "succeeded" }, 0, {});
        assert.ok(!io.stdout.includes("{"), "no JSON");
        // The ANSI colour codes are what these assertions are about.
        // eslint-disable-next-line no-control-regex
        assert.match(io.stdout, /\x1b\[32myurtctl revert: done in 0\.0s: 1 reverted\x1b\[0m\n$/);
        // eslint-disable-next-line no-control-regex
        assert.match(io.stdout, /\x1b\[32mnode2 +edge +edge +1\/1 +reverted\x1b\[0m\n/, "a row with its NodePool");
        const failed = fakeIo({ colour: true, errColour: true });
        report(sessionOf(["revert"], failed), [row("node2", "FAILED", "RevertFailed: x")], { outcome: "failed", failure: "  boom" }, 0, {});
        // eslint-disable-next-line no-control-regex
        assert.match(failed.stderr, /^\x1b\[31myurtctl revert: FAILED after 0\.0s: 1 FAILED\x1b\[0m\n {2}boom\n/);
        const plain = fakeIo();
        report(sessionOf(["revert"], plain), [row("node2", "FAILED")], { outcome: "failed", failure: "  boom" }, 0, {});
        assert.ok(!(plain.stdout + plain.stderr).includes("\x1b["), "no colour off a terminal");
    });

    it("an error before anything ran: exit code as without JSON, the message on stderr, {outcome: error} on stdout", async () => {
        const io = fakeIo({ env: { YURTCTL_PROJECT_DIR: "/nonexistent" } });
        assert.strictEqual(await main(["revert", "--yes", "-o", "json", "--stack", "s1"], io), 3);
        assert.match(io.stderr, /^yurtctl: no Pulumi project at \/nonexistent/);
        const json = JSON.parse(io.stdout);
        assert.deepStrictEqual([json.command, json.stack, json.outcome, json.exitCode], ["revert", "s1", "error", 3]);
        assert.match(json.errors[0], /^no Pulumi project at \/nonexistent/);
        const table = fakeIo({ env: { YURTCTL_PROJECT_DIR: "/nonexistent" } });
        assert.strictEqual(await main(["revert", "--yes", "--stack", "s1"], table), 3);
        assert.strictEqual(table.stdout, "", "no JSON without --output json");
    });
});

describe("yurtctl completion", () => {
    const hasBash = fs.existsSync("/bin/bash");
    const hasZsh = ["/bin/zsh", "/usr/bin/zsh"].some((f) => fs.existsSync(f));
    /** COMPREPLY of the generated bash completion for a command line (the last word is being completed). */
    const complete = (line: string[]): string[] => {
        const script = bashCompletion();
        const words = line.map((w) => `'${w}'`).join(" ");
        const out = execFileSync(
            "bash",
            ["-c", `${script}\nCOMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _yurtctl; printf '%s\\n' "\${COMPREPLY[@]}"`],
            { encoding: "utf8" },
        );
        return out.split("\n").filter(Boolean).sort();
    };

    it("needs a shell, bash or zsh", () => {
        assert.match(usageError(["completion"]), /^yurtctl completion needs a SHELL: bash or zsh/);
        assert.match(usageError(["completion", "fish"]), /^yurtctl completion: "fish" is not a SHELL; use bash or zsh/);
        assert.match(usageError(["completion", "bash", "zsh"]), /^unexpected argument "zsh": yurtctl completion takes one SHELL/);
        assert.strictEqual(parseArgs(["completion", "zsh"]).flags.shell, "zsh");
    });

    (hasBash ? it : it.skip)("bash: commands, each command's flags from the flag table, and flag values", () => {
        assert.deepStrictEqual(complete(["yurtctl", "co"]), ["completion", "convert"]);
        for (const c of commandNames) {
            const expected = completedFlags(c)
                .flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])])
                .sort();
            assert.deepStrictEqual(complete(["yurtctl", c, "-"]), expected, c);
        }
        assert.ok(!complete(["yurtctl", "convert", "--"]).includes("--project-dir"), "hidden flags are not offered");
        assert.deepStrictEqual(complete(["yurtctl", "convert", "--clo"]), ["--cloud-nodes"]);
        assert.deepStrictEqual(complete(["yurtctl", "status", "-o", ""]), ["json", "table"]);
        assert.deepStrictEqual(complete(["yurtctl", "convert", "--release", ""]), Object.keys(releases).sort());
        assert.deepStrictEqual(complete(["yurtctl", "convert", "-p", ""]), [...flagSpecs.provider.choices!].sort());
        assert.deepStrictEqual(complete(["yurtctl", "completion", ""]), ["bash", "zsh"]);
        assert.deepStrictEqual(complete(["yurtctl", "help", "st"]), ["status"]);
        assert.deepStrictEqual(complete(["yurtctl", "convert", "-c", ""]), [], "node names are free text");
    });

    it("zsh: a #compdef script with every command and its flags", () => {
        const script = zshCompletion();
        assert.match(script, /^#compdef yurtctl\n/);
        for (const c of commandNames) {
            assert.match(script, new RegExp(`^ {8}'${c}:`, "m"), c);
            for (const f of completedFlags(c)) {
                assert.ok(script.includes(`--${f.name}[`) || script.includes(`--${f.name}}'[`), `${c} --${f.name}`);
            }
        }
        assert.ok(script.includes(`'(-o --output)'{-o,--output}'[output format]:FORMAT:(table json)'`), "a value from its choices");
        assert.ok(script.includes(`'*'{-c,--cloud-nodes}'[`), "a list flag may be repeated");
    });

    (hasZsh ? it : it.skip)("zsh: the script parses and registers _yurtctl for yurtctl, sourced or from $fpath", function () {
        this.timeout(30000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-zsh-"));
        try {
            fs.writeFileSync(path.join(dir, "_yurtctl"), zshCompletion());
            const sourced = execFileSync(
                "zsh",
                ["-fc", `autoload -Uz compinit && compinit -u -D -d ${dir}/dump; source ${dir}/_yurtctl; print -r -- $_comps[yurtctl]`],
                { encoding: "utf8", env: { HOME: dir } },
            );
            assert.strictEqual(sourced.trim(), "_yurtctl", "sourced: registered with compdef");
            // From $fpath, as compinit autoloads it by its #compdef line.
            const fromFpath = execFileSync(
                "zsh",
                ["-fc", `fpath=(${dir} $fpath); autoload -Uz compinit && compinit -u -D -d ${dir}/dump2; print -r -- $_comps[yurtctl]`],
                { encoding: "utf8", env: { HOME: dir } },
            );
            assert.strictEqual(fromFpath.trim(), "_yurtctl", "autoloaded from $fpath");
            execFileSync("zsh", ["-n", path.join(dir, "_yurtctl")]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("yurtctl completion bash prints the script", async () => {
        const io = fakeIo();
        assert.strictEqual(await main(["completion", "bash"], io), 0);
        assert.strictEqual(io.stdout, bashCompletion());
    });
});
