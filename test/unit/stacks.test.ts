import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { AlicloudEnvironment } from "../../components/ack/credentials";
import { membershipFromPools, poolNameLabel, poolRoleLabel } from "../../components/ack/roles";
import { planAck } from "../../components/ack/plan";
import { projectConfig } from "../../components/core/config/unknownSettings";
import { readStackConfig } from "../../components/core/config/stackConfig";
import { ClusterInventory, InventoryNode } from "../../components/core/plan/inventory";
import { planEdgeCluster, isYurtManagerPlan } from "../../components/edgecluster/plan";

/**
 * Every stack file goes through the path `pulumi up` takes: the raw values the engine hands to
 * `pulumi.Config.get` (project schema defaults applied, objects and arrays as JSON), then
 * readStackConfig, then the ACK validator and planConversion against a plausible cluster. A stack
 * file that drifts from the schema or from the validators fails here, not at a user's `up`.
 */

const root = path.join(__dirname, "..", "..");
const project = parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
const projectName: string = project.name;
const schema: Record<string, { type: string; default?: unknown; items?: { type: string } }> = project.config ?? {};
const stackDir = path.join(root, project.stackConfigDir ?? ".");
const stackFiles = fs
    .readdirSync(stackDir)
    .filter((f) => /^Pulumi\..+\.ya?ml$/.test(f))
    .sort();

/** Provider settings a stack file may hold, by namespace. */
const providerKeys: Record<string, string[]> = { alicloud: ["region"], kubernetes: ["context", "namespace"] };
/** Settings that must only ever be Pulumi secrets (`{secure: …}`) in a committed file. */
const secretOnly = ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken"];

const isSecure = (v: unknown) => typeof v === "object" && v !== null && Object.keys(v).length === 1 && typeof (v as any).secure === "string";

/** What `pulumi.Config.get` returns for a raw config value. */
function asConfigString(v: unknown): string {
    if (isSecure(v)) {
        return "<secret>";
    }
    return typeof v === "string" ? v : JSON.stringify(v);
}

function typeOf(v: unknown): string {
    return Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;
}

function loadStack(file: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(stackDir, file), "utf8")) ?? {};
    return doc.config ?? {};
}

/**
 * One stack's project settings as the program reads them: the whole config the engine hands over
 * (every namespace, the schema's defaults filled in), then the project's namespace of it.
 */
function programConfig(config: Record<string, unknown>) {
    const all: Record<string, string> = {};
    for (const [key, setting] of Object.entries(schema)) {
        if (setting.default !== undefined) {
            all[`${projectName}:${key}`] = asConfigString(setting.default);
        }
    }
    for (const [key, value] of Object.entries(config)) {
        all[key] = asConfigString(value);
    }
    return projectConfig(all, projectName);
}

/** The machine that deploys: credentials in its environment, region from the stack file. */
function deployingMachine(config: Record<string, unknown>): AlicloudEnvironment {
    return {
        config: (k) => (config[`alicloud:${k}`] === undefined ? undefined : asConfigString(config[`alicloud:${k}`])),
        env: { ALICLOUD_ACCESS_KEY: "LTAI-ci", ALICLOUD_SECRET_KEY: "ci-secret" },
        fileExists: () => false,
        homeDir: "/home/ci",
    };
}

function node(name: string, labels: Record<string, string> = {}, kcm = false): InventoryNode {
    return { name, labels: { "kubernetes.io/hostname": name, ...labels }, annotations: {}, ready: true, runsKubeControllerManager: kcm };
}

