import { settings } from "../config/settings";
import { ProblemList } from "../config/problems";
import { nodeLifecycleHandovers } from "../config/spec";
import { imageProblem, namespaceProblem } from "./validate";

/** `namespace`, checked: where the OpenYurt pieces and their Jobs go (default: the settings table's). */
export function resolveNamespace(problems: ProblemList, requested: string | undefined): string {
    const namespace = requested ?? settings.namespace.default;
    const p = namespaceProblem(namespace);
    if (p) {
        problems.add("namespace", p, "use an existing namespace such as kube-system");
    }
    return namespace;
}

/**
 * `images`: the release's pinned defaults with the stack's overrides; an unknown key or an image
 * that is not pinned (no tag, `:latest`, upper-case repository) is a problem naming `images.<key>`.
 */
export function resolveImages<T extends object>(problems: ProblemList, overrides: object | undefined, defaults: T, releaseVersion: string): T {
    const byKey = defaults as unknown as Record<string, string>;
    const images = { ...defaults, ...(overrides ?? {}) } as T;
    for (const key of Object.keys(overrides ?? {})) {
        if (!(key in byKey)) {
            problems.add(`images.${key}`, `unknown image "${key}" for OpenYurt ${releaseVersion}`, `use one of: ${Object.keys(byKey).join(", ")}`);
        }
    }
    for (const [key, image] of Object.entries(images as unknown as Record<string, string>)) {
        const p = imageProblem(image);
        if (p) {
            problems.add(`images.${key}`, p, `pin a tag or digest, e.g. ${byKey[key] ?? Object.values(byKey)[0]}`);
        }
    }
    return images;
}

/** Values yurtctl took for `--provider` and did nothing with. */
const yurtctlNoOpProviders = ["minikube", "kind"];

/** A `provider` that is none of nodeLifecycleHandovers; one yurtctl took and ignored is told as such. */
export function unknownProviderProblem(problems: ProblemList, requested: string, fix: string): void {
    if (yurtctlNoOpProviders.includes(requested)) {
        problems.add(
            "provider",
            `"${requested}" was accepted by yurtctl but did nothing`,
            `use one of ${nodeLifecycleHandovers.join(", ")} (none: node lifecycle is already disabled, as on minikube or kind)`,
        );
    } else {
        problems.add("provider", `unknown provider "${requested}"`, fix);
    }
}
