import * as path from "path";
import { ConfigSet, projectName, RawConfig, stackSetting } from "../../components/core/config/stackFile";
import { readSetting, TopLevelSettingKey } from "../../components/core/config/stackConfig";
import { autonomyOfList, everyEdgeNode, parentOf, settingKeys, settingTable, SettingValues } from "../../components/core/config/settings";
import { releases, requestedRelease } from "../../components/core/release";
import { Flags } from "./args";

/**
 * Flags → stack config. Pure: the current config (as the engine reads it) and the flags in, the
 * keys to set out. Settings a command's flags do not name keep the stack's value, so re-running
 * `convert` with one flag changes one thing.
 */

/** One entry of `pulumi config --json` / `pulumi config set-all --json`. */
export interface EngineConfigValue {
    value: string;
    secret?: boolean;
    objectValue?: unknown;
}

/** The raw config after a set, as the program will read it. */
export function mergeRaw(current: RawConfig, set: ConfigSet): RawConfig {
    const merged = { ...current };
    for (const [k, v] of Object.entries(set)) {
        merged[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return merged;
}

/** A top-level setting of the current config as the program reads it; a value it cannot read counts as unset. */
const currentSetting = (current: RawConfig, key: TopLevelSettingKey) => readSetting((k) => current[k], key);

/** The stack's autonomy setting: a list, or "all" (`["*"]`). */
export function autonomyOf(raw: string | undefined): string[] | "all" {
    return autonomyOfList(readSetting(() => raw, "autonomousNodes") ?? []);
}

/**
 * What setting values write into the stack config: each its key, in the settings table's order. A
 * field of an object setting goes into the stack's object, whose other fields are kept (unless its
 * flag writes it alone); a path is written absolute, as the program resolves paths against the project.
 */
export function settingsConfig(values: SettingValues, current: RawConfig, cwd: string): ConfigSet {
    const set: ConfigSet = {};
    for (const key of settingKeys) {
        const given = values[key];
        if (given === undefined) {
            continue;
        }
        const flag = settingTable[key].flag;
        const value = flag?.path && typeof given === "string" ? path.resolve(cwd, given) : given;
        const parent = parentOf(key) as TopLevelSettingKey | undefined;
        if (parent === undefined) {
            set[key] = value;
            continue;
        }
        const others = flag?.alone ? {} : ((set[parent] as Record<string, unknown> | undefined) ?? currentSetting(current, parent) ?? {});
        set[parent] = { ...(others as object), [key.slice(parent.length + 1)]: value };
    }
    return set;
}

/**
 * `convert` and `plan`: every conversion flag given becomes its config key. On a stack's first
 * conversion (`firstConversion`: nothing in its state) with the yurtctl release (v0.6.1), no
 * --autonomous-nodes means every edge node, as yurtctl v0.6.1's convert did; later runs keep the
 * stack's setting, and v1.7.0 (which has no yurtctl convert upstream) keeps the component's default, none.
 */
export function conversionConfig(flags: Flags, current: RawConfig, cwd: string, firstConversion = false): ConfigSet {
    const values = { ...flags.settings };
    if (
        values.autonomousNodes === undefined &&
        firstConversion &&
        releases[requestedRelease(values.release ?? current.release)]?.convertMarksEveryEdgeNode
    ) {
        values.autonomousNodes = [everyEdgeNode];
    }
    return settingsConfig(values, current, cwd);
}

/**
 * `--kubeconfig` is stored as an absolute path, so later commands reach the same cluster; `--context`
 * as `kubeconfigContext`, for the component's provider as for the CLI's own reads.
 */
export function kubeconfigConfig(flags: Flags, cwd: string): ConfigSet {
    return settingsConfig({ kubeconfig: flags.settings.kubeconfig, kubeconfigContext: flags.settings.kubeconfigContext }, {}, cwd);
}

/**
 * `markautonomous`: listed nodes join the stack's autonomy set (yurtctl marked, never un-marked);
 * no list means every edge node (`*`, also nodes that join later). With `--unset`, listed nodes
 * leave the set, or all of them when none is listed. `edgeNodes` resolves `*` when a node is
 * removed from "all".
 */
export function autonomyConfig(flags: Flags, current: RawConfig, edgeNodes: string[], cwd: string): ConfigSet {
    const cur = autonomyOf(current.autonomousNodes);
    const asked = autonomyOfList(flags.settings.autonomousNodes);
    let next: string[];
    if (!flags.unset) {
        if (asked === undefined || asked === "all" || cur === "all") {
            next = [everyEdgeNode];
        } else {
            next = [...cur, ...asked.filter((n) => !cur.includes(n))];
        }
    } else if (asked === undefined || asked === "all") {
        next = [];
    } else {
        const base = cur === "all" ? edgeNodes : cur;
        next = base.filter((n) => !asked.includes(n));
    }
    const { autonomyDuration, kubeconfig, kubeconfigContext } = flags.settings;
    return { autonomousNodes: next, ...settingsConfig({ autonomyDuration, kubeconfig, kubeconfigContext }, current, cwd) };
}

/** JSON with object keys sorted, so equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
    return JSON.stringify(v, (_k, x) =>
        x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
    );
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
        out[`${project}:${k}`] = typeof v === "string" ? { value: v, secret: false } : { value: JSON.stringify(v), objectValue: v, secret: false };
    }
    return JSON.stringify(out);
}

/** The kubeconfig a stack file names in plain text. */
export function stackKubeconfig(stackFileText: string | undefined, project = projectName): string | undefined {
    return stackSetting(stackFileText, "kubeconfig", project);
}
