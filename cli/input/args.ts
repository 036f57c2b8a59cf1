import { nearest } from "../../components/core/config/nearest";
import { flaggedSettings, SettingKey, settingTable, SettingType, SettingValues } from "../../components/core/config/settings";
import { defaultRelease } from "../../components/core/release";
import { UsageError } from "./errors";

/**
 * Command-line parsing: yurtctl's commands and flag names, checked before anything runs.
 * Pure: argv in, typed command out, or a UsageError whose message names the flag.
 */

export const commandNames = ["convert", "markautonomous", "revert", "plan", "status", "unlock", "version", "completion"] as const;
export type CommandName = (typeof commandNames)[number];

export type FlagKind = "bool" | "string" | "list" | "int";

export interface FlagSpec {
    /** Long name, without the dashes. */
    name: string;
    short?: string;
    kind: FlagKind;
    /** Placeholder shown in help, e.g. NODES. */
    value?: string;
    help: string;
    /** Left out of help (advanced or for tests). */
    hidden?: boolean;
    /** The values it takes, when it is one of a few (offered by completion; checked by the parser, or for a setting by the plan). */
    choices?: readonly string[];
    /** The stack setting the flag writes (components/core/config/settings.ts); its value is the plan's to check. */
    setting?: SettingKey;
}

const flag = (name: string, kind: FlagKind, help: string, extra: Partial<FlagSpec> = {}): FlagSpec => ({ name, kind, help, ...extra });

/** How a flag takes the value of a setting of a type. */
const flagKinds: Record<SettingType, FlagKind | undefined> = { string: "string", boolean: "bool", integer: "int", list: "list", object: undefined };

/** The flag of a setting, from the settings table. */
function settingFlag(key: SettingKey): FlagSpec {
    const { type, flag: f, choices } = settingTable[key];
    const kind = flagKinds[type];
    if (!f || !kind) {
        throw new Error(`setting ${key} has no flag of its own`);
    }
    return flag(f.name, kind, f.help, {
        setting: key,
        ...(f.short ? { short: f.short } : {}),
        ...(f.value ? { value: f.value } : {}),
        ...(choices ? { choices } : {}),
    });
}

/** Every flag, once; commands pick theirs by name. The settings' flags come first, in the settings table's order. */
export const flagSpecs: Record<string, FlagSpec> = Object.fromEntries(
    [
        ...flaggedSettings.map(settingFlag),
        flag("unset", "bool", "remove the autonomy annotation instead (of the listed nodes, or of every node)"),
        flag("stack", "string", "Pulumi stack holding the conversion's config and state", { short: "s", value: "NAME" }),
        flag("yes", "bool", "do not ask for confirmation", { short: "y" }),
        flag("output", "string", "output format: table or json (convert, markautonomous, revert: progress on stderr, a JSON summary on stdout)", {
            short: "o",
            value: "FORMAT",
            choices: ["table", "json"],
        }),
        flag("verbose", "bool", "also print the Pulumi engine's own output", { short: "v" }),
        flag("project-dir", "string", "the Pulumi project to run (default: this repository; env YURTCTL_PROJECT_DIR)", {
            value: "DIR",
            hidden: true,
        }),
        flag("help", "bool", "show help for the command", { short: "h" }),
        flag("version", "bool", "print the versions of yurtctl, OpenYurt, the Pulumi engine and the Kubernetes provider"),
    ].map((f) => [f.name, f]),
);

/** convert and plan take the flag of every setting that has one. */
const conversionFlags = Object.values(flagSpecs)
    .filter((f) => f.setting !== undefined)
    .map((f) => f.name);

/** Flags taken before (or without) a command: `yurtctl --help`, `yurtctl --version`. */
export const topLevelFlags = ["help", "verbose", "version"];

/** Shells `yurtctl completion` writes a script for. */
export const completionShells = ["bash", "zsh"] as const;
export type CompletionShell = (typeof completionShells)[number];

export interface CommandSpec {
    summary: string;
    usage: string;
    flags: string[];
    /** Longer explanation for `--help`. */
    notes: string[];
    /** A positional argument the command takes (`yurtctl completion bash`). */
    argument?: { name: string; choices: readonly string[] };
}

