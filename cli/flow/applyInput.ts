import type * as automation from "@pulumi/pulumi/automation";
import { ConfigSet, RawConfig } from "../../components/core/config/stackFile";
import { LocalPlan } from "../input/localPlan";
import { PlanRow } from "../output/planTable";
import { PreviousRun } from "../engine/previous";
import { nothingToDo } from "./outcome";
import { Session } from "./session";
import { writeConfig } from "./stackConfig";

/**
 * What the apply flow of `convert` and `markautonomous` works with, for both generations
 * (cli/yurtctl/apply.ts for v0.6.1, cli/yurtmanager/run.ts for v1.7.0), and the two steps they share.
 */

export interface ApplyInput {
    session: Session;
    stack: automation.Stack;
    current: RawConfig;
    set: ConfigSet;
    local: LocalPlan;
    previous: PreviousRun;
    /** Restrict the run to these URNs (markautonomous). */
    target?: string[];
    /** "Convert 3 nodes?" from the plan rows. */
    question: (rows: PlanRow[]) => string;
    /** Called once the stack config has been written (the stack is then kept). */
    onConfigWritten: () => void;
}

/** What one markautonomous run works with (its question and target are the generation's). */
export type AutonomyRun = Pick<ApplyInput, "session" | "stack" | "current" | "set" | "local" | "previous">;

/** The preview changes nothing: write the config (it may differ in words only) and say so. */
export async function nothingToChange(input: ApplyInput): Promise<number> {
    const written = await writeConfig(input.stack, input.current, input.set, input.session);
    if (written.length > 0) {
        input.onConfigWritten();
    }
    return nothingToDo(
        input.session,
        `nothing to change: the cluster already matches stack "${input.session.args.flags.stack}"${written.length > 0 ? ` (config updated: ${written.join(", ")})` : ""}`,
    );
}

/** After the confirmation: the flags become the stack's config. */
export async function writeConfirmedConfig(input: ApplyInput): Promise<void> {
    const written = await writeConfig(input.stack, input.current, input.set, input.session);
    if (written.length > 0) {
        input.onConfigWritten();
        input.session.io.out(`\nstack "${input.session.args.flags.stack}" config updated: ${written.join(", ")}\n`);
    }
}
