import { CommandName, commandNames, commandSpecs, flagSpecs, topLevelFlags } from "./args";
import { defaultRelease } from "../../components/core/release";
import { ExitCode } from "./errors";

/** Usage text, generated from the flag and command specs so it never drifts from the parser. */

function flagLine(name: string): string {
    const f = flagSpecs[name];
    const head = `${f.short ? `-${f.short}, ` : "    "}--${f.name}${f.value ? ` ${f.value}` : ""}`;
    return `  ${head.padEnd(44)} ${f.help}`;
}

export function commandHelp(command: CommandName): string {
    const spec = commandSpecs[command];
    const visible = spec.flags.filter((f) => !flagSpecs[f].hidden);
    return [
        `yurtctl ${command}: ${spec.summary}`,
        "",
        `Usage: ${spec.usage}`,
        "",
        ...spec.notes,
        "",
        "Flags:",
        ...visible.map(flagLine),
        "",
        exitCodeHelp(),
        "",
    ].join("\n");
}

export function exitCodeHelp(): string {
    return [
        "Exit codes:",
        `  ${ExitCode.ok}  done (or nothing to do)`,
        `  ${ExitCode.failed}  the run failed: a node's conversion (or revert) failed, or the engine reported an error`,
        `  ${ExitCode.usage}  bad flag or value (named in the message); nothing ran`,
        `  ${ExitCode.environment}  kubeconfig, cluster, Pulumi CLI, passphrase or stack not usable; nothing ran`,
        `  ${ExitCode.notConfirmed}  not confirmed (declined, or no terminal and no --yes); nothing changed`,
    ].join("\n");
}

export function generalHelp(): string {
    const width = Math.max(...commandNames.map((c) => c.length));
    return [
        "yurtctl: OpenYurt's yurtctl commands, backed by this project's Pulumi stacks.",
        "Every command is previewed before it changes anything, re-running it is safe, and revert undoes it.",
        "",
        "Usage: yurtctl <command> [flags]",
        "",
        "Commands:",
        ...commandNames.map((c) => `  ${c.padEnd(width)}  ${commandSpecs[c].summary}`),
        "",
        "Flags:",
        ...topLevelFlags.filter((f) => f !== "verbose").map(flagLine),
        "",
        "Run `yurtctl <command> --help` for the command's flags.",
        `OpenYurt ${defaultRelease.version} (yurt-manager, NodePools) by default; --release v0.6.1 for the yurtctl generation (Kubernetes up to 1.21).`,
        'The stack (--stack, default "local") holds the config in stacks/Pulumi.<stack>.yaml and the state in',
        "$PULUMI_BACKEND_URL (default: file state in the project folder); secrets need $PULUMI_CONFIG_PASSPHRASE.",
        "",
    ].join("\n");
}
