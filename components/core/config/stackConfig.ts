import { ProblemList } from "./problems";
import { ConversionSpec } from "./spec";
import { autonomyOfList, parentOf, SettingKey, settings, settingTable, SettingType, SettingValue, topLevelSettings } from "./settings";
import { projectName, RawConfig } from "./stackFile";
import { checkKnownSettings } from "./unknownSettings";

/** Reads one raw config value (as `pulumi.Config.get` does); undefined when unset. */
export type ConfigGetter = (key: string) => string | undefined;

/** Where the cluster comes from. */
export type ClusterSource = (typeof settings.cluster.choices)[number];

/** Everything a stack's config says, typed; conversion values are validated later by the plan. */
export interface StackSettings {
    cluster: ClusterSource;
    /** Path to, or contents of, a kubeconfig (cluster "existing"); default $KUBECONFIG, then ~/.kube/config. */
    kubeconfig?: string;
    /** The kubeconfig context to use (cluster "existing"); default its current-context. */
    kubeconfigContext?: string;
    conversion: ConversionSpec;
    /** Raw `ack` object (cluster "ack"), validated by the ACK source. */
    ack?: unknown;
}

/** A key of the stack's config itself (no object's field). */
export type TopLevelSettingKey = Exclude<SettingKey, `${string}.${string}`>;

/** Settings of the stack itself; every other top-level setting is a field of the conversion (ConversionSpec). */
const stackOnly = ["cluster", "kubeconfig", "kubeconfigContext", "ack"] as const satisfies readonly TopLevelSettingKey[];
type ConversionSettingKey = Exclude<TopLevelSettingKey, (typeof stackOnly)[number]>;
/** True at compile time only when the conversion's settings and ConversionSpec's fields are the same keys. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const conversionSettingsAreTheSpec: SameKeys<ConversionSettingKey, keyof ConversionSpec> = true;
void conversionSettingsAreTheSpec;

/** A string or list a stack leaves empty means "unset" when the setting has no default value (the schema's default is then empty). */
const emptyMeansUnset = (key: SettingKey) => !("default" in settingTable[key]);

/**
 * One setting's value as the program reads it: undefined when unset; lists and objects from their
 * JSON, booleans from "true"/"false" (anything else is passed on for the plan to name), integer
 * fields of an object as numbers (one that is none is passed on for the plan to name). A value of the wrong shape goes to `problems` (with the
 * `pulumi config set` that fixes it) and reads as undefined.
 */
export function readSetting<K extends TopLevelSettingKey>(
    get: ConfigGetter,
    key: K,
    problems = new ProblemList(),
    project = projectName,
): SettingValue<(typeof settings)[K]["type"]> | undefined {
    const raw = get(key);
    if (raw === undefined || (raw === "" && (emptyMeansUnset(key) || settingTable[key].type !== "string"))) {
        return undefined;
    }
    const type: SettingType = settingTable[key].type;
    if (type === "string") {
        return raw as any;
    }
    if (type === "boolean") {
        return (raw === "true" ? true : raw === "false" ? false : raw) as any;
    }
    let v: unknown;
    try {
        v = JSON.parse(raw);
    } catch {
        problems.add(
            key,
            `value ${JSON.stringify(raw.slice(0, 60))} is not valid JSON for a structured setting`,
            `set it with \`pulumi config set --path ${project}:${key}[0] value\` or give a JSON value`,
        );
        return undefined;
    }
    if (type === "list") {
        if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
            problems.add(
                key,
                `${JSON.stringify(v)} is not a list of node names`,
                `set it like \`pulumi config set --path '${project}:${key}[0]' node1\``,
            );
            return undefined;
        }
        return (v.length === 0 && emptyMeansUnset(key) ? undefined : v) as any;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
        problems.add(
            key,
            `${JSON.stringify(v)} is not an object`,
            `set its fields like \`pulumi config set --path '${project}:${key}.field' value\``,
        );
        return undefined;
    }
    const fields: Record<string, unknown> = { ...v };
    for (const field of Object.keys(settings).filter((k) => parentOf(k) === key && settingTable[k as SettingKey].type === "integer")) {
        const name = field.slice(key.length + 1);
        const n = Number(fields[name]);
        if (fields[name] !== undefined && !Number.isNaN(n)) {
            fields[name] = n;
        }
    }
    return fields as any;
}

/**
 * Turns the project's raw stack config (key without the prefix → raw value; see projectConfig) into
 * typed settings, following the settings table. Structured keys arrive as JSON; a value of the wrong
 * shape is reported with its key and the `pulumi config set` that fixes it, and a key the table does
 * not define (a typo such as `cloudNode`) with the nearest setting (checkKnownSettings).
 */
export function readStackConfig(config: RawConfig, project = projectName): StackSettings {
    const problems = new ProblemList();
    checkKnownSettings(problems, config, project);
    const get: ConfigGetter = (key) => (Object.prototype.hasOwnProperty.call(config, key) ? config[key] : undefined);
    const read = <K extends TopLevelSettingKey>(key: K) => readSetting(get, key, problems, project);
    const cluster = (read("cluster") ?? settings.cluster.default) as ClusterSource;
    if (!settings.cluster.choices.includes(cluster)) {
        problems.add(
            "cluster",
            `unknown cluster source "${cluster}"`,
            `use "existing" (a cluster reached by kubeconfig) or "ack" (provision an ACK cluster)`,
        );
    }
    const conversion: Record<string, unknown> = {};
    for (const key of topLevelSettings as TopLevelSettingKey[]) {
        if (!(stackOnly as readonly string[]).includes(key)) {
            conversion[key] = read(key);
        }
    }
    const result: StackSettings = {
        cluster,
        kubeconfig: read("kubeconfig"),
        kubeconfigContext: read("kubeconfigContext"),
        conversion: {
            ...conversion,
            cloudNodes: (conversion.cloudNodes as string[] | undefined) ?? [],
            autonomousNodes: autonomyOfList(conversion.autonomousNodes as string[] | undefined),
        } as ConversionSpec,
        ack: cluster === "ack" ? read("ack") : undefined,
    };
    problems.throwIfAny();
    return result;
}
