import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ackResourceNames } from "../core/names";
import { AckPlan } from "./plan";

/** The VPC and one vSwitch per planned zone block. */
export function createNetwork(name: string, plan: AckPlan, opts: pulumi.CustomResourceOptions) {
    const names = ackResourceNames(name);
    const vpc = new alicloud.vpc.Network(
        names.vpc,
        {
            vpcName: `${plan.clusterName}-vpc`,
            cidrBlock: plan.vpcCidr,
            tags: plan.tags,
        },
        opts,
    );
    const vswitches = plan.vswitches.map(
        (v, i) =>
            new alicloud.vpc.Switch(
                names.vswitch(i),
                {
                    vswitchName: `${plan.clusterName}-${v.zone}`,
                    vpcId: vpc.id,
                    zoneId: v.zone,
                    cidrBlock: v.cidr,
                    tags: plan.tags,
                },
                opts,
            ),
    );
    return { vpc, vswitches };
}
