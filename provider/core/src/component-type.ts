/**
 * The component's type token. Kept apart from the component class so that code which only needs
 * to recognise the component (the policy pack) does not load @pulumi/aws.
 */
export const TIERED_SECURITY_GROUPS_TYPE = "sg-provisioner:index:TieredSecurityGroups";
