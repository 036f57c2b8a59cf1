import { flaggedSettings, parentOf, settingTable } from "../../components/core/config/settings";
import { ConfigProblem } from "../../components/core/config/problems";

/**
 * Validation problems found by the plan, told in the CLI's terms: a setting that a flag of this
 * command sets is named by that flag; a setting that came from the stack file is named as a stack
 * setting, with the flag that changes it. The plan's fixes name settings ("set
 * allowUnsupportedKubernetes: true"); they are retold with the flags that make them.
 */

/**
 * Setting key → the flag that writes it, from the settings table. An object setting that one flag
 * writes whole (`--charts-path` replaces `charts`) is named by that flag too.
 */
const settingFlags = new Map<string, string>(
    flaggedSettings.flatMap((key) => {
        const flag = settingTable[key].flag!;
        const parent = parentOf(key);
        return [[key, flag.name] as [string, string], ...(flag.alone && parent ? [[parent, flag.name] as [string, string]] : [])];
    }),
);

/** The flag that sets a config setting (`cloudNodes[1]` → `cloud-nodes`), if any. */
export function flagForSetting(setting: string): string | undefined {
    return settingFlags.get(setting.replace(/\[\d+\]$/, ""));
}

/** Phrases of the plan's fixes that name a setting, and the flag that does the same. */
const fixPhrases: Array<[RegExp, (...m: string[]) => string]> = [
    [/set release to "([^"]+)"/g, (_, v) => `use --release ${v}`],
    [/set allowUnsupportedKubernetes: true/g, () => "add --allow-unsupported-kubernetes"],
    [/set it to true to accept an unsupported Kubernetes version/g, () => "write --allow-unsupported-kubernetes (or =false)"],
];

/** A plan's fix in the CLI's words: "set release to "v1.7.0"" → "use --release v1.7.0". */
export function fixInFlags(fix: string): string {
    return fixPhrases.reduce((text, [re, to]) => text.replace(re, (...m) => to(...(m as string[]))), fix);
}

/** Where a problem's value came from, for the message. */
export function problemSubject(p: ConfigProblem, given: ReadonlySet<string>, stack: string): string {
    const f = flagForSetting(p.setting);
    if (f && given.has(f)) {
        return `--${f}`;
    }
    return `${p.setting} (stack "${stack}" config${f ? `; change it with --${f}` : ""})`;
}

export function describeProblems(problems: ConfigProblem[], given: ReadonlySet<string>, stack: string): string {
    const noun = problems.length === 1 ? "problem" : "problems";
    const lines = problems.map((p) => `  ${problemSubject(p, given, stack)}: ${p.message}\n    fix: ${fixInFlags(p.fix)}`);
    return `${problems.length} ${noun}; nothing was changed:\n${lines.join("\n")}`;
}
