import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * The engine's stack lock, as a file backend keeps it. While `pulumi up`/`destroy` runs, the engine
 * holds `<backend>/.pulumi/locks/organization/<project>/<stack>/<uuid>.json` (`<stack>/` directly
 * under `locks/` in the older layout without projects), `{"pid", "username", "hostname",
 * "timestamp"}` of the `pulumi` process (pulumi 3.248, pkg/backend/diy/lock.go). A run killed
 * mid-way (SIGKILL, a lost terminal) leaves it, and the engine refuses every later run with "the stack
 * is currently locked". Here: reading those files and telling the user which run holds the lock and
 * how to clear it. Pure apart from the reads.
 */

export interface StackLock {
    /** The lock file. */
    file: string;
    /** The `pulumi` process that took it. */
    pid?: number;
    username?: string;
    hostname?: string;
    /** When it was taken (the file's time when the file does not say). */
    since: Date;
}

/** Folders the engine keeps the stack's locks in (project layout first, then the legacy one). */
export function stackLockDirs(backendDir: string, project: string, stack: string): string[] {
    const base = path.join(backendDir, ".pulumi", "locks");
    const parts = stack.split("/");
    if (parts.length === 3) {
        return [path.join(base, ...parts)];
    }
    const name = parts[parts.length - 1];
    return [path.join(base, "organization", project, name), path.join(base, name)];
}

/** The locks of a stack in a file backend; none when the folder does not exist. */
export function readStackLocks(backendDir: string, project: string, stack: string): StackLock[] {
    const locks: StackLock[] = [];
    for (const dir of stackLockDirs(backendDir, project, stack)) {
        let names: string[];
        try {
            names = fs
                .readdirSync(dir)
                .filter((n) => n.endsWith(".json"))
                .sort();
        } catch {
            continue;
        }
        for (const n of names) {
            const file = path.join(dir, n);
            let content: any = {};
            let mtime = new Date(0);
            try {
                mtime = fs.statSync(file).mtime;
                content = JSON.parse(fs.readFileSync(file, "utf8"));
            } catch {
                /* unreadable or not JSON: still a lock to the engine */
            }
            const t = typeof content?.timestamp === "string" ? Date.parse(content.timestamp) : NaN;
            locks.push({
                file,
                pid: Number.isSafeInteger(content?.pid) ? content.pid : undefined,
                username: typeof content?.username === "string" ? content.username : undefined,
                hostname: typeof content?.hostname === "string" ? content.hostname : undefined,
                since: Number.isNaN(t) ? mtime : new Date(t),
            });
        }
    }
    return locks;
}

/**
 * Is the run that took the lock still going? "running": its `pulumi` process is alive on this host;
 * "gone": it is not (or the pid now belongs to another program); "elsewhere": it ran on another host.
 */
export type Holder = "running" | "gone" | "elsewhere";

export interface HostView {
    hostname: string;
    /** The command line of a live process, "" when it is alive but unreadable; undefined when there is none. */
    processCommand: (pid: number) => string | undefined;
}

export function thisHost(): HostView {
    return {
        hostname: os.hostname(),
        processCommand: (pid) => {
            try {
                return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
            } catch (e) {
                if (fs.existsSync("/proc/self")) {
                    return undefined;
                }
            }
            try {
                process.kill(pid, 0);
                return "";
            } catch (e) {
                return (e as NodeJS.ErrnoException).code === "EPERM" ? "" : undefined;
            }
        },
    };
}

export function lockHolder(lock: StackLock, host: HostView): { holder: Holder; command?: string } {
    if (lock.hostname !== undefined && lock.hostname !== host.hostname) {
        return { holder: "elsewhere" };
    }
    if (lock.pid === undefined) {
        return { holder: "gone" };
    }
    const command = host.processCommand(lock.pid);
    // A live pid that is not a pulumi process was reused after the run died.
    if (command === undefined || (command !== "" && !/pulumi/.test(command))) {
        return { holder: "gone" };
    }
    return { holder: "running", command: command || undefined };
}

