import type * as automation from "@pulumi/pulumi/automation";
import { ConfigSet, RawConfig, rawFromStackFile } from "../../components/core/config/stackFile";
import { changedKeys, setAllJson } from "../input/configEdit";
import { CliError, ExitCode } from "../input/errors";
import { Project, readStackFile } from "../engine/project";
import { Session } from "./session";

/** The stack's config through the engine: read with its secret values decrypted, and written (`pulumi config set-all`). */

/** The stack's project config (see rawFromStackFile), secret values decrypted through the engine. */
export async function currentConfig(project: Project, stack: automation.Stack): Promise<RawConfig> {
    const { raw, secure } = rawFromStackFile(readStackFile(project, stack.name), project.defaults, project.name);
    for (const key of secure) {
        try {
            raw[key] = (await stack.getConfig(`${project.name}:${key}`)).value;
        } catch (e) {
            throw new CliError(
                ExitCode.environment,
                `cannot decrypt the secret config value ${key} of stack "${stack.name}" (is PULUMI_CONFIG_PASSPHRASE right?): ${
                    String((e as Error).message)
                        .split("\n")
                        .filter(Boolean)
                        .slice(-1)[0]
                }`,
            );
        }
    }
    return raw;
}

/** Writes the changed keys into the stack's config (pulumi config set-all). Returns the keys written (also kept in the session). */
export async function writeConfig(stack: automation.Stack, current: RawConfig, set: ConfigSet, session?: Session): Promise<string[]> {
    const changed = changedKeys(current, set);
    session?.configUpdated.push(...changed.filter((k) => !session.configUpdated.includes(k)));
    if (changed.length > 0) {
        try {
            await stack.setAllConfigJson(setAllJson(Object.fromEntries(changed.map((k) => [k, set[k]]))));
        } catch (e) {
            throw new CliError(
                ExitCode.environment,
                `could not write the stack config: ${String((e as Error).message)
                    .split("\n")
                    .slice(-3)
                    .join(" ")}`,
            );
        }
    }
    return changed;
}
