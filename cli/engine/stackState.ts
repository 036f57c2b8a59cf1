import type * as automation from "@pulumi/pulumi/automation";
import { PreviousRun, previousFromState } from "./previous";

/** The stack's state, read through the engine (`pulumi stack export`): what the previous run left (previous.ts). */

export async function previousRun(stack: automation.Stack): Promise<PreviousRun> {
    const deployment = await stack.exportStack();
    return previousFromState((deployment as any)?.deployment?.resources ?? []);
}