/** "45s", "12 min", "5 h", "3 days". */
export function age(ms: number): string {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 90) {
        return `${s}s`;
    }
    if (s < 90 * 60) {
        return `${Math.round(s / 60)} min`;
    }
    if (s < 48 * 3600) {
        return `${Math.round(s / 3600)} h`;
    }
    return `${Math.round(s / 86400)} days`;
}

/** "pulumi pid 4242 of root@host1, started 2026-12-02T00:31:12Z (3 min ago)". */
export function lockRun(lock: StackLock, now: Date): string {
    const who = lock.username || lock.hostname ? ` of ${lock.username ?? "?"}@${lock.hostname ?? "?"}` : "";
    const when = `started ${lock.since.toISOString().replace(/\.\d+Z$/, "Z")} (${age(now.getTime() - lock.since.getTime())} ago)`;
    return `${lock.pid !== undefined ? `pulumi pid ${lock.pid}` : "a pulumi run"}${who}, ${when}`;
}

export interface LockContext {
    stack: string;
    /** The command that clears it, e.g. `yurtctl unlock --stack demo`. */
    unlock: string;
    /** What to run again afterwards, as a phrase: "the command", "`yurtctl convert --stack demo`". */
    rerun?: string;
    /** Told by `unlock` itself: no advice to run it. */
    unlocking?: boolean;
    now: Date;
    host: HostView;
}

/**
 * Why a stack is locked and what to do, from its lock files: the run that holds it (pid, user,
 * host, when), whether it is still going, and the command that clears it.
 */
export function describeLocks(locks: StackLock[], ctx: LockContext): string {
    const held = locks.map((l) => ({ lock: l, ...lockHolder(l, ctx.host) }));
    const running = held.filter((h) => h.holder === "running");
    const elsewhere = held.filter((h) => h.holder === "elsewhere");
    const files = locks.map((l) => `  lock file: ${l.file}`);
    const again = ctx.rerun ? `, then run ${ctx.rerun} again` : "";
    if (running.length > 0) {
        const r = running[0];
        return [
            `stack "${ctx.stack}" is locked by a run that is still going: ${lockRun(r.lock, ctx.now)}${r.command ? ` (${r.command})` : ""}.`,
            `Wait for it to end. If it hangs, stop it (kill ${r.lock.pid}), then ${ctx.unlocking ? "run" : "clear the lock with"} \`${ctx.unlock}\`${ctx.unlocking ? " again" : again}.`,
            ...files,
        ].join("\n");
    }
    const lines = held.map((h) =>
        h.holder === "elsewhere"
            ? `${lockRun(h.lock, ctx.now)}, on another host: this host cannot tell whether it still runs`
            : `${lockRun(h.lock, ctx.now)}; that process is no longer running: the run was interrupted (killed, or its terminal lost)`,
    );
    const head =
        locks.length === 1
            ? `stack "${ctx.stack}" is locked by a run that did not finish: ${lines[0]}.`
            : `stack "${ctx.stack}" is locked by ${locks.length} runs that did not finish:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
    const hosts = [...new Set(elsewhere.map((h) => h.lock.hostname))].join(", ");
    const fix = ctx.unlocking
        ? elsewhere.length > 0
            ? ` Clear it only if no run of it is going on ${hosts}.`
            : ""
        : elsewhere.length > 0
          ? ` If no run of it is going on ${hosts}, clear the lock with \`${ctx.unlock}\`${again}; otherwise wait for it to end.`
          : ` Clear the lock with \`${ctx.unlock}\`${again}.`;
    return [head, `What the interrupted run finished is in the state, and the next run does the rest.${fix}`, ...files].join("\n");
}

/** Operations a killed run left pending in the state (`pulumi stack export`: `deployment.pending_operations`), as "creating openyurt-x". */
export function pendingOperations(exported: any): string[] {
    const ops: any[] = exported?.deployment?.pending_operations ?? [];
    return ops.map(
        (o) =>
            `${o?.type ?? "?"} ${String(o?.resource?.urn ?? "?")
                .split("::")
                .pop()}`,
    );
}

/** The engine's own words for a locked stack (file backend and the Pulumi Cloud). */
export const engineLockedText = /the stack is currently locked|another update is currently in progress|conflict: .*update/i;
