/**
 * Pulumi type tokens of the resources the pack reads. Written out rather than taken from
 * @pulumi/aws classes, so the pack neither loads nor pins the AWS provider SDK.
 */
export const AWS_TYPES = {
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ssmParameter: "aws:ssm/parameter:Parameter",
    managedPrefixList: "aws:ec2/managedPrefixList:ManagedPrefixList",
} as const;

/** Types whose resources are security groups (rules may be attached to them). */
export const GROUP_TYPES: readonly string[] = [AWS_TYPES.securityGroup, AWS_TYPES.defaultSecurityGroup];
