import * as assert from "assert";
import { AckSpec, planAck } from "../../components/ack/plan";
import { AlicloudEnvironment } from "../../components/ack/credentials";
import { membershipFromPools } from "../../components/ack/roles";
import { parseCidr } from "../../components/ack/cidr";
import { ConversionConfigError } from "../../components/core/config/problems";
import { ConversionSpec } from "../../components/core/config/spec";
import { ackSpec, alicloudEnv, poolInventory } from "./ackFixtures";

const noConversion: ConversionSpec = { cloudNodes: [] };

function problemsOf(spec: unknown, env: AlicloudEnvironment = alicloudEnv(), conversion: ConversionSpec = noConversion) {
    try {
        planAck(spec, conversion, env, "openyurt-test");
    } catch (e) {
        assert.ok(e instanceof ConversionConfigError, `expected ConversionConfigError, got ${e}`);
        return e.problems;
    }
    assert.fail(`expected ${JSON.stringify(spec)} to be refused`);
}

/** Asserts exactly one problem on `setting` whose message and fix mention every `mentions`. */
function expectProblem(spec: unknown, setting: string, mentions: string[], env?: AlicloudEnvironment, conversion?: ConversionSpec) {
    const problems = problemsOf(spec, env, conversion).filter((p) => p.setting === setting);
    assert.strictEqual(problems.length, 1, `expected one problem on ${setting}, got ${JSON.stringify(problemsOf(spec, env, conversion))}`);
    const text = `${problems[0].message} (fix: ${problems[0].fix})`;
    for (const m of mentions) {
        assert.ok(text.includes(m), `"${text}" should mention ${m}`);
    }
}

const withPools = (...pools: any[]): AckSpec => ({ ...ackSpec(), nodePools: pools });
const cloud = { name: "cloud", role: "cloud", size: 1, instanceTypes: ["ecs.g7.large"] };
const edge = { name: "edge-a", role: "edge", size: 2, instanceTypes: ["ecs.c7.large"] };