export const commandSpecs: Record<CommandName, CommandSpec> = {
    convert: {
        summary: "convert the cluster to an OpenYurt edge cluster (writes the stack config, then pulumi up)",
        usage: "yurtctl convert --cloud-nodes NODES [--release VERSION] [--provider NAME] [flags]",
        flags: [...conversionFlags, "stack", "yes", "output", "verbose", "project-dir", "help"],
        notes: [
            "Flags you give are written to the stack's config; settings you leave out keep the stack's value,",
            "so `yurtctl convert --node-servant-image X` re-runs the servant Jobs with a new image, batch by batch.",
            `Release ${defaultRelease.version} (the default) installs yurt-manager and yurthub from OpenYurt's Helm charts, puts the`,
            "cloud nodes in a Cloud NodePool and the edge nodes in an Edge NodePool, and waits until yurt-manager has",
            "converted each node, batch by batch. --release v0.6.1 runs yurtctl's own steps (servant Jobs, labels,",
            "yurt-controller-manager) and needs --provider; on a Kubernetes newer than 1.21 it also needs --allow-unsupported-kubernetes.",
            "With --release v0.6.1 and no --autonomous-nodes, the first convert of a stack marks every edge node",
            "autonomous, as yurtctl v0.6.1 did (the component's own default, and v1.7.0's, is none); markautonomous --unset removes marks.",
            "Without --yes the plan is shown first and you are asked to confirm.",
        ],
    },
    markautonomous: {
        summary: "mark edge nodes autonomous (--unset: remove the mark); touches nothing else",
        usage: "yurtctl markautonomous [--autonomous-nodes NODES] [--unset] [--autonomy-duration DURATION] [flags]",
        flags: [
            "autonomous-nodes",
            "unset",
            "autonomy-duration",
            "kubeconfig",
            "context",
            "stack",
            "yes",
            "output",
            "verbose",
            "project-dir",
            "help",
        ],
        notes: [
            "Without --autonomous-nodes every edge node is marked (now and as nodes join), as in yurtctl.",
            "Listed nodes are added to the stack's autonomy set; with --unset they are removed from it",
            "(--unset alone removes the mark from every node). Only autonomy annotations change:",
            `${defaultRelease.version}: node.openyurt.io/autonomy-duration (value --autonomy-duration, default 0); v0.6.1: node.beta.openyurt.io/autonomy.`,
        ],
    },
    revert: {
        summary: "revert every node and remove OpenYurt (pulumi destroy)",
        usage: "yurtctl revert [flags]",
        flags: ["stack", "yes", "output", "verbose", "project-dir", "help"],
        notes: [
            `${defaultRelease.version}: takes every node out of its NodePool and waits until yurt-manager has reverted it,`,
            "then deletes the NodePools and uninstalls the charts.",
            "v0.6.1: runs the revert Jobs recorded at convert time, removes labels, annotations, yurt-controller-manager,",
            "RBAC and the join token, and hands node lifecycle back to kube-controller-manager.",
            "The release is the one recorded in the stack's state. The stack and its config stay, so `yurtctl convert` can convert again.",
        ],
    },
    plan: {
        summary: "show what convert would do, per node, without changing anything",
        usage: "yurtctl plan [convert flags] [--output json]",
        flags: [...conversionFlags, "stack", "output", "verbose", "project-dir", "help"],
        notes: [
            "Takes the same flags as convert and previews them on top of the stack's config; nothing is written.",
            `${defaultRelease.version} actions: convert (the node joins its NodePool; yurt-manager converts an edge node), revert (it leaves),`,
            "move (to another NodePool: reverted, then converted), annotate (only its autonomy changes), none.",
            "v0.6.1 actions: convert (servant Job runs or re-runs, or a cloud label is set), revert (the node leaves),",
            "annotate (only the autonomy annotation changes), none.",
        ],
    },
    status: {
        summary: "show each node's role, autonomy, conversion Job and Ready condition, read from the cluster",
        usage: "yurtctl status [--kubeconfig PATH] [--context NAME] [--release VERSION] [--output json]",
        flags: ["kubeconfig", "context", "release", "stack", "output", "project-dir", "help"],
        notes: [
            "Reads the live cluster only; the stack is used to find its kubeconfig when --kubeconfig is not given,",
            `and its release (default ${defaultRelease.version}) when --release is not given.`,
            `${defaultRelease.version}: per node its NodePool, openyurt.io/is-edge-worker, yurt-manager's YurtNodeConversionFailed`,
            "condition (reason, message), its node-servant-conversion-<node> Job, autonomy-duration and Ready.",
            "v0.6.1: per node its role label, autonomy, node-servant-convert-<node> Job and Ready.",
        ],
    },
    unlock: {
        summary: "clear the lock a run that did not finish (killed, terminal lost) left on the stack (pulumi cancel)",
        usage: "yurtctl unlock [--stack NAME] [--yes]",
        flags: ["stack", "yes", "project-dir", "help"],
        notes: [
            "The engine locks the stack while a run changes it; a run killed mid-way leaves the lock, and the next",
            "convert, markautonomous or revert is refused, naming the run that holds it. unlock shows that run and,",
            "once confirmed, clears the lock (what `pulumi cancel` does). A run still going on this host is not",
            "unlocked: wait for it or stop it first. What the interrupted run finished is in the state; the next",
            "convert does the rest.",
        ],
    },
    version: {
        summary: "print the versions of yurtctl, OpenYurt (default release), the Pulumi engine and the Kubernetes provider",
        usage: "yurtctl version [--output json]   (or yurtctl --version)",
        flags: ["output", "help"],
        notes: ['The Pulumi engine is the `pulumi` on PATH (the one every command runs); "not found" when there is none.'],
    },
    completion: {
        summary: "print a shell completion script (bash or zsh)",
        usage: "yurtctl completion bash|zsh",
        flags: ["help"],
        argument: { name: "SHELL", choices: completionShells },
        notes: [
            "bash: source <(yurtctl completion bash)      (or save it in /etc/bash_completion.d/yurtctl)",
            "zsh:  source <(yurtctl completion zsh)       (or save it as _yurtctl in a folder of $fpath)",
        ],
    },
};

