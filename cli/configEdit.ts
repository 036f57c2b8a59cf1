import { releases, requestedRelease } from "../components/release";
import * as path from "path";
import { parseDocument } from "yaml";
import { Flags } from "./args";

/**
 * Flags → stack config. Pure: the current config (as the engine reads it) and the flags in, the
 * keys to set out. Settings a command's flags do not name keep the stack's value, so re-running
 * `convert` with one flag changes one thing.
 */

export const projectName = "pulumi-openyurt";

/** A project config value as the stack file holds it: a string, a boolean, a list of node names, or an object. */
export type ConfigValue = string | boolean | string[] | Record<string, unknown>;
/** Project config keys (without the `pulumi-openyurt:` prefix) to set. */
export type ConfigSet = Record<string, ConfigValue>;
/** Project config as the program sees it: key (no prefix) → raw string (JSON for lists and objects). */
export type RawConfig = Record<string, string>;

/** One entry of `pulumi config --json` / `pulumi config set-all --json`. */
export interface EngineConfigValue {
    value: string;
    secret?: boolean;
    objectValue?: unknown;
}

const isSecure = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as any).secure === "string";

/**
 * The project's config as the program will read it, from the stack file and the project's schema
 * defaults (what `pulumi config --json` shows, which refuses to answer while required keys are
 * missing, i.e. before the first convert). Secret values are listed in `secure` to be decrypted.
 */
export function rawFromStackFile(stackFileText: string | undefined, defaults: Record<string, unknown>, project = projectName): { raw: RawConfig; secure: string[] } {
    const raw: RawConfig = {};
    const secure: string[] = [];
    const asString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
    for (const [k, v] of Object.entries(defaults)) {
        if (v !== undefined) {
            raw[k] = asString(v);
        }
    }
    const doc = stackFileText ? parseDocument(stackFileText).toJS() : undefined;
    for (const [key, v] of Object.entries((doc?.config ?? {}) as Record<string, unknown>)) {
        if (!key.startsWith(`${project}:`) || v === null || v === undefined) {
            continue;
        }
        const k = key.slice(project.length + 1);
        if (isSecure(v)) {
            secure.push(k);
            delete raw[k];
        } else {
            raw[k] = asString(v);
        }
    }
    return { raw, secure };
}

