import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./src/policies";

new PolicyPack("sg-provisioner", { policies: POLICIES });