/** yurtctl flags this CLI deliberately does not take, and why. */
export const unsupportedYurtctlFlags: Record<string, string> = {
    "deploy-yurttunnel": "yurt-tunnel is not part of this project",
    "yurt-tunnel-server-address": "yurt-tunnel is not part of this project",
    "yurt-tunnel-server-image": "yurt-tunnel is not part of this project",
    "yurt-tunnel-agent-image": "yurt-tunnel is not part of this project",
    "enable-app-manager": `yurt-app-manager was merged into yurt-manager: release ${defaultRelease.version} (the default) manages NodePools through yurt-manager`,
    "yurt-app-manager-image": `yurt-app-manager was merged into yurt-manager: use --yurt-manager-image (release ${defaultRelease.version})`,
    "pod-manifest-path": "not needed: use --provider kubeadm for a kubeadm control plane",
    "system-architecture": "not needed: pin multi-arch images with the --*-image flags",
    "ignore-preflight-errors": "a failed preflight is not skipped: fix what its Job reports on the node (release v0.6.1), then run again",
    "yurtctl-servant-image": "yurtctl v0.6 renamed it: use --node-servant-image",
};

export interface Flags {
    stack: string;
    yes: boolean;
    verbose: boolean;
    output: "table" | "json";
    help: boolean;
    /** `yurtctl --version`. */
    version: boolean;
    unset: boolean;
    projectDir?: string;
    /** `yurtctl completion SHELL`. */
    shell?: CompletionShell;
    /**
     * The settings the flags given write, by setting key (`--batch-size 2` → `rollout.batchSize: 2`),
     * as given: the plan checks them. A list flag's `*` stays `["*"]`, as the stack holds it.
     */
    settings: SettingValues;
}

export interface ParsedArgs {
    /** undefined: no command given (`yurtctl`, `yurtctl --help`). */
    command?: CommandName;
    flags: Flags;
    /** Long names of the flags given on the command line. */
    given: Set<string>;
}

export const defaultStack = "local";

/** A list flag's values, repeated and comma-separated, as one list (the plan checks the names). */
function nodeList(flagName: string, raw: string[]): string[] {
    const names: string[] = [];
    for (const chunk of raw) {
        const parts = chunk.split(",").map((s) => s.trim());
        for (const p of parts) {
            if (p === "") {
                throw new UsageError(
                    `--${flagName}: empty node name in "${chunk}"; separate node names with single commas, e.g. --${flagName} node1,node2`,
                );
            }
            names.push(p);
        }
    }
    return names;
}

