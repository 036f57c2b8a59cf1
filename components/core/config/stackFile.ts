import { parseDocument } from "yaml";

/**
 * The stack file (`stacks/Pulumi.<stack>.yaml`) as text: the project's settings read out of it the
 * way the engine hands them to the program, and written into it without losing comments, secrets or
 * the encryption salt. What the values mean is stackConfig.ts's.
 */

/** The project's name: the prefix of its settings in a stack file (`pulumi-openyurt:release`). */
export const projectName = "pulumi-openyurt";

/** A project config value as the stack file holds it: a string, a boolean, a number, a list of node names, or an object. */
export type ConfigValue = string | boolean | number | string[] | Record<string, unknown>;
/** Project config keys (without the `pulumi-openyurt:` prefix) to set. */
export type ConfigSet = Record<string, ConfigValue>;
/** Project config as the program sees it: key (no prefix) → raw string (JSON for lists and objects). */
export type RawConfig = Record<string, string>;

const isSecure = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as any).secure === "string";

/** The project's settings a stack file holds (key without prefix → value as YAML gives it); secret ones as `{secure}`. */
function projectSettings(stackFileText: string | undefined, project: string): Record<string, unknown> {
    const doc = stackFileText ? parseDocument(stackFileText).toJS() : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries((doc?.config ?? {}) as Record<string, unknown>)) {
        if (key.startsWith(`${project}:`) && v !== null && v !== undefined) {
            out[key.slice(project.length + 1)] = v;
        }
    }
    return out;
}

/**
 * The project's config as the program will read it, from the stack file and the project's schema
 * defaults (what `pulumi config --json` shows, which refuses to answer while required keys are
 * missing, i.e. before the first convert). Secret values are listed in `secure` to be decrypted.
 */
export function rawFromStackFile(
    stackFileText: string | undefined,
    defaults: Record<string, unknown>,
    project = projectName,
): { raw: RawConfig; secure: string[] } {
    const raw: RawConfig = {};
    const secure: string[] = [];
    const asString = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
    for (const [k, v] of Object.entries(defaults)) {
        if (v !== undefined) {
            raw[k] = asString(v);
        }
    }
    for (const [k, v] of Object.entries(projectSettings(stackFileText, project))) {
        if (isSecure(v)) {
            secure.push(k);
            delete raw[k];
        } else {
            raw[k] = asString(v);
        }
    }
    return { raw, secure };
}

/** A string setting a stack file holds in plain text (a secret one needs the engine: then undefined). */
export function stackSetting(stackFileText: string | undefined, key: string, project = projectName): string | undefined {
    try {
        const v = projectSettings(stackFileText, project)[key];
        return typeof v === "string" && v !== "" ? v : undefined;
    } catch {
        return undefined;
    }
}

/**
 * A stack file with project settings written (keys without the prefix); comments, secrets, other
 * namespaces' settings and the encryption salt are kept. With `replace`, the project's settings
 * not in `set` are removed (secret ones too), so it holds exactly `set`; a key set to undefined is left out.
 */
export function stackFileWith(
    text: string | undefined,
    set: Readonly<Record<string, unknown>>,
    opts: { project?: string; replace?: boolean } = {},
): string {
    const project = opts.project ?? projectName;
    const doc = parseDocument(text ?? "");
    if (doc.errors.length > 0) {
        throw new Error(`stack file is not valid YAML: ${doc.errors[0].message}`);
    }
    if (!doc.contents) {
        doc.contents = doc.createNode({}) as any;
    }
    if (opts.replace) {
        for (const k of Object.keys(projectSettings(text, project)).filter((key) => set[key] === undefined)) {
            doc.deleteIn(["config", `${project}:${k}`]);
        }
    }
    for (const [k, v] of Object.entries(set)) {
        if (v !== undefined) {
            doc.setIn(["config", `${project}:${k}`], doc.createNode(v));
        }
    }
    return doc.toString();
}
