import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

/**
 * Pulumi mocks that record every resource the program registers (inputs, secrets, dependencies) and
 * answer invokes: the unit tests' engine, and the model benchmark's (bench/model.worker.ts).
 */

/** A resource as the mock engine saw it registered. */
export interface Registered {
    type: string;
    name: string;
    inputs: any;
    provider?: string;
    /** Top-level input properties that arrived as secrets. */
    secretInputs: string[];
    /** Logical names of the resources it depends on, as the engine is told. */
    dependsOn: string[];
}

/** Every resource registered since the last `reset()`, in registration order. */
export const registered: Registered[] = [];

/**
 * Answers to invokes by token, e.g. `alicloud:cs/getClusterCredential:getClusterCredential`;
 * a token without an answer echoes its inputs. Cleared by `resetMockAnswers()`.
 */
export const invokeAnswers = new Map<string, (inputs: any) => Record<string, any>>();
/** Computed outputs per resource type (e.g. a cluster's `connections`), merged over the echoed inputs. */
export const extraState = new Map<string, (inputs: any) => Record<string, any>>();
/** Resource types whose ID stays unknown in a preview, like resources that preview would create. */
export const createdInPreview = new Set<string>();

export function resetMockAnswers(): void {
    invokeAnswers.clear();
    extraState.clear();
    createdInPreview.clear();
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(v: any): boolean {
    return v !== null && typeof v === "object" && v[SECRET_SIG] === SECRET_VALUE;
}

/** Secret inputs reach the mock as signed wrappers; tests assert on the values inside. */
function unwrapSecrets(v: any): any {
    if (isSecret(v)) {
        return unwrapSecrets(v.value);
    }
    if (Array.isArray(v)) {
        return v.map(unwrapSecrets);
    }
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    }
    return v;
}

/** Installs Pulumi mocks that record registrations and echo inputs back as state. */
export async function installMocks(preview = false): Promise<void> {
    pulumi.runtime.setAllConfig({}, []);
    const dependencies = new Map<string, string[]>();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const secretInputs = Object.keys(args.inputs).filter((k) => isSecret(args.inputs[k]));
                const inputs = unwrapSecrets(args.inputs);
                registered.push({
                    type: args.type,
                    name: args.name,
                    inputs,
                    provider: args.provider,
                    secretInputs,
                    dependsOn: dependencies.get(args.name) ?? [],
                });
                const state = { ...inputs, ...(extraState.get(args.type)?.(inputs) ?? {}) };
                if (args.type === "pulumi-nodejs:dynamic:Resource" || args.type.startsWith("pulumi-nodejs:dynamic")) {
                    if ("ttlSeconds" in state) {
                        Object.assign(state, {
                            tokenId: "abc123",
                            tokenSecret: "0123456789abcdef",
                            token: "abc123.0123456789abcdef",
                            expiration: "2026-11-29T00:00:00Z",
                        });
                    }
                }
                return { id: preview && createdInPreview.has(args.type) ? "" : `${args.name}-id`, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                return invokeAnswers.get(args.token)?.(args.inputs) ?? args.inputs;
            },
        },
        "pulumi-openyurt",
        "unit",
        preview,
    );
    // The mock callback does not see dependencies; read them off the request the engine would get.
    const monitor: any = getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        dependencies.set(
            req.getName(),
            (req.getDependenciesList() as string[]).map((urn) => urn.split("::").pop()!),
        );
        return register(req, callback);
    };
}

/** Logical names a registered resource depends on. */
export function dependsOn(name: string, type?: string): string[] {
    const r = registered.find((x) => x.name === name && (type ? x.type === type : x.type !== "openyurt:index:EdgeCluster"));
    assert.ok(r, `no resource named ${name}`);
    return r.dependsOn;
}

export function reset(): void {
    registered.length = 0;
}

/** The resources of one type whose logical name starts with a prefix. */
export function ofType(type: string, prefix = ""): Registered[] {
    return registered.filter((r) => r.type === type && r.name.startsWith(prefix));
}

/** Resolves an Output (mocks resolve everything, secrets included). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}
