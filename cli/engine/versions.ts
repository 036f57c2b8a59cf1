import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { defaultRelease, releases } from "../../components/core/release";
import { repositoryRoot } from "./project";

/**
 * `yurtctl version`: what this CLI is and runs with, each read from its source: the project's
 * package.json, the release table (components/core/release), the `pulumi` on PATH, and the installed
 * @pulumi packages.
 */

export interface Versions {
    yurtctl: string;
    openyurt: { default: string; releases: string[] };
    /** `pulumi version` of the engine on PATH; null when there is none. */
    pulumi: { version: string; path: string } | null;
    /** The Kubernetes provider (@pulumi/kubernetes; its plugin has the same version). */
    kubernetesProvider: string | null;
    /** The Pulumi Node.js SDK (@pulumi/pulumi, the Automation API). */
    pulumiSdk: string | null;
    node: string;
    /** How this CLI runs: compiled JavaScript, or its TypeScript sources through ts-node (and why: cli/launch.js). */
    cli: { mode: "compiled" | "ts-node"; reason?: string };
}

/** How this module was loaded: compiled (`.js`), or as a source through ts-node, with the launcher's reason. */
function cliMode(root: string): Versions["cli"] {
    if (!__filename.endsWith(".ts")) {
        return { mode: "compiled" };
    }
    try {
        // Only next to the sources: cli/launch.js is not compiled, so it is loaded at run time.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const reason: string | undefined = require("../launch.js").staleReason(root);
        return { mode: "ts-node", ...(reason ? { reason } : {}) };
    } catch {
        return { mode: "ts-node" };
    }
}

function packageVersion(file: string): string | null {
    try {
        const v = JSON.parse(fs.readFileSync(file, "utf8")).version;
        return typeof v === "string" ? v : null;
    } catch {
        return null;
    }
}

/** An installed package's version, as the project resolves it. */
export function installedVersion(name: string, root = repositoryRoot()): string | null {
    try {
        const main = require.resolve(name, { paths: [root] });
        for (let dir = path.dirname(main); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
            const file = path.join(dir, "package.json");
            if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === name) {
                return packageVersion(file);
            }
        }
    } catch {
        /* not installed */
    }
    return null;
}

/** The first executable `name` on PATH. */
export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, name);
        try {
            fs.accessSync(file, fs.constants.X_OK);
            if (fs.statSync(file).isFile()) {
                return file;
            }
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** `pulumi version` of the engine on PATH, or null. */
export function engineVersion(env: NodeJS.ProcessEnv): Promise<Versions["pulumi"]> {
    const file = onPath("pulumi", env);
    if (!file) {
        return Promise.resolve(null);
    }
    return new Promise((resolve) => {
        execFile(file, ["version"], { env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" }, timeout: 20000 }, (err, stdout) => {
            const version = String(stdout ?? "")
                .trim()
                .split("\n")[0];
            resolve({
                version: err || !version ? `unknown (\`${file} version\` failed: ${String(err?.message ?? "no output").split("\n")[0]})` : version,
                path: file,
            });
        });
    });
}

export async function versions(env: NodeJS.ProcessEnv, root = repositoryRoot()): Promise<Versions> {
    return {
        yurtctl: packageVersion(path.join(root, "package.json")) ?? "unknown",
        openyurt: { default: defaultRelease.version, releases: Object.keys(releases) },
        pulumi: await engineVersion(env),
        kubernetesProvider: installedVersion("@pulumi/kubernetes", root),
        pulumiSdk: installedVersion("@pulumi/pulumi", root),
        node: process.version,
        cli: cliMode(root),
    };
}

export function renderVersions(v: Versions): string {
    const others = v.openyurt.releases.filter((r) => r !== v.openyurt.default);
    const rows: Array<[string, string]> = [
        [
            "yurtctl",
            `${v.yurtctl} (pulumi-openyurt; ${v.cli.mode === "compiled" ? "compiled" : `from its TypeScript sources through ts-node${v.cli.reason ? ` (${v.cli.reason})` : ""}: \`npm run build\` compiles it`})`,
        ],
        ["OpenYurt", `${v.openyurt.default} (default)${others.length > 0 ? `; also ${others.join(", ")} with --release` : ""}`],
        [
            "Pulumi engine",
            v.pulumi
                ? `${v.pulumi.version} (${v.pulumi.path})`
                : "not found (no pulumi on PATH: `bash scripts/toolchain.sh && source scripts/env.sh`)",
        ],
        ["Kubernetes provider", v.kubernetesProvider ? `${v.kubernetesProvider} (@pulumi/kubernetes)` : "not installed (npm ci)"],
        ["Pulumi SDK", v.pulumiSdk ? `${v.pulumiSdk} (@pulumi/pulumi)` : "not installed (npm ci)"],
        ["Node.js", v.node],
    ];
    const width = Math.max(...rows.map(([k]) => k.length)) + 1;
    return rows.map(([k, val]) => `${`${k}:`.padEnd(width)} ${val}`).join("\n") + "\n";
}
