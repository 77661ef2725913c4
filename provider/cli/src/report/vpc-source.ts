import { VpcSource } from "sg-provisioner-core";

/** How the set finds its VPC, in words: `SSM parameter /vpc/core/VPCId` or `VPC ID vpc-0123`. */
export function describeVpcSource(vpc: VpcSource): string {
    return vpc.kind === "ssm" ? `SSM parameter ${vpc.parameter}` : `VPC ID ${vpc.id}`;
}
