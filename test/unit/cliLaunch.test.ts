import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The yurtctl bin (cli/yurtctl.js → cli/launch.js): the compiled CLI when `npm run build` output is
 * complete and not older than the sources, else the sources through ts-node, so a fresh clone (CI:
 * `npm ci --ignore-scripts`) and an edit not compiled yet both work.
 */

const repoRoot = path.resolve(__dirname, "..", "..");
// cli/launch.js is plain CommonJS without types, loaded by path like the bin loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launch = require(path.join(repoRoot, "cli", "launch.js"));

describe("yurtctl bin: compiled when up to date, else ts-node", function () {
    this.timeout(30000);
    let root: string;
    const write = (rel: string, text: string, mtime?: number) => {
        const file = path.join(root, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        if (mtime !== undefined) {
            fs.utimesSync(file, mtime / 1000, mtime / 1000);
        }
    };
    const run = () => execFileSync(process.execPath, [path.join(root, "cli", "yurtctl.js"), "a", "b"], { encoding: "utf8" }).trim();
    const old = Date.now() - 3600000;
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-launch-"));
        write("cli/yurtctl.js", fs.readFileSync(path.join(repoRoot, "cli", "yurtctl.js"), "utf8"));
        write("cli/launch.js", fs.readFileSync(path.join(repoRoot, "cli", "launch.js"), "utf8"));
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
        write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", outDir: "out" } }), old);
        write(
            "cli/main.ts",
            'export async function main(argv: string[]): Promise<number> { console.log(`ts-node ${argv.join(" ")}`); return 0; }\n',
            old,
        );
        write("components/x/y.ts", "export const y = 1;\n", old);
        write("out/cli/main.js", 'exports.main = async (argv) => { console.log(`compiled ${argv.join(" ")}`); return 0; };\n', old + 1000);
        write("out/components/x/y.js", "exports.y = 1;\n", old + 1000);
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("runs the compiled main from the tsconfig's outDir when every source has a newer output", () => {
        assert.strictEqual(launch.staleReason(root), undefined);
        assert.strictEqual(run(), "compiled a b");
    });

    it("falls back to the sources through ts-node when a source is newer or not compiled, or tsconfig changed", () => {
        write("components/x/y.ts", "export const y = 2;\n");
        assert.strictEqual(launch.staleReason(root), path.join("components", "x", "y.ts") + " changed since it was compiled");
        assert.strictEqual(run(), "ts-node a b");
        write("out/components/x/y.js", "exports.y = 2;\n");
        assert.strictEqual(run(), "compiled a b");
        write("cli/new.ts", "export {};\n", old);
        assert.strictEqual(launch.staleReason(root), path.join("cli", "new.ts") + " is not compiled");
        assert.strictEqual(run(), "ts-node a b");
        write("out/cli/new.js", "");
        write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", outDir: "out" } }), Date.now() + 60000);
        assert.match(launch.staleReason(root), / changed since it was compiled$/);
        fs.rmSync(path.join(root, "out"), { recursive: true });
        assert.match(launch.staleReason(root), / is not compiled$/, "a fresh clone");
        assert.strictEqual(run(), "ts-node a b");
    });

    it("the repository's bin reads the same outDir as `npm run build` writes (tsconfig.json)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
        assert.strictEqual(pkg.bin.yurtctl, "cli/yurtctl.js");
        assert.match(pkg.scripts.build, /^tsc -p \.( |$)/, "build compiles (emits) the project, not only type-checks it");
        assert.strictEqual(
            launch.outDir(repoRoot),
            path.join(repoRoot, JSON.parse(fs.readFileSync(path.join(repoRoot, "tsconfig.json"), "utf8")).compilerOptions.outDir),
        );
    });
});

describe("yurtctl start-up: only the commands that run the engine load the Automation API", function () {
    this.timeout(60000);
    /** The @pulumi packages loaded after running these command lines one after the other, in a process of their own (the sources through ts-node). */
    const loaded = (argvs: string[][]): string[] => {
        const io = `{ out() {}, err() {}, data() {}, interactive: false, colour: false, errColour: false, readLine: async () => undefined, env: { PATH: "/nonexistent", PULUMI_CONFIG_PASSPHRASE: "x", PULUMI_BACKEND_URL: "file:///nonexistent" }, now: Date.now }`;
        const script = `require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(path.join(repoRoot, "tsconfig.json"))} });
            const { main } = require(${JSON.stringify(path.join(repoRoot, "cli", "main.ts"))});
            (async () => { for (const argv of ${JSON.stringify(argvs)}) await main(argv, ${io}); })()
            .then(() => console.log(JSON.stringify(Object.keys(require.cache).map((k) => (/node_modules\\/(@pulumi\\/[^/]+(\\/automation)?)/.exec(k) || [])[1]).filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).sort())));`;
        return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: repoRoot }).trim().split("\n").pop()!);
    };

    it("--help, a bad flag, status and version load none of @pulumi/*; plan the Automation API, never @pulumi/kubernetes or @pulumi/alicloud", () => {
        assert.deepStrictEqual(loaded([["--help"], ["convert", "--batch-size", "x"], ["status", "--kubeconfig", "/nonexistent"], ["version"]]), []);
        const plan = loaded([["plan"]]);
        assert.ok(plan.includes("@pulumi/pulumi/automation"), plan.join(", "));
        assert.ok(!plan.includes("@pulumi/kubernetes") && !plan.includes("@pulumi/alicloud"), plan.join(", "));
    });
});
