import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { commandSpecs, flagSpecs } from "../../cli/input/args";
import { commandHelp } from "../../cli/input/help";
import { flagForSetting } from "../../cli/input/problems";
import {
    flaggedSettings,
    parentOf,
    SettingDefinition,
    SettingKey,
    settingKeys,
    settings,
    settingTable,
    topLevelSettings,
} from "../../components/core/config/settings";
import { isYurtManagerPlan, planEdgeCluster } from "../../components/edgecluster/plan";
import { parseDuration } from "../../components/core/plan/validate";
import { inventory, v1_7Kubernetes } from "../../support/inventory";

/**
 * The settings table (components/core/config/settings.ts) against the files written by hand that repeat
 * it. The rules:
 * - Pulumi.yaml `config:`: exactly the top-level settings; the type (a list is an `array` of
 *   strings); the default is the setting's default, else the empty value of its type, and none for
 *   a required setting; the description is the setting's description, followed by
 *   " Default: <defaultText>." where the default is not one value.
 * - README, "Configuration": one row per setting (fields of object settings included, `rollout.batchSize`);
 *   the default cell is the default in backticks (a string as is, anything else as JSON),
 *   "required", or the defaultText; the meaning cell is the description. Cells are compared as
 *   plain text: backticks dropped, links reduced to their text.
 * - docs/cli.md, "Flags": one row per setting flag, its first cell starting with the flag as help
 *   shows it (`-c, --cloud-nodes`), naming every command that takes it, its last cell starting
 *   with the setting's key in backticks.
 * - The CLI's flag table (cli/input/args.ts) and help: every setting's flag, with its help, short form,
 *   placeholder and the setting's choices; convert and plan take all of them.
 */

const root = path.join(__dirname, "..", "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

/** Markdown table cells of one row (`\|` is a pipe inside a cell). */
const cells = (row: string) =>
    row
        .trim()
        .replace(/^\||\|$/g, "")
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, "|"));
/** A Markdown cell as plain text. */
const plain = (md: string) =>
    md
        .replace(/`/g, "")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
        .replace(/\*\*/g, "");
/** The rows of the Markdown table under `header`, as cells. */
function table(text: string, header: string): string[][] {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.trim() === header);
    assert.ok(start >= 0, `no table "${header}"`);
    const rows: string[][] = [];
    for (const line of lines.slice(start + 2)) {
        if (!line.trim().startsWith("|")) {
            break;
        }
        rows.push(cells(line));
    }
    return rows;
}

const emptyValue = { string: "", boolean: false, integer: 0, list: [], object: {} } as const;
const def = (key: string): SettingDefinition => settingTable[key as SettingKey];
/** How the README shows a default value. */
const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const sameSet = (actual: string[], expected: string[], what: string) => {
    const missing = expected.filter((k) => !actual.includes(k));
    const extra = actual.filter((k) => !expected.includes(k));
    assert.deepStrictEqual(
        { missing, extra },
        { missing: [], extra: [] },
        `${what}: missing ${missing.join(", ") || "none"}; not settings: ${extra.join(", ") || "none"}`,
    );
};

describe("the settings table", () => {
    it("is well formed: a field's object exists, an object names its fields, each default matches its type", () => {
        for (const key of settingKeys) {
            const d = def(key);
            const parent = parentOf(key);
            if (parent !== undefined) {
                assert.strictEqual(def(parent)?.type, "object", `${key}: ${parent} is an object setting`);
                assert.match(def(parent).description, new RegExp(`\\b${key.slice(parent.length + 1)}\\b`), `${parent}'s description names ${key}`);
            }
            const kinds = ["default" in d, d.defaultText !== undefined, d.required === true].filter(Boolean).length;
            assert.strictEqual(kinds, 1, `${key}: exactly one of default, defaultText, required`);
            if ("default" in d) {
                assert.strictEqual(typeof d.default, typeof emptyValue[d.type], `${key}: default of a ${d.type}`);
            }
            assert.ok(!/`/.test(d.description), `${key}: the description is plain text`);
            assert.ok(d.flag === undefined || d.type !== "object", `${key}: an object has no flag of its own`);
        }
    });
});

describe("Pulumi.yaml's config schema agrees with the settings table", () => {
    const schema: Record<string, { type: string; items?: { type: string }; default?: unknown; description?: string }> = parse(
        read("Pulumi.yaml"),
    ).config;

    it("declares exactly the top-level settings", () => {
        sameSet(Object.keys(schema), topLevelSettings, "Pulumi.yaml config");
    });

    for (const key of topLevelSettings) {
        it(`${key}: type, default, description`, () => {
            const d = def(key);
            const s = schema[key];
            assert.ok(s, `Pulumi.yaml has no ${key}`);
            assert.strictEqual(s.type, d.type === "list" ? "array" : d.type);
            assert.deepStrictEqual(s.items, d.type === "list" ? { type: "string" } : undefined);
            assert.deepStrictEqual(s.default, d.required ? undefined : "default" in d ? d.default : emptyValue[d.type], "default");
            assert.strictEqual(s.description, d.description + (d.defaultText ? ` Default: ${d.defaultText}.` : ""), "description");
        });
    }
});

describe("README's configuration table agrees with the settings table", () => {
    const text = read("README.md");
    const rows = table(text.slice(text.indexOf("## Configuration")), "| key | default | meaning |");
    const byKey = new Map(rows.map((r) => [plain(r[0]), r]));

    it("has one row per setting, fields of object settings included", () => {
        assert.strictEqual(byKey.size, rows.length, "no key twice");
        sameSet([...byKey.keys()], settingKeys, "README table");
    });

    for (const key of settingKeys) {
        it(`${key}: default and meaning`, () => {
            const d = def(key);
            const row = byKey.get(key);
            assert.ok(row, `README has no row for ${key}`);
            assert.strictEqual(plain(row[1]), d.required ? "required" : "default" in d ? shown(d.default) : d.defaultText, "default");
            if ("default" in d) {
                assert.strictEqual(row[1], `\`${shown(d.default)}\``, "a default value is shown as code");
            }
            assert.strictEqual(plain(row[2]), d.description, "meaning");
        });
    }
});