/** The value a setting's flag gives, read as the setting's type; the plan checks what it means. */
function settingValue(spec: FlagSpec, value: string | undefined, list: string[] | undefined): string | string[] | boolean | number | undefined {
    if (spec.kind === "list") {
        return list && nodeList(spec.name, list);
    }
    if (value === undefined) {
        return undefined;
    }
    if (spec.kind === "bool") {
        return value === "true";
    }
    if (spec.kind === "int") {
        if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
            throw new UsageError(`--${spec.name}: "${value}" is not a whole number`);
        }
        return Number(value);
    }
    return value;
}

/** One flag of an argument: `--name[=value]` is one, a group of short flags (`-yv`, `-yc node1`) is one per letter. */
interface FlagUse {
    spec: FlagSpec;
    /** A value given in the same argument (`--name=value`, `-cnode1`, `-c=node1`). */
    inline?: string;
    /** How the message names it: `--cloud-nodes`, `-c`. */
    display: string;
}

const where = (command: CommandName | undefined) => (command ? `yurtctl ${command}` : "yurtctl");

/** The spec of a flag the command takes, or the UsageError that says why not. */
function checkAllowed(spec: FlagSpec, display: string, allowed: string[], command: CommandName | undefined): void {
    if (allowed.includes(spec.name)) {
        return;
    }
    if (command === undefined) {
        throw new UsageError(`no command given before ${display}; write yurtctl <command> [flags], commands: ${commandNames.join(", ")}`);
    }
    const users = (Object.keys(commandSpecs) as CommandName[]).filter((c) => commandSpecs[c].flags.includes(spec.name));
    const extra =
        command === "revert" && ["kubeconfig", "context", "node-servant-image"].includes(spec.name)
            ? ": revert runs the revert Jobs and credentials recorded in the stack at convert time"
            : spec.name === "version"
              ? " (yurtctl --version or yurtctl version prints the versions)"
              : users.length > 0
                ? ` (it belongs to ${users.join(", ")})`
                : "";
    throw new UsageError(`${display} is not a flag of ${where(command)}${extra}`);
}

/** `--name`, `--name=value`. */
function longFlag(arg: string, allowed: string[], command: CommandName | undefined): FlagUse {
    const body = arg.slice(2);
    const eq = body.indexOf("=");
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = flagSpecs[name];
    if (!spec) {
        if (unsupportedYurtctlFlags[name]) {
            throw new UsageError(`--${name} is a yurtctl flag this CLI does not take: ${unsupportedYurtctlFlags[name]}`);
        }
        if (command === undefined && !allowed.includes(name)) {
            throw new UsageError(`no command given before ${arg}; write yurtctl <command> [flags], commands: ${commandNames.join(", ")}`);
        }
        const near = nearest(name, allowed);
        throw new UsageError(
            `unknown flag --${name} for ${where(command)}${near ? ` (did you mean --${near}?)` : ""}; see \`${where(command)} --help\``,
        );
    }
    checkAllowed(spec, `--${name}`, allowed, command);
    return { spec, inline: eq >= 0 ? body.slice(eq + 1) : undefined, display: `--${name}` };
}

/**
 * A group of short flags, read as getopt does: `-yv` is `-y -v`; a flag that takes a value ends the
 * group, taking the rest of it (`-ycnode1`, `-c=node1`) or, when nothing is left, the next argument.
 * A boolean may end the group with `=true` or `=false` (`-y=false`).
 */
function shortGroup(arg: string, allowed: string[], command: CommandName | undefined): FlagUse[] {
    const body = arg.slice(1);
    const uses: FlagUse[] = [];
    const inGroup = body.length > 1 ? ` (in ${arg})` : "";
    for (let k = 0; k < body.length; k++) {
        const ch = body[k];
        const display = `-${ch}`;
        const spec = Object.values(flagSpecs).find((f) => f.short === ch);
        if (!spec) {
            if (ch === "t" || ch === "e") {
                const long = ch === "t" ? "deploy-yurttunnel" : "enable-app-manager";
                throw new UsageError(`-${ch} (--${long}) is a yurtctl flag this CLI does not take${inGroup}: ${unsupportedYurtctlFlags[long]}`);
            }
            if (command === undefined) {
                throw new UsageError(`no command given before ${arg}; write yurtctl <command> [flags], commands: ${commandNames.join(", ")}`);
            }
            throw new UsageError(`unknown flag ${display} for ${where(command)}${inGroup}; see \`${where(command)} --help\``);
        }
        checkAllowed(spec, command === undefined ? arg : display, allowed, command);
        const rest = body.slice(k + 1);
        if (spec.kind === "bool" && !rest.startsWith("=")) {
            uses.push({ spec, display });
            continue;
        }
        uses.push({ spec, display, inline: rest === "" ? undefined : rest.replace(/^=/, "") });
        break;
    }
    return uses;
}

