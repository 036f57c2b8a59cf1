import type * as automation from "@pulumi/pulumi/automation";
import { RawConfig } from "../../components/core/config/stackFile";
import { readSetting } from "../../components/core/config/stackConfig";
import { settings } from "../../components/core/config/settings";
import { OpenYurtRelease } from "../../components/core/release/release";
import { releases } from "../../components/core/release";
import { ParsedArgs } from "../input/args";
import { conversionConfig, mergeRaw } from "../input/configEdit";
import { UsageError } from "../input/errors";
import { Io } from "../output/io";
import { LocalPlan, localPlan } from "../input/localPlan";
import { PreviousRun } from "../engine/previous";
import { previousRun } from "../engine/stackState";
import { Session } from "../flow/session";
import { currentConfig } from "../flow/stackConfig";

/**
 * The config a conversion runs with: the stack's config with the flags applied, refused when it
 * lacks the conversion settings or would switch the stack's OpenYurt generation, then planned.
 */

/** What convert and plan both start from: the stack's config with the flags applied, checked and planned. */
export async function prepareConversion(args: ParsedArgs, io: Io, session: Session, stack: automation.Stack) {
    const current = await currentConfig(session.project, stack);
    const previous = await previousRun(stack);
    const set = conversionConfig(args.flags, current, process.cwd(), previous.resourceCount === 0);
    const config = mergeRaw(current, set);
    requireConversionSettings(config, args.flags.stack);
    const local = await localPlan(config, { stack: args.flags.stack, given: args.given, env: io.env, projectDir: session.project.dir });
    session.release = local.plan.release.version;
    requireSameGeneration(local, previous, args.flags.stack, args.given);
    return { current, set, local, previous };
}

/**
 * A stack converted with one generation is not switched to the other in place: one `up` would
 * convert with the new release while the old one is still installed, then revert with the old
 * one's Jobs. Revert first, then convert with the other release.
 */
export function requireSameGeneration(local: LocalPlan, previous: PreviousRun, stack: string, given: ReadonlySet<string>): void {
    const now = local.plan.release.generation;
    if (previous.generation === undefined || previous.generation === now) {
        return;
    }
    const wasVersion = Object.values(releases).find((r) => r.generation === previous.generation)?.version ?? previous.generation;
    const was = `${wasVersion} (${previous.generation})`;
    // A stack converted before v1.7.0 became the default may have no release in its config at all.
    throw new UsageError(
        `${given.has("release") ? "--release" : `release (stack "${stack}" config, or the default)`}: stack "${stack}" is converted with OpenYurt ${was}, ` +
            `and ${local.plan.release.version} would install beside it; keep ${wasVersion} with --release ${wasVersion}, ` +
            `or revert it first (\`yurtctl revert --stack ${stack}\`), then convert with --release ${local.plan.release.version}`,
    );
}

/** The release a config asks for (the project's default when unset); undefined for an unknown one (the plan names it). */
export function releaseOf(config: RawConfig): OpenYurtRelease | undefined {
    return releases[readSetting((k) => config[k], "release") ?? settings.release.default];
}

/** "a, b or c" */
const orList = (xs: readonly string[]) => `${xs.slice(0, -1).join(", ")} or ${xs[xs.length - 1]}`;

/**
 * `--cloud-nodes` is needed once per stack, and for v0.6.1 `--provider` too; later runs reuse the
 * stack's values. (v1.7.0 needs no node-lifecycle hand-over, so there --provider is optional.)
 * A malformed value counts as given here: the plan names what is wrong with it.
 */
export function requireConversionSettings(config: RawConfig, stack: string): void {
    const missing: string[] = [];
    const given = (key: "cloudNodes" | "provider") => config[key] !== undefined && config[key] !== "" && config[key] !== "[]";
    if (!given("cloudNodes")) {
        missing.push(`--${settings.cloudNodes.flag.name} (the nodes that stay in the cloud, e.g. --${settings.cloudNodes.flag.name} node1)`);
    }
    if (!given("provider") && releaseOf(config)?.handsOverNodeLifecycle) {
        missing.push(
            `--${settings.provider.flag.name} (${orList(settings.provider.choices)}; release ${releaseOf(config)!.version} hands node lifecycle over)`,
        );
    }
    if (missing.length > 0) {
        throw new UsageError(
            `stack "${stack}" has no conversion settings yet, so ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} required`,
        );
    }
}