describe("yurtctl's flags agree with the settings table", () => {
    const settingFlags = flaggedSettings.map((key) => ({ key, flag: def(key).flag! }));

    it("the flag table has every setting's flag, with its help, short form, placeholder and choices, and nothing else writes a setting", () => {
        for (const { key, flag } of settingFlags) {
            const spec = flagSpecs[flag.name];
            assert.ok(spec, `no flag --${flag.name}`);
            assert.deepStrictEqual(
                { setting: spec.setting, help: spec.help, short: spec.short, value: spec.value, choices: spec.choices },
                { setting: key, help: flag.help, short: flag.short, value: flag.value, choices: def(key).choices },
                `--${flag.name}`,
            );
            assert.strictEqual(
                spec.kind,
                { string: "string", boolean: "bool", integer: "int", list: "list" }[def(key).type as "string"],
                `--${flag.name} kind`,
            );
            assert.strictEqual(flagForSetting(key), flag.name, `problems with ${key} are named --${flag.name}`);
        }
        sameSet(
            Object.values(flagSpecs)
                .filter((f) => f.setting !== undefined)
                .map((f) => f.setting!),
            flaggedSettings,
            "flags with a setting",
        );
    });

    it("convert and plan take every setting's flag, and their help shows each with its help text", () => {
        for (const command of ["convert", "plan"] as const) {
            const help = commandHelp(command);
            for (const { flag } of settingFlags) {
                assert.ok(commandSpecs[command].flags.includes(flag.name), `${command} takes --${flag.name}`);
                assert.ok(
                    help.split("\n").some((l) => l.includes(`--${flag.name}`) && l.endsWith(` ${flag.help}`)),
                    `${command} --help shows --${flag.name}: ${flag.help}`,
                );
            }
        }
    });

    it("docs/cli.md's flag table: one row per setting flag, as help shows it, naming its commands and the key it writes", () => {
        const rows = table(read("docs/cli.md"), "| flag | commands | stack config key it writes |");
        const flagsOf = (cell: string) => [...cell.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]).filter((n) => flagSpecs[n]?.setting !== undefined);
        const documented = rows.flatMap((r) => flagsOf(r[0].split("` ")[0]));
        assert.strictEqual(new Set(documented).size, documented.length, "no setting flag twice");
        sameSet(
            documented,
            settingFlags.map((f) => f.flag.name),
            "docs/cli.md flag table",
        );
        for (const { key, flag } of settingFlags) {
            const row = rows.find((r) => flagsOf(r[0].split("` ")[0]).includes(flag.name))!;
            const head = (row[0].match(/^`([^`]*)`/) ?? [])[1] ?? "";
            assert.ok(
                head.startsWith(`${flag.short ? `-${flag.short}, ` : ""}--${flag.name}`),
                `row of --${flag.name} starts with the flag: ${row[0]}`,
            );
            assert.deepStrictEqual(flagsOf(head), [flag.name], `one setting flag per row: ${row[0]}`);
            for (const [command, spec] of Object.entries(commandSpecs)) {
                if (spec.flags.includes(flag.name)) {
                    assert.match(row[1], new RegExp(`\\b${command}\\b`), `--${flag.name}'s row names ${command}`);
                }
            }
            assert.strictEqual((row[2].match(/^`([^`:]*)/) ?? [])[1], key, `--${flag.name} writes ${key}: ${row[2]}`);
        }
    });
});

describe("the plans take their defaults from the settings table", () => {
    it("v1.7.0: pools, autonomy duration, namespace, batch timeout", () => {
        const plan = planEdgeCluster({ cloudNodes: ["node1"], autonomousNodes: "all" }, inventory(["node1", "node2"], { version: v1_7Kubernetes }));
        assert.ok(isYurtManagerPlan(plan));
        assert.strictEqual(plan.release.version, settings.release.default);
        assert.deepStrictEqual(
            plan.pools.map((p) => p.name),
            [settings.cloudPool.default, settings.defaultEdgePool.default],
        );
        assert.strictEqual(plan.autonomyDuration, settings.autonomyDuration.default);
        assert.strictEqual(plan.namespace, settings.namespace.default);
        assert.strictEqual(plan.conversionTimeoutSeconds, parseDuration(settings["rollout.jobTimeout"].default));
    });
});