/**
 * Parses `yurtctl <command> [flags]`. Flags take their value as `--flag value`, `--flag=value`,
 * `-f value`, `-f=value` or `-fvalue`; short flags group (`-yv`); list flags take comma-separated
 * values and may be repeated.
 */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
    const { command, rest } = commandOf(argv);
    const tokens = readTokens(rest, command);
    if (tokens.values.help === "true") {
        // Help is shown whatever else is on the line: nothing else is read.
        return { command, flags: { ...ownFlags({}, {}), help: true, settings: {} }, given: tokens.given };
    }
    const shell = completionShellOf(command, tokens.argument);
    const flags: Flags = { ...ownFlags(tokens.values, env), help: false, settings: settingFlags(tokens), ...(shell ? { shell } : {}) };
    return { command, flags, given: tokens.given };
}

/** The command word, if any (`yurtctl help [command]` is `yurtctl [command] --help`), and the words after it. */
export function commandOf(argv: string[]): { command?: CommandName; rest: string[] } {
    const rest = [...argv];
    if (rest[0] === "help") {
        rest.shift();
        rest.push("--help");
    }
    if (rest.length === 0 || rest[0].startsWith("-")) {
        return { rest };
    }
    const word = rest.shift()!;
    if (!(commandNames as readonly string[]).includes(word)) {
        const near = nearest(word, commandNames);
        throw new UsageError(`unknown command "${word}"${near ? ` (did you mean ${near}?)` : ""}; commands: ${commandNames.join(", ")}`);
    }
    return { command: word as CommandName, rest };
}

/** The flags as written, before any meaning is given to them: which were given, their values, and the positional argument. */
export interface FlagTokens {
    given: Set<string>;
    /** Value of each single-valued flag ("true"/"false" for a boolean). */
    values: Record<string, string>;
    /** Every value of each list flag, in order (comma splitting is the setting's). */
    lists: Record<string, string[]>;
    argument?: string;
}

/**
 * The words after the command, read against the flags it allows: long flags (`--name value`,
 * `--name=value`), grouped short flags, `--`, one positional argument where the command takes one.
 * Refuses an unknown flag, a missing value, a boolean with a value and a value given twice.
 */
export function readTokens(args: string[], command: CommandName | undefined): FlagTokens {
    const allowed = command ? commandSpecs[command].flags : topLevelFlags;
    const positional = command ? commandSpecs[command].argument : undefined;
    const tokens: FlagTokens = { given: new Set(), values: {}, lists: {} };
    const { given, values, lists } = tokens;
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === "--") {
            if (i + 1 < args.length) {
                throw new UsageError(`unexpected argument "${args[i + 1]}": ${where(command)} takes flags only`);
            }
            break;
        }
        if (!arg.startsWith("-") || arg === "-") {
            if (positional && tokens.argument === undefined) {
                tokens.argument = arg;
                continue;
            }
            const hint =
                command === undefined || positional
                    ? ""
                    : ` (node lists go in a flag, e.g. --${command === "markautonomous" ? "autonomous-nodes" : "cloud-nodes"} ${arg})`;
            throw new UsageError(
                `unexpected argument "${arg}": ${where(command)} takes ${positional ? `one ${positional.name}` : "flags only"}${hint}`,
            );
        }
        const uses = arg.startsWith("--") ? [longFlag(arg, allowed, command)] : shortGroup(arg, allowed, command);
        for (const { spec, inline, display } of uses) {
            given.add(spec.name);
            if (spec.kind === "bool") {
                if (inline !== undefined && !["true", "false"].includes(inline)) {
                    throw new UsageError(`${display} takes no value (got "${inline}"); write ${display} or ${display}=false`);
                }
                values[spec.name] = inline ?? "true";
                continue;
            }
            let value = inline;
            if (value === undefined) {
                const next = args[i + 1];
                if (next === undefined || (next.startsWith("-") && next !== "-" && !/^-\d/.test(next))) {
                    throw new UsageError(`${display} needs a value${spec.value ? ` (${spec.value})` : ""}: ${spec.help}`);
                }
                value = next;
                i++;
            }
            if (spec.kind === "list") {
                (lists[spec.name] ??= []).push(value);
            } else {
                if (spec.name in values && values[spec.name] !== value) {
                    throw new UsageError(`${display} is given twice ("${values[spec.name]}" and "${value}"); give it once`);
                }
                values[spec.name] = value;
            }
        }
    }
    return tokens;
}

