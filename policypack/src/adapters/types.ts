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

/**
 * The same for @pulumi/aws-native, as its SDK registers them (`__pulumiType` in
 * ec2/securityGroup.js, securityGroupIngress.js, securityGroupEgress.js, prefixList.js of 1.79.0).
 * The pack does not depend on that SDK either.
 */
export const NATIVE_TYPES = {
    securityGroup: "aws-native:ec2:SecurityGroup",
    securityGroupIngress: "aws-native:ec2:SecurityGroupIngress",
    securityGroupEgress: "aws-native:ec2:SecurityGroupEgress",
    prefixList: "aws-native:ec2:PrefixList",
} as const;

/** Types whose resources are security groups (rules may be attached to them). */
export const GROUP_TYPES: readonly string[] = [AWS_TYPES.securityGroup, AWS_TYPES.defaultSecurityGroup, NATIVE_TYPES.securityGroup];

/** Types whose resources are managed prefix lists (a rule naming one counts as its maximum entries). */
export const PREFIX_LIST_TYPES: readonly string[] = [AWS_TYPES.managedPrefixList, NATIVE_TYPES.prefixList];