describe("planAck", () => {
    it("with v1.7.0 (the default) refuses a pool name that cannot be a NodePool name, before the cluster exists", () => {
        const spec = withPools(cloud, { ...edge, name: "Edge_A" });
        expectProblem(spec, "ack.nodePools[1].name", ['"Edge_A" is not a valid NodePool name', "each pool becomes a NodePool"]);
    });

    it("resolves every default of a minimal valid cluster", () => {
        const plan = planAck(ackSpec(), noConversion, alicloudEnv(), "openyurt-test");
        assert.strictEqual(plan.region, "cn-hangzhou");
        assert.strictEqual(plan.clusterName, "openyurt-test");
        assert.strictEqual(plan.profile, "Default");
        assert.strictEqual(plan.clusterSpec, "ack.pro.small");
        assert.deepStrictEqual(
            [plan.vpcCidr, plan.podCidr, plan.serviceCidr, plan.nodeCidrMask],
            ["192.168.0.0/16", "172.20.0.0/16", "172.21.0.0/20", 26],
        );
        assert.deepStrictEqual(
            plan.nodePools.map((p) => [p.name, p.role, p.size, p.systemDiskCategory, p.systemDiskSize]),
            [
                ["cloud", "cloud", 2, "cloud_essd", 40],
                ["edge-a", "edge", 3, "cloud_essd", 40],
            ],
        );
        assert.strictEqual(plan.credentials, "access key");
        assert.deepStrictEqual(plan.conversion, { provider: "ack" });
        assert.strictEqual(plan.publicApiServer, true);
    });

    it("accepts sizes given as numeric strings, as `pulumi config set --path` stores them", () => {
        const plan = planAck(withPools({ ...cloud, size: "1" }, { ...edge, size: "0" }), noConversion, alicloudEnv(), "x");
        assert.deepStrictEqual(
            plan.nodePools.map((p) => p.size),
            [1, 0],
        );
    });

    it("keeps the conversion settings and forces the ack node-lifecycle handover", () => {
        const plan = planAck(ackSpec(), { cloudNodes: [], autonomousNodes: "all", rollout: { batchSize: 5 } }, alicloudEnv(), "x");
        assert.deepStrictEqual(plan.conversion, { autonomousNodes: "all", rollout: { batchSize: 5 }, provider: "ack" });
    });

    describe("region", () => {
        it("refuses an unknown region, listing the ACK regions", () => {
            expectProblem(
                ackSpec(),
                "alicloud:region",
                ["cn-hangzhuo", "cn-hangzhou", "ap-southeast-1"],
                alicloudEnv({ region: "cn-hangzhuo", accessKey: "a", secretKey: "b" }),
            );
        });
        it("refuses a missing region with the config command", () => {
            expectProblem(ackSpec(), "alicloud:region", ["pulumi config set alicloud:region"], alicloudEnv({ accessKey: "a", secretKey: "b" }));
        });
        it("takes the region from ALICLOUD_REGION", () => {
            assert.strictEqual(
                planAck(ackSpec(), noConversion, alicloudEnv({ accessKey: "a", secretKey: "b" }, { ALICLOUD_REGION: "cn-hangzhou" }), "x").region,
                "cn-hangzhou",
            );
        });
        it("refuses a vSwitch zone of another region", () => {
            const spec = { ...ackSpec(), vswitches: [{ zone: "cn-shanghai-b", cidr: "192.168.1.0/24" }] };
            expectProblem(spec, "ack.vswitches[0].zone", ["cn-shanghai-b", "cn-hangzhou"]);
        });
    });

    describe("CIDR blocks", () => {
        it("refuses a pod block overlapping the VPC", () => {
            expectProblem({ ...ackSpec(), podCidr: "192.168.128.0/17" }, "ack.podCidr", ["192.168.128.0/17", "overlaps", "192.168.0.0/16"]);
        });
        it("refuses a service block overlapping the pod block", () => {
            expectProblem({ ...ackSpec(), serviceCidr: "172.20.16.0/20" }, "ack.serviceCidr", ["overlaps ack.podCidr"]);
        });
        it("refuses a service block overlapping the VPC", () => {
            expectProblem({ ...ackSpec(), serviceCidr: "192.168.240.0/20" }, "ack.serviceCidr", ["overlaps ack.vpcCidr"]);
        });
        it("refuses malformed blocks, host bits and public ranges", () => {
            expectProblem({ ...ackSpec(), vpcCidr: "10.0.0.0/33" }, "ack.vpcCidr", ["10.0.0.0/33"]);
            expectProblem({ ...ackSpec(), podCidr: "172.20.0.1/16" }, "ack.podCidr", ["host bits", "172.20.0.0/16"]);
            expectProblem({ ...ackSpec(), vpcCidr: "8.8.0.0/16" }, "ack.vpcCidr", ["not a private range"]);
        });
        it("refuses a vSwitch outside the VPC or overlapping another vSwitch", () => {
            expectProblem({ ...ackSpec(), vswitches: [{ zone: "cn-hangzhou-i", cidr: "10.1.0.0/24" }] }, "ack.vswitches[0].cidr", [
                "not inside the VPC",
            ]);
            expectProblem(
                {
                    ...ackSpec(),
                    vswitches: [
                        { zone: "cn-hangzhou-i", cidr: "192.168.1.0/24" },
                        { zone: "cn-hangzhou-j", cidr: "192.168.0.0/23" },
                    ],
                },
                "ack.vswitches[1].cidr",
                ["overlaps another vSwitch"],
            );
        });
        it("refuses a pod block too small for the pools", () => {
            const spec = { ...withPools({ ...cloud, size: 4 }, { ...edge, size: 10 }), podCidr: "172.20.0.0/24", nodeCidrMask: 27 };
            expectProblem(spec, "ack.podCidr", ["room for 8 nodes", "ask for 14"]);
        });
        it("refuses a missing vSwitch list", () => {
            expectProblem({ ...ackSpec(), vswitches: [] }, "ack.vswitches", ["no vSwitch"]);
        });
    });

    describe("node pools", () => {
        it("refuses a negative or fractional pool size", () => {
            expectProblem(withPools(cloud, { ...edge, size: -1 }), "ack.nodePools[1].size", ["-1", "≥ 0"]);
            expectProblem(withPools(cloud, { ...edge, size: 1.5 }), "ack.nodePools[1].size", ["1.5"]);
        });
        it("refuses a cloud pool of zero nodes: yurt-controller-manager needs one", () => {
            expectProblem(withPools({ ...cloud, size: 0 }, edge), "ack.nodePools[0].size", ["≥ 1", "yurt-controller-manager"]);
        });
        it("refuses an edge pool with no instance type", () => {
            expectProblem(withPools(cloud, { ...edge, instanceTypes: [] }), "ack.nodePools[1].instanceTypes", [
                "edge-a",
                "no instance type",
                "ecs.c7.large",
            ]);
            expectProblem(withPools(cloud, { name: "edge-b", role: "edge", size: 1 }), "ack.nodePools[1].instanceTypes", ["edge-b"]);
        });
        it("refuses a malformed instance type", () => {
            expectProblem(withPools(cloud, { ...edge, instanceTypes: ["c7.large"] }), "ack.nodePools[1].instanceTypes[0]", ["c7.large"]);
        });
        it("refuses no cloud pool, two cloud pools, or no edge pool", () => {
            expectProblem(withPools(edge), "ack.nodePools", ["0 pools have role cloud"]);
            expectProblem(withPools(cloud, { ...cloud, name: "cloud-2" }, edge), "ack.nodePools", ["2 pools have role cloud", "cloud, cloud-2"]);
            expectProblem(withPools(cloud), "ack.nodePools", ["no pool has role edge"]);
        });
        it("refuses duplicate pool names", () => {
            expectProblem(withPools(cloud, edge, { ...edge }), "ack.nodePools", ['"edge-a" is used more than once']);
        });
        it("refuses an unknown role and unknown pool settings", () => {
            expectProblem(withPools(cloud, edge, { ...edge, name: "x", role: "fog" }), "ack.nodePools[2].role", ["fog"]);
            expectProblem(withPools(cloud, { ...edge, instanceType: "ecs.c7.large" }), "ack.nodePools[1].instanceType", [
                "unknown setting",
                "instanceTypes",
            ]);
        });
    });

    describe("cluster profile", () => {
        it("refuses ACK Edge: it already ships OpenYurt-derived edge components", () => {
            expectProblem({ ...ackSpec(), profile: "Edge" }, "ack.profile", [
                "ACK Edge",
                "edge-hub",
                "edge-controller-manager",
                "standard ACK cluster",
                '"Default"',
            ]);
        });
        it("refuses clusters without node pools (Serverless)", () => {
            expectProblem({ ...ackSpec(), profile: "Serverless" }, "ack.profile", ["Serverless", "Default"]);
        });
        it("accepts Default explicitly", () => {
            assert.strictEqual(planAck({ ...ackSpec(), profile: "Default" }, noConversion, alicloudEnv(), "x").profile, "Default");
        });
    });

    describe("credentials", () => {
        const region = { region: "cn-hangzhou" };
        it("refuses a stack with no credentials, naming the secret config commands", () => {
            expectProblem(
                ackSpec(),
                "alicloud:accessKey",
                [
                    "no Alibaba Cloud credentials",
                    "pulumi config set --secret alicloud:accessKey",
                    "pulumi config set --secret alicloud:secretKey",
                    "ALICLOUD_ACCESS_KEY",
                ],
                alicloudEnv(region),
            );
        });
        it("refuses half an AccessKey pair", () => {
            expectProblem(ackSpec(), "alicloud:secretKey", ["ALICLOUD_SECRET_KEY"], alicloudEnv({ ...region, accessKey: "a" }));
        });
        it("accepts the AccessKey pair from the environment", () => {
            const env = alicloudEnv(region, { ALICLOUD_ACCESS_KEY: "a", ALICLOUD_SECRET_KEY: "b" });
            assert.strictEqual(planAck(ackSpec(), noConversion, env, "x").credentials, "access key");
        });
        it("accepts a profile, a shared credentials file, or an ECS RAM role instead", () => {
            assert.strictEqual(planAck(ackSpec(), noConversion, alicloudEnv(region, { ALICLOUD_PROFILE: "edge" }), "x").credentials, "profile");
            assert.strictEqual(
                planAck(ackSpec(), noConversion, alicloudEnv(region, {}, ["/home/op/.aliyun/config.json"]), "x").credentials,
                "shared credentials file",
            );
            assert.strictEqual(planAck(ackSpec(), noConversion, alicloudEnv({ ...region, ecsRoleName: "pulumi" }), "x").credentials, "ECS RAM role");
        });
        it("refuses a named shared credentials file that does not exist", () => {
            expectProblem(
                ackSpec(),
                "alicloud:sharedCredentialsFile",
                ["/nope.json"],
                alicloudEnv({ ...region, sharedCredentialsFile: "/nope.json" }),
            );
        });
    });

    describe("conversion settings on ACK", () => {
        it("refuses node lists: roles follow node-pool membership", () => {
            expectProblem(ackSpec(), "cloudNodes", ["node-pool membership"], undefined, { cloudNodes: ["n1"] });
            expectProblem(ackSpec(), "edgeNodes", ["edge pool"], undefined, { cloudNodes: [], edgeNodes: ["n2"] });
        });
        it("refuses a node-lifecycle provider other than ack", () => {
            expectProblem(ackSpec(), "provider", ["kubeadm", "ack"], undefined, { cloudNodes: [], provider: "kubeadm" });
        });
    });

    it("refuses a missing ack setting and unknown keys", () => {
        expectProblem(undefined, "ack", ["not set"]);
        expectProblem({ ...ackSpec(), nodepools: [] }, "ack.nodepools", ["unknown setting", "nodePools"]);
    });

    it("reports every problem at once", () => {
        const problems = problemsOf(
            { ...withPools({ ...cloud, size: -1 }, { ...edge, instanceTypes: [] }), profile: "Edge", podCidr: "192.168.0.0/16" },
            alicloudEnv({ region: "xx-nowhere-1" }),
        );
        assert.deepStrictEqual(
            problems.map((p) => p.setting).sort(),
            ["ack.nodePools[0].size", "ack.nodePools[1].instanceTypes", "ack.podCidr", "ack.profile", "alicloud:accessKey", "alicloud:region"].sort(),
        );
    });
});