/** `yurtctl completion SHELL`: the shell, required and one of the choices; undefined for other commands. */
export function completionShellOf(command: CommandName | undefined, argument: string | undefined): CompletionShell | undefined {
    const positional = command ? commandSpecs[command].argument : undefined;
    if (!positional) {
        return undefined;
    }
    if (argument === undefined) {
        throw new UsageError(
            `${where(command)} needs a ${positional.name}: ${positional.choices.join(" or ")} (e.g. ${where(command)} ${positional.choices[0]})`,
        );
    }
    if (!positional.choices.includes(argument)) {
        throw new UsageError(`${where(command)}: "${argument}" is not a ${positional.name}; use ${positional.choices.join(" or ")}`);
    }
    return argument as CompletionShell;
}

/**
 * The CLI's own flags (not settings): stack, project folder, kubeconfig and context, output, the
 * switches. Only what the CLI can tell is wrong without the plan is refused here: an empty value, a
 * stack name the engine cannot take, a value outside the CLI's own choices.
 */
export function ownFlags(values: Record<string, string>, env: NodeJS.ProcessEnv): Omit<Flags, "help" | "settings" | "shell"> {
    const flags: Omit<Flags, "help" | "settings" | "shell"> = {
        stack: defaultStack,
        yes: values.yes === "true",
        verbose: values.verbose === "true",
        output: "table",
        version: values.version === "true",
        unset: values.unset === "true",
    };
    if (values.stack !== undefined) {
        if (!/^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/.test(values.stack)) {
            throw new UsageError(`--stack: "${values.stack}" is not a stack name (letters, digits, '-', '_', '.')`);
        }
        flags.stack = values.stack;
    }
    const projectDir = values["project-dir"] ?? env.YURTCTL_PROJECT_DIR;
    if (projectDir !== undefined) {
        if (projectDir === "") {
            throw new UsageError("--project-dir: empty path");
        }
        flags.projectDir = projectDir;
    }
    // A value that is missing: what is in it is the plan's to check.
    if (values.kubeconfig !== undefined && values.kubeconfig.trim() === "") {
        throw new UsageError("--kubeconfig: empty path; give the path of a kubeconfig file");
    }
    if (values.context !== undefined && values.context.trim() === "") {
        throw new UsageError("--context: empty name; give a context of the kubeconfig (`kubectl config get-contexts` lists them)");
    }
    for (const name of ["release", "charts-path", "autonomy-duration"] as const) {
        if (values[name] !== undefined && values[name].trim() === "") {
            throw new UsageError(`--${name}: empty value; ${flagSpecs[name].help}`);
        }
    }
    // Flags of the CLI's own with a few possible values (a setting's values are the plan's to check).
    for (const [name, value] of Object.entries(values)) {
        const { choices, setting } = flagSpecs[name];
        if (choices && setting === undefined && !choices.includes(value)) {
            throw new UsageError(
                `--${name}: "${value}" is not ${flagSpecs[name].value === "FORMAT" ? "a format" : "one of them"}; use ${choices.join(" or ")}`,
            );
        }
    }
    if (values.output !== undefined) {
        flags.output = values.output as Flags["output"];
    }
    return flags;
}

/** The setting flags given, by setting key (values as the settings table reads them; the plan checks them). */
export function settingFlags(tokens: Pick<FlagTokens, "values" | "lists">): Flags["settings"] {
    const out: Record<string, unknown> = {};
    for (const spec of Object.values(flagSpecs)) {
        const value = spec.setting && settingValue(spec, tokens.values[spec.name], tokens.lists[spec.name]);
        if (spec.setting && value !== undefined) {
            out[spec.setting] = value;
        }
    }
    return out as Flags["settings"];
}