/** The raw config after a set, as the program will read it. */
export function mergeRaw(current: RawConfig, set: ConfigSet): RawConfig {
    const merged = { ...current };
    for (const [k, v] of Object.entries(set)) {
        merged[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return merged;
}

function objectOf(raw: string | undefined): Record<string, unknown> {
    if (!raw) {
        return {};
    }
    try {
        const v = JSON.parse(raw);
        return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch {
        return {};
    }
}

/** The stack's autonomy setting: a list, or "all" (`["*"]`). */
export function autonomyOf(raw: string | undefined): string[] | "all" {
    if (!raw) {
        return [];
    }
    try {
        const v = JSON.parse(raw);
        if (Array.isArray(v)) {
            return v.length === 1 && v[0] === "*" ? "all" : v.filter((x) => typeof x === "string");
        }
    } catch {
        /* not JSON: treated as empty */
    }
    return [];
}

/**
 * `convert` and `plan`: every conversion flag given becomes its config key. On a stack's first
 * conversion (`firstConversion`: nothing in its state) with the yurtctl release (v0.6.1), no
 * --autonomous-nodes means every edge node, as yurtctl v0.6.1's convert did; later runs keep the
 * stack's setting, and v1.7.0 (which has no yurtctl convert upstream) keeps the component's default, none.
 */
export function conversionConfig(flags: Flags, current: RawConfig, cwd: string, firstConversion = false): ConfigSet {
    const set: ConfigSet = {};
    if (flags.cloudNodes) {
        set.cloudNodes = flags.cloudNodes;
    }
    if (flags.edgeNodes) {
        set.edgeNodes = flags.edgeNodes;
    }
    if (flags.autonomousNodes) {
        set.autonomousNodes = flags.autonomousNodes === "all" ? ["*"] : flags.autonomousNodes;
    } else if (firstConversion && releases[requestedRelease(flags.release ?? current.release)]?.generation === "yurtctl") {
        // yurtctl v0.6.1's convert marked every edge node autonomous unless -a named some (convert/options.go).
        set.autonomousNodes = ["*"];
    }
    if (flags.provider) {
        set.provider = flags.provider;
    }
    if (flags.release !== undefined) {
        set.release = flags.release;
    }
    if (flags.allowUnsupportedKubernetes !== undefined) {
        set.allowUnsupportedKubernetes = flags.allowUnsupportedKubernetes;
    }
    if (flags.chartsPath !== undefined) {
        // Stored absolute: the program resolves a relative chart path against the project folder, not the caller's.
        // A folder replaces a chart repository and version (the plan refuses both at once).
        set.charts = { path: path.resolve(cwd, flags.chartsPath) };
    }
    if (flags.autonomyDuration !== undefined) {
        set.autonomyDuration = flags.autonomyDuration;
    }
    if (Object.keys(flags.images).length > 0) {
        set.images = { ...objectOf(current.images), ...flags.images };
    }
    if (flags.batchSize !== undefined || flags.jobTimeout !== undefined) {
        set.rollout = {
            ...objectOf(current.rollout),
            ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
            ...(flags.jobTimeout !== undefined ? { jobTimeout: flags.jobTimeout } : {}),
        };
    }
    if (flags.kubeadmConfPath !== undefined) {
        set.kubeadmConfPath = flags.kubeadmConfPath;
    }
    if (flags.yurthubHealthCheckTimeout) {
        set.yurthubHealthCheckTimeout = flags.yurthubHealthCheckTimeout;
    }
    Object.assign(set, kubeconfigConfig(flags, cwd));
    return set;
}

/**
 * `--kubeconfig` is stored as an absolute path, so later commands reach the same cluster; `--context`
 * as `kubeconfigContext`, for the component's provider as for the CLI's own reads.
 */
export function kubeconfigConfig(flags: Flags, cwd: string): ConfigSet {
    return {
        ...(flags.kubeconfig ? { kubeconfig: path.resolve(cwd, flags.kubeconfig) } : {}),
        ...(flags.context ? { kubeconfigContext: flags.context } : {}),
    };
}

/**
 * `markautonomous`: listed nodes join the stack's autonomy set (yurtctl marked, never un-marked);
 * no list means every edge node (`*`, also nodes that join later). With `--unset`, listed nodes
 * leave the set, or all of them when none is listed. `edgeNodes` resolves `*` when a node is
 * removed from "all".
 */
export function autonomyConfig(flags: Flags, current: RawConfig, edgeNodes: string[], cwd: string): ConfigSet {
    const cur = autonomyOf(current.autonomousNodes);
    const asked = flags.autonomousNodes;
    let next: string[];
    if (!flags.unset) {
        if (asked === undefined || asked === "all" || cur === "all") {
            next = ["*"];
        } else {
            next = [...cur, ...asked.filter((n) => !cur.includes(n))];
        }
    } else if (asked === undefined || asked === "all") {
        next = [];
    } else {
        const base = cur === "all" ? edgeNodes : cur;
        next = base.filter((n) => !asked.includes(n));
    }
    return { autonomousNodes: next, ...(flags.autonomyDuration !== undefined ? { autonomyDuration: flags.autonomyDuration } : {}), ...kubeconfigConfig(flags, cwd) };
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
    return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : x));
}

/** Keys of `set` whose value differs from the current config. */
export function changedKeys(current: RawConfig, set: ConfigSet): string[] {
    return Object.keys(set).filter((k) => {
        const v = set[k];
        if (typeof v === "string") {
            return current[k] !== v;
        }
        try {
            return canonical(JSON.parse(current[k] ?? "null")) !== canonical(v);
        } catch {
            return true;
        }
    });
}

/** The argument of `pulumi config set-all --json` (Automation API `setAllConfigJson`). */
export function setAllJson(set: ConfigSet, project = projectName): string {
    const out: Record<string, EngineConfigValue> = {};
    for (const [k, v] of Object.entries(set)) {
        // A boolean needs its objectValue too, or the stack file would hold the string "true" against a boolean schema.
        out[`${project}:${k}`] = typeof v === "string"
            ? { value: v, secret: false }
            : { value: JSON.stringify(v), objectValue: v, secret: false };
    }
    return JSON.stringify(out);
}

/**
 * A stack file with `set` applied, for previewing flags without writing the real stack file
 * (`pulumi preview --config-file`). Comments, secrets and the encryption salt are kept.
 */
export function stackFileWith(text: string | undefined, set: ConfigSet, project = projectName): string {
    const doc = parseDocument(text ?? "");
    if (doc.errors.length > 0) {
        throw new Error(`stack file is not valid YAML: ${doc.errors[0].message}`);
    }
    if (!doc.contents) {
        doc.contents = doc.createNode({}) as any;
    }
    for (const [k, v] of Object.entries(set)) {
        doc.setIn(["config", `${project}:${k}`], doc.createNode(v));
    }
    return doc.toString();
}

/** A string setting a stack file holds in plain text (a secret one needs the engine: then undefined). */
export function stackSetting(stackFileText: string | undefined, key: string, project = projectName): string | undefined {
    if (!stackFileText) {
        return undefined;
    }
    try {
        const v = parseDocument(stackFileText).toJS()?.config?.[`${project}:${key}`];
        return typeof v === "string" && v !== "" ? v : undefined;
    } catch {
        return undefined;
    }
}

/** The kubeconfig a stack file names in plain text. */
export function stackKubeconfig(stackFileText: string | undefined, project = projectName): string | undefined {
    return stackSetting(stackFileText, "kubeconfig", project);
}