describe("membershipFromPools", () => {
    it("assigns roles by the pool label nodes joined with, and leaves unlabelled nodes alone", () => {
        const inv = poolInventory(
            {
                cloud: { role: "cloud", nodes: ["cn-hangzhou.192.168.1.10"] },
                "edge-a": { role: "edge", nodes: ["cn-hangzhou.192.168.2.12", "cn-hangzhou.192.168.1.11"] },
            },
            ["byo-node"],
        );
        const m = membershipFromPools(inv, [
            { name: "cloud", role: "cloud" },
            { name: "edge-a", role: "edge" },
            { name: "edge-b", role: "edge" },
        ]);
        assert.deepStrictEqual(m.cloudNodes, ["cn-hangzhou.192.168.1.10"]);
        assert.deepStrictEqual(m.edgeNodes, ["cn-hangzhou.192.168.1.11", "cn-hangzhou.192.168.2.12"]);
        assert.deepStrictEqual(m.unmanagedNodes, ["byo-node"]);
        assert.deepStrictEqual(m.nodesByPool, {
            cloud: ["cn-hangzhou.192.168.1.10"],
            "edge-a": ["cn-hangzhou.192.168.1.11", "cn-hangzhou.192.168.2.12"],
            "edge-b": [],
        });
    });
});

describe("parseCidr", () => {
    it("parses canonical blocks and explains the rest", () => {
        assert.deepStrictEqual(parseCidr("10.0.0.0/8"), { text: "10.0.0.0/8", base: 0x0a000000, prefix: 8 });
        assert.match(parseCidr("10.0.0.1/8") as string, /host bits.*10\.0\.0\.0\/8/);
        assert.match(parseCidr("300.0.0.0/8") as string, /octets/);
        assert.match(parseCidr("10.0.0.0") as string, /not an IPv4 CIDR/);
    });
});
