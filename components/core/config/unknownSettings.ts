import { ProblemList } from "./problems";
import { nearest } from "./nearest";
import { parentOf, settingKeys, topLevelSettings } from "./settings";
import { projectName, RawConfig } from "./stackFile";

/**
 * The keys of the project's namespace (`pulumi-openyurt:<key>`) against the settings table. The
 * program reads only the keys the table defines, so any other one would be ignored without a word:
 * `cloudNode` for `cloudNodes`, `autonomousNode` for `autonomousNodes`, `rollout.batchsize` for
 * `rollout.batchSize`. Each is a problem naming the key, the nearest setting and the fix, reported
 * with the stack's other problems before anything changes.
 */

/**
 * The fields of each object setting whose fields the table defines (`rollout` → batchSize, jobTimeout,
 * backoffLimit). Object settings without fields in the table are not checked here: `edgePools`'
 * keys are the user's pool names, and `ack`'s are checked by the ACK planner.
 */
const fieldsOf: ReadonlyMap<string, readonly string[]> = new Map(
    topLevelSettings
        .map((key) => [key, settingKeys.filter((k) => parentOf(k) === key).map((k) => k.slice(key.length + 1))] as const)
        .filter(([, fields]) => fields.length > 0),
);

/**
 * The project's config out of the engine's whole config (`pulumi.runtime.allConfig()`, every namespace,
 * keys `<namespace>:<key>`): key without the prefix → raw value. Other namespaces (`kubernetes:context`,
 * `alicloud:region`) are left out: they are their providers' settings.
 */
export function projectConfig(all: Readonly<Record<string, string>>, project = projectName): RawConfig {
    const prefix = `${project}:`;
    return Object.fromEntries(Object.entries(all).flatMap(([key, value]) => (key.startsWith(prefix) ? [[key.slice(prefix.length), value]] : [])));
}

/** A word as a shell argument: as is when it needs no quotes, else in single quotes. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * Adds a problem for every key of the project's config (key without the prefix → raw value) that the
 * settings table does not define, and for every unknown field of an object setting whose fields it
 * defines (`rollout.batchsize`); each names the nearest setting, when one is near. A key with a
 * known setting before a `.` or `[` (`rollout.batchSize` as one key) was set without `--path`.
 */
export function checkKnownSettings(problems: ProblemList, config: RawConfig, project = projectName): void {
    for (const [key, raw] of Object.entries(config)) {
        if ((topLevelSettings as readonly string[]).includes(key)) {
            checkFields(problems, key, raw, project);
            continue;
        }
        const full = `${project}:${key}`;
        const root = /^[^.[]+/.exec(key)?.[0];
        if (root !== undefined && root !== key && (topLevelSettings as readonly string[]).includes(root)) {
            problems.add(
                key,
                `unknown setting ${full}: ${key[root.length] === "." ? "a field" : "an item"} of ${root} set as a key of its own (without --path), which the program does not read`,
                `remove it (\`pulumi config rm ${shellWord(full)}\`) and set it with \`pulumi config set --path ${shellWord(full)} …\``,
            );
            continue;
        }
        const near = nearest(key, topLevelSettings);
        problems.add(
            key,
            `unknown setting ${full}${near ? `; did you mean ${near}?` : ""}`,
            near
                ? `rename it to ${project}:${near} in the stack file, or remove it (\`pulumi config rm ${shellWord(full)}\`)`
                : `remove it (\`pulumi config rm ${shellWord(full)}\`); the settings are: ${topLevelSettings.join(", ")}`,
        );
    }
}

/** The unknown fields of an object setting whose fields the table defines; a value that is no JSON object is readSetting's to report. */
function checkFields(problems: ProblemList, key: string, raw: string, project: string): void {
    const fields = fieldsOf.get(key);
    let value: unknown;
    try {
        value = fields ? JSON.parse(raw) : undefined;
    } catch {
        return;
    }
    if (!fields || typeof value !== "object" || value === null || Array.isArray(value)) {
        return;
    }
    for (const field of Object.keys(value).filter((f) => !fields.includes(f))) {
        const full = `${project}:${key}.${field}`;
        const near = nearest(field, fields);
        problems.add(
            `${key}.${field}`,
            `unknown setting ${full}${near ? `; did you mean ${key}.${near}?` : ""}`,
            `${near ? `rename the field ${field} of ${project}:${key} to ${near} in the stack file, or remove it` : "remove it"} (\`pulumi config rm --path ${shellWord(full)}\`); the fields of ${key} are: ${fields.join(", ")}`,
        );
    }
}
