/**
 * The CrossGuard pack. Pulumi runs its build, dist/index.js (the package's `main`), through the
 * @pulumi/pulumi/cmd/run-policy-pack it resolves from the pack's folder, and the PolicyPack
 * constructor serves pulumirpc.Analyzer, printing its port.
 *
 *   pulumi preview --policy-pack node_modules/pulumi-cloudflare-aop-status-policy --policy-pack-config policy-config.json
 */
import { PolicyPack } from "@pulumi/policy";

import { POLICY_PACK_NAME, policyPackArgs } from "./policies";

new PolicyPack(POLICY_PACK_NAME, policyPackArgs);
