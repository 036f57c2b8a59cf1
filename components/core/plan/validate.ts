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
// As in distribution/reference: the first component is a registry host only when it has a dot or a
// port, or is "localhost"; otherwise it is a path component, which must be lower-case.
const DOMAIN = `(?:localhost(?::[0-9]+)?|${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})+(?::[0-9]+)?|${DOMAIN_COMPONENT}:[0-9]+)`;
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
    if (!m && /[A-Z]/.test(image) && IMAGE_REFERENCE.test(lowerRepository(image))) {
        return `"${image}" has upper-case letters in its repository name, which registries refuse; write the repository in lower case`;
    }
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

/** The reference with its path (not its registry host, tag or digest) in lower case. */
function lowerRepository(image: string): string {
    const [name, ...rest] = image.split(/(?=[@])|(?=:[^/]*$)/);
    const parts = name.split("/");
    const host = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]) ? [parts.shift()!] : [];
    return [...host, ...parts.map((p) => p.toLowerCase())].join("/") + rest.join("");
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

/** "v1.34.4", "v1.30.1-aliyun.1", "1.21" → [major, minor]; undefined when unreadable. */
export function parseKubernetesVersion(version: unknown): [number, number] | undefined {
    if (typeof version !== "string") {
        return undefined;
    }
    const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
    return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Whether a server version lies within an inclusive range of minor versions ("1.23"–"1.34"). */
export function kubernetesVersionInRange(version: string, range: { min: string; max: string }): boolean | undefined {
    const v = parseKubernetesVersion(version);
    const lo = parseKubernetesVersion(range.min)!;
    const hi = parseKubernetesVersion(range.max)!;
    if (!v) {
        return undefined;
    }
    const n = (x: [number, number]) => x[0] * 1000 + x[1];
    return n(v) >= n(lo) && n(v) <= n(hi);
}

const GO_DURATION = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/;

/** A Go duration as time.ParseDuration reads it ("0", "30m", "1h30m", "72h"); negative values are refused. */
export function goDurationProblem(value: unknown): string | undefined {
    if (typeof value !== "string" || !(value === "0" || GO_DURATION.test(value))) {
        return `${JSON.stringify(value)} is not a Go duration`;
    }
    return undefined;
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A NodePool name: it is both an object name and the value of the node's pool label, so an RFC 1123 label. */
export function poolNameProblem(name: unknown): string | undefined {
    if (typeof name !== "string" || name.length === 0) {
        return `${JSON.stringify(name)} is not a pool name`;
    }
    if (name.length > 63 || !RFC1123_LABEL.test(name)) {
        return `"${name}" is not a valid NodePool name (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit: it is also the value of the node's pool label)`;
    }
    return undefined;
}

/** An http(s) or oci URL of a chart repository. */
export function chartRepositoryProblem(url: unknown): string | undefined {
    if (typeof url !== "string" || !/^(https?|oci):\/\/[^\s/]+/.test(url)) {
        return `${JSON.stringify(url)} is not a chart repository URL`;
    }
    return undefined;
}
