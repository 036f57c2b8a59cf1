import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { report } from "../../cli/flow/outcome";
import { parseArgs } from "../../cli/input/args";
import { age, describeLocks, HostView, lockHolder, pendingOperations, readStackLocks, stackLockDirs, StackLock } from "../../cli/engine/lock";
import { main } from "../../cli/main";
import { resolveProject } from "../../cli/engine/project";
import { fakeIo } from "./cliFixtures";

/**
 * A stack left locked by a run that was killed: lock files exactly as pulumi 3.248's file backend
 * writes them (pkg/backend/diy/lock.go: `.pulumi/locks/organization/<project>/<stack>/<uuid>.json`,
 * `{"pid","username","hostname","timestamp"}` with an RFC 3339 nanosecond timestamp).
 */

const repoRoot = path.resolve(__dirname, "..", "..");
const project = "pulumi-openyurt";

function engineLock(backend: string, stack: string, content: Record<string, unknown>, uuid = "0b7c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"): string {
    const dir = path.join(backend, ".pulumi", "locks", "organization", project, stack);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${uuid}.json`);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
}

/** A pid that was just used and is free now. */
function deadPid(): number {
    return spawnSync(process.execPath, ["-e", "0"]).pid!;
}

describe("yurtctl: a stack left locked by a run that did not finish", () => {
    let backend: string;
    let projectDir: string;
    const env = () => ({ PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: "x", YURTCTL_PROJECT_DIR: projectDir });
    beforeEach(() => {
        backend = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-lock-"));
        projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-project-"));
        fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
        fs.mkdirSync(path.join(projectDir, "stacks"));
    });
    afterEach(() => {
        fs.rmSync(backend, { recursive: true, force: true });
        fs.rmSync(projectDir, { recursive: true, force: true });
    });

    it("reads the engine's lock files: project layout, legacy layout, fully qualified names", () => {
        assert.deepStrictEqual(stackLockDirs("/b", project, "demo"), ["/b/.pulumi/locks/organization/pulumi-openyurt/demo", "/b/.pulumi/locks/demo"]);
        assert.deepStrictEqual(stackLockDirs("/b", project, "organization/pulumi-openyurt/demo"), [
            "/b/.pulumi/locks/organization/pulumi-openyurt/demo",
        ]);
        const file = engineLock(backend, "demo", { pid: 4242, username: "root", hostname: "build-7", timestamp: "2026-12-02T00:31:12.123456789Z" });
        fs.mkdirSync(path.join(backend, ".pulumi", "locks", "other"), { recursive: true });
        fs.writeFileSync(path.join(backend, ".pulumi", "locks", "other", "x.json"), "{}");
        assert.deepStrictEqual(readStackLocks(backend, project, "demo"), [
            { file, pid: 4242, username: "root", hostname: "build-7", since: new Date("2026-12-02T00:31:12.123Z") },
        ]);
        assert.deepStrictEqual(readStackLocks(backend, project, "nolock"), []);
        assert.deepStrictEqual(readStackLocks("/nonexistent", project, "demo"), []);
    });

    it("says which run holds the lock, since when, that it is gone, and how to clear it", () => {
        const file = engineLock(backend, "demo", { pid: 4242, username: "root", hostname: "build-7", timestamp: "2026-12-02T00:31:12.5Z" });
        const host: HostView = { hostname: "build-7", processCommand: () => undefined };
        const text = describeLocks(readStackLocks(backend, project, "demo"), {
            stack: "demo",
            unlock: "yurtctl unlock --stack demo",
            rerun: "the command",
            now: new Date("2026-12-02T00:34:12Z"),
            host,
        });
        assert.strictEqual(
            text,
            [
                'stack "demo" is locked by a run that did not finish: pulumi pid 4242 of root@build-7, started 2026-12-02T00:31:12Z (3 min ago); ' +
                    "that process is no longer running: the run was interrupted (killed, or its terminal lost).",
                "What the interrupted run finished is in the state, and the next run does the rest. " +
                    "Clear the lock with `yurtctl unlock --stack demo`, then run the command again.",
                `  lock file: ${file}`,
            ].join("\n"),
        );
    });

    it("a run still going on this host, a pid now used by another program, a run on another host", () => {
        const lock: StackLock = { file: "/l.json", pid: 4242, username: "root", hostname: "build-7", since: new Date("2026-12-02T00:00:00Z") };
        const running = { hostname: "build-7", processCommand: (pid: number) => (pid === 4242 ? "pulumi up --yes --stack demo" : undefined) };
        assert.deepStrictEqual(lockHolder(lock, running), { holder: "running", command: "pulumi up --yes --stack demo" });
        assert.deepStrictEqual(
            lockHolder(lock, { hostname: "build-7", processCommand: () => "/usr/bin/vim notes" }),
            { holder: "gone" },
            "pid reused",
        );
        assert.deepStrictEqual(lockHolder(lock, { hostname: "laptop", processCommand: () => "pulumi" }), { holder: "elsewhere" });
        const ctx = { stack: "demo", unlock: "yurtctl unlock --stack demo", now: new Date("2026-12-02T02:00:00Z") };
        const still = describeLocks([lock], { ...ctx, host: running });
        assert.match(
            still,
            /^stack "demo" is locked by a run that is still going: pulumi pid 4242 of root@build-7, started 2026-12-02T00:00:00Z \(2 h ago\) \(pulumi up --yes --stack demo\)\.\nWait for it to end\. If it hangs, stop it \(kill 4242\), then clear the lock with `yurtctl unlock --stack demo`\./,
        );
        const away = describeLocks([lock], { ...ctx, host: { hostname: "laptop", processCommand: () => undefined } });
        assert.match(away, /on another host: this host cannot tell whether it still runs\./);
        assert.match(away, /If no run of it is going on build-7, clear the lock with `yurtctl unlock --stack demo`; otherwise wait for it to end\./);
        assert.deepStrictEqual([age(45000), age(12 * 60000), age(5 * 3600000), age(3 * 86400000)], ["45s", "12 min", "5 h", "3 days"]);
    });

    it("the operations a killed run left pending, from the exported state", () => {
        assert.deepStrictEqual(
            pendingOperations({
                deployment: {
                    resources: [],
                    pending_operations: [
                        {
                            resource: {
                                urn: "urn:pulumi:demo::pulumi-openyurt::openyurt:index:EdgeCluster$kubernetes:apps.openyurt.io/v1beta2:NodePool::openyurt-pool-edge",
                                type: "kubernetes:apps.openyurt.io/v1beta2:NodePool",
                            },
                            type: "creating",
                        },
                    ],
                },
            }),
            ["creating openyurt-pool-edge"],
        );
        assert.deepStrictEqual(pendingOperations({ deployment: { resources: [] } }), []);
    });

    it("convert, markautonomous and revert refuse a locked stack before the engine runs: exit 3, the run, the fix (also as JSON)", async () => {
        const pid = deadPid();
        const file = engineLock(backend, "demo", {
            pid,
            username: os.userInfo().username,
            hostname: os.hostname(),
            timestamp: new Date(Date.now() - 60000).toISOString(),
        });
        for (const argv of [["convert", "-c", "node1"], ["markautonomous"], ["revert"]]) {
            const io = fakeIo({ env: env() });
            // No pulumi on PATH is needed: the lock is read from the backend's files.
            assert.strictEqual(await main([...argv, "--stack", "demo", "--yes"], io), 3, argv[0]);
            assert.match(
                io.stderr,
                new RegExp(
                    `^yurtctl: stack "demo" is locked by a run that did not finish: pulumi pid ${pid} of ${os.userInfo().username}@${os.hostname().replace(/\./g, "\\.")}, started .* \\(6\\ds ago\\); that process is no longer running`,
                ),
            );
            assert.match(io.stderr, /Clear the lock with `yurtctl unlock --stack demo`, then run the command again\./);
            assert.ok(io.stderr.includes(`lock file: ${file}`));
            assert.match(io.stderr, /Nothing was changed\.\n$/);
        }
        const json = fakeIo({ env: env() });
        assert.strictEqual(await main(["convert", "--stack", "demo", "--yes", "-o", "json"], json), 3);
        const result = JSON.parse(json.stdout);
        assert.deepStrictEqual([result.outcome, result.exitCode], ["error", 3]);
        assert.match(result.errors[0], /is locked by a run that did not finish/);
    });

    it('the engine\'s raw "currently locked" after a failed run is retold from the lock file', () => {
        engineLock(backend, "demo", { pid: deadPid(), username: "root", hostname: os.hostname(), timestamp: new Date().toISOString() });
        const io = fakeIo();
        const session = {
            args: parseArgs(["convert", "--stack", "demo"]),
            io,
            project: resolveProject(projectDir),
            envVars: {},
            backend: { description: "", fileDir: backend },
            configUpdated: [],
        };
        const failure =
            "  error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.";
        assert.strictEqual(report(session, [], { outcome: "failed", failure }, 0), 1);
        assert.match(io.stderr, /stack "demo" is locked by a run that did not finish: pulumi pid \d+ of root@/);
        assert.ok(!io.stderr.includes("currently locked"), "the engine's text is replaced");
        const cloud = fakeIo();
        report({ ...session, io: cloud, backend: { description: "https://api.pulumi.com" } }, [], { outcome: "failed", failure }, 0);
        assert.match(
            cloud.stderr,
            /currently locked[^\n]*\nthe stack is locked by another run; if none is going .* clear the lock with `yurtctl unlock --stack demo`/,
        );
    });

    describe("yurtctl unlock", () => {
        let holder: ChildProcess | undefined;
        afterEach(() => holder?.kill());

        it("nothing to do when the stack is not locked (no confirmation, no passphrase needed)", async () => {
            const io = fakeIo({ env: { ...env(), PULUMI_CONFIG_PASSPHRASE: undefined } });
            assert.strictEqual(await main(["unlock", "--stack", "demo"], io), 0, io.stderr);
            assert.match(io.stdout, /^stack "demo" is not locked \(no lock file under .*\/\.pulumi\/locks\); nothing to do\n$/);
        });

        it("shows the run, then asks: without a terminal and without --yes it refuses (exit 4), the lock stays", async () => {
            const file = engineLock(backend, "demo", {
                pid: deadPid(),
                username: "root",
                hostname: os.hostname(),
                timestamp: new Date().toISOString(),
            });
            const io = fakeIo({ env: env() });
            assert.strictEqual(await main(["unlock", "--stack", "demo"], io), 4);
            assert.match(io.stdout, /is locked by a run that did not finish/);
            assert.ok(!io.stdout.includes("Clear the lock with"), "unlock does not tell you to run unlock");
            assert.match(
                io.stderr,
                /yurtctl unlock changes the stack's lock and asks for confirmation first, but stdin is not a terminal; re-run with --yes/,
            );
            assert.ok(fs.existsSync(file));
            const declined = fakeIo({ env: env(), interactive: true, answers: ["n"] });
            assert.strictEqual(await main(["unlock", "--stack", "demo"], declined), 4);
            assert.match(declined.stdout, /Clear the lock of stack "demo"\? \[y\/N\] not confirmed; nothing was changed/);
            assert.ok(fs.existsSync(file));
        });

        it("refuses while the run that holds the lock is still going on this host (exit 3), naming its pid", async () => {
            // A live process whose command line says pulumi, as the engine's does.
            holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", "pulumi", "up"], { stdio: "ignore" });
            await new Promise((r) => setTimeout(r, 200));
            const file = engineLock(backend, "demo", {
                pid: holder.pid,
                username: "root",
                hostname: os.hostname(),
                timestamp: new Date().toISOString(),
            });
            const io = fakeIo({ env: env() });
            assert.strictEqual(await main(["unlock", "--stack", "demo", "--yes"], io), 3);
            assert.match(
                io.stderr,
                new RegExp(
                    `is locked by a run that is still going: pulumi pid ${holder.pid} .*\\(.*pulumi up\\)\\.\\nWait for it to end\\. If it hangs, stop it \\(kill ${holder.pid}\\)`,
                ),
            );
            assert.match(io.stderr, new RegExp(`then run \`yurtctl unlock --stack demo\` again\\.`));
            assert.match(io.stderr, /The lock is kept while its run goes on; nothing was changed\.\n$/);
            assert.ok(fs.existsSync(file));
        });
    });
});
