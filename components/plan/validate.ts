/** Pure validators for single values. Each returns undefined when the value is fine, else the reason. */

const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes node name: an RFC 1123 DNS subdomain, at most 253 characters. */
export function nodeNameProblem(name: unknown): string | undefined {
    if (typeof name !== "string" || name.length === 0) {
        return `${JSON.stringify(name)} is not a node name`;
    }
    if (name.length > 253) {
        return `"${name.slice(0, 40)}…" is ${name.length} characters long; node names have at most 253`;
    }
    if (!RFC1123_SUBDOMAIN.test(name)) {
        return `"${name}" is not a valid node name (RFC 1123: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)`;
    }
    return undefined;
}

// Docker reference grammar (distribution/reference), simplified to what a pod spec accepts.
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const IMAGE_REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/**
 * A container image reference pinned to a tag or digest. `:latest` and untagged references are
 * refused: they are how yurtctl's servant and hub drifted apart (openyurt#293).
 */
export function imageProblem(image: unknown): string | undefined {
    if (typeof image !== "string" || image.length === 0) {
        return `${JSON.stringify(image)} is not an image reference`;
    }
    const m = IMAGE_REFERENCE.exec(image);
    if (!m || image.length > 255) {
        return `"${image}" is not a valid image reference (expected [registry/]repository:tag or …@sha256:digest)`;
    }
    const [, , tag, digest] = m;
    if (!tag && !digest) {
        return `"${image}" has no tag, so it means ":latest" and can change under a running fleet`;
    }
    if (tag === "latest" && !digest) {
        return `"${image}" uses the moving tag ":latest", so servant and hub versions can drift apart`;
    }
    return undefined;
}

const DURATION = /^(\d+)(s|m|h)$/;

/** Parses "90s", "10m", "24h" into seconds; undefined when malformed. */
export function parseDuration(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isInteger(value) && value > 0) {
        return value;
    }
    if (typeof value !== "string") {
        return undefined;
    }
    const m = DURATION.exec(value.trim());
    if (!m) {
        return undefined;
    }
    const n = Number(m[1]);
    const seconds = n * { s: 1, m: 60, h: 3600 }[m[2] as "s" | "m" | "h"];
    return seconds > 0 ? seconds : undefined;
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function namespaceProblem(ns: unknown): string | undefined {
    if (typeof ns !== "string" || !NAMESPACE.test(ns) || ns.length > 63) {
        return `${JSON.stringify(ns)} is not a valid namespace name (RFC 1123 label)`;
    }
    return undefined;
}

/** The names that occur more than once, in first-seen order. */
export function duplicates(names: readonly string[]): string[] {
    const seen = new Set<string>();
    const dups = new Set<string>();
    for (const n of names) {
        (seen.has(n) ? dups : seen).add(n);
    }
    return [...dups];
}
