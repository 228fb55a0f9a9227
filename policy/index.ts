/**
 * The CrossGuard pack. Pulumi runs this file (through @pulumi/pulumi/cmd/run-policy-pack, with
 * ts-node) and the PolicyPack constructor serves pulumirpc.Analyzer, printing its port.
 *
 *   pulumi preview --policy-pack policy --policy-pack-config policy-config.json
 */
import { PolicyPack } from "@pulumi/policy";

import { POLICY_PACK_NAME, policyPackArgs } from "./policies";

new PolicyPack(POLICY_PACK_NAME, policyPackArgs);
