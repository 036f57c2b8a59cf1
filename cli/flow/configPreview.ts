import type * as automation from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigSet, RawConfig, stackFileWith } from "../../components/core/config/stackFile";
import { changedKeys } from "../input/configEdit";
import { preview } from "../engine/engine";
import { readStackFile } from "../engine/project";
import { Step } from "../output/steps";
import { Session } from "./session";

/** Previewing a config that is not written yet, through a temporary copy of the stack file. */

/**
 * A copy of the stack file with some config changed, in a temporary folder: `preview --config-file`
 * shows what the change would do without writing the real stack file.
 */
export function writeTempStackFile(stack: string, text: string): { file: string; remove: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yurtctl-"));
    const file = path.join(dir, `Pulumi.${stack.replace(/[\\/]/g, "_")}.yaml`);
    fs.writeFileSync(file, text, { mode: 0o600 });
    return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Preview with `set` applied through a temporary copy of the stack file (nothing is written). */
export async function previewWith(
    session: Session,
    stack: automation.Stack,
    current: RawConfig,
    set: ConfigSet,
    opts: { target?: string[]; destroy?: boolean },
): Promise<Step[]> {
    const { flags } = session.args;
    const changed = changedKeys(current, set);
    if (changed.length === 0 || opts.destroy) {
        return (await preview(stack, { ...opts, verbose: flags.verbose }, session.io)).steps;
    }
    const only = Object.fromEntries(changed.map((k) => [k, set[k]]));
    const temp = writeTempStackFile(flags.stack, stackFileWith(readStackFile(session.project, flags.stack), only));
    try {
        return (await preview(stack, { ...opts, configFile: temp.file, verbose: flags.verbose }, session.io)).steps;
    } finally {
        temp.remove();
    }
}