describe("stack files", () => {
    it("exist for local, dev and prod", () => {
        for (const f of ["Pulumi.local.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
            assert.ok(stackFiles.includes(f), `stacks/${f} is missing (found ${stackFiles.join(", ")})`);
        }
    });

    for (const file of stackFiles) {
        describe(file, () => {
            const config = loadStack(file);
            const stack = file.replace(/^Pulumi\.|\.ya?ml$/g, "");

            it("uses only settings the project declares, with the declared types", () => {
                for (const [key, value] of Object.entries(config)) {
                    const [ns, name] = key.split(":");
                    if (ns === projectName) {
                        assert.ok(name in schema, `${key} is not declared in Pulumi.yaml's config schema`);
                        if (!isSecure(value)) {
                            assert.strictEqual(typeOf(value), schema[name].type, `${key} is declared ${schema[name].type}`);
                            if (schema[name].type === "array") {
                                for (const item of value as unknown[]) {
                                    assert.strictEqual(typeOf(item), schema[name].items?.type, `items of ${key}`);
                                }
                            }
                        }
                    } else if (!secretOnly.includes(key)) {
                        assert.ok(providerKeys[ns]?.includes(name), `${key} is not a provider setting this project uses`);
                    }
                }
            });

            it("holds no credential or kubeconfig in plaintext", () => {
                for (const key of secretOnly) {
                    assert.ok(!(key in config) || isSecure(config[key]), `${key} must be set with --secret`);
                }
                const kc = config[`${projectName}:kubeconfig`];
                assert.ok(kc === undefined || isSecure(kc) || !/\n/.test(String(kc)), "inline kubeconfig contents must be a secret");
                const text = fs.readFileSync(path.join(stackDir, file), "utf8");
                assert.ok(!/LTAI[0-9A-Za-z]{12,}/.test(text), "no AccessKey ID in the file");
                assert.ok(!/(client-key-data|BEGIN [A-Z ]*PRIVATE KEY)/.test(text), "no private key in the file");
            });

            it("parses and validates through readStackConfig and the planners", () => {
                const settings = readStackConfig(programConfig(config), projectName);
                if (settings.cluster === "ack") {
                    const plan = planAck(settings.ack, settings.conversion, deployingMachine(config), `openyurt-${stack}`);
                    // The cluster once every pool is full: ACK names nodes <region>.<ip>.
                    let ip = 10;
                    const inventory: ClusterInventory = {
                        serverVersion: "v1.31.1-aliyun.1",
                        apiServer: "https://192.168.0.10:6443",
                        nodes: plan.nodePools.flatMap((p) =>
                            Array.from({ length: p.size }, () =>
                                node(`${plan.region}.10.0.0.${ip++}`, { [poolRoleLabel]: p.role, [poolNameLabel]: p.name }),
                            ),
                        ),
                    };
                    const m = membershipFromPools(inventory, plan.nodePools);
                    const edgePools = Object.fromEntries(plan.nodePools.filter((p) => p.role === "edge").map((p) => [p.name, m.nodesByPool[p.name]]));
                    const conversion = planEdgeCluster(
                        { ...plan.conversion, cloudNodes: m.cloudNodes, edgeNodes: m.edgeNodes, edgePools },
                        inventory,
                    );
                    assert.ok(isYurtManagerPlan(conversion), "ACK stacks use OpenYurt v1.7.0");
                    assert.deepStrictEqual(
                        conversion.pools.map((p) => [p.name, p.type]).sort(),
                        plan.nodePools.map((p) => [p.name, p.role === "cloud" ? "Cloud" : "Edge"]).sort(),
                        "one NodePool per ACK node pool, of the same name",
                    );
                    assert.strictEqual(
                        conversion.edgeNodes.length,
                        plan.nodePools.filter((p) => p.role === "edge").reduce((s, p) => s + p.size, 0),
                    );
                } else {
                    const c = settings.conversion;
                    const named = [...c.cloudNodes, ...(c.edgeNodes ?? []), ...(Array.isArray(c.autonomousNodes) ? c.autonomousNodes : [])];
                    const names = [...new Set([...named, "node1", "node2", "node3", "node4"])];
                    const inventory = {
                        serverVersion: "v1.34.4",
                        apiServer: "https://127.0.0.1:6443",
                        nodes: names.map((n) => node(n, {}, c.cloudNodes.includes(n))),
                    };
                    assert.ok(planEdgeCluster(c, inventory).cloudNodes.length > 0);
                }
            });
        });
    }

    describe("intent of each environment", () => {
        const planned = (file: string) => {
            const config = loadStack(file);
            const settings = readStackConfig(programConfig(config), projectName);
            return { settings, plan: planAck(settings.ack, settings.conversion, deployingMachine(config), "x") };
        };

        it("dev is a small ACK cluster converted all at once", () => {
            const { settings, plan } = planned("Pulumi.dev.yaml");
            assert.strictEqual(settings.cluster, "ack");
            assert.ok(plan.nodePools.reduce((s, p) => s + p.size, 0) <= 5);
            assert.strictEqual(settings.conversion.rollout?.batchSize, undefined, "no batches: everything at once");
        });

        it("prod has larger edge pools, rolls out in batches and makes every edge node autonomous", () => {
            const { settings, plan } = planned("Pulumi.prod.yaml");
            const dev = planned("Pulumi.dev.yaml").plan;
            const edgeSize = (p: typeof plan) => p.nodePools.filter((x) => x.role === "edge").reduce((s, x) => s + x.size, 0);
            assert.ok(edgeSize(plan) > edgeSize(dev));
            assert.ok((settings.conversion.rollout?.batchSize ?? Infinity) < edgeSize(plan), "several batches");
            assert.strictEqual(settings.conversion.autonomousNodes, "all");
            assert.strictEqual(plan.deletionProtection, true);
        });

        it("local converts an existing cluster reached by kubeconfig", () => {
            const settings = readStackConfig(programConfig(loadStack("Pulumi.local.yaml")), projectName);
            assert.strictEqual(settings.cluster, "existing");
        });
    });
});
