// Describes and lists one instance through an unmodified AWS SDK for JavaScript v3 client and
// prints what the SDK made of the answers. Run by tests/clients/test_failed_instance.py.
//
// Environment: CONNECT_ENDPOINT, INSTANCE_ID, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_REGION.

import { ConnectClient, DescribeInstanceCommand, ListInstancesCommand } from "@aws-sdk/client-connect";

const connect = new ConnectClient({ endpoint: process.env.CONNECT_ENDPOINT });
const id = process.env.INSTANCE_ID;
const { Instance } = await connect.send(new DescribeInstanceCommand({ InstanceId: id }));
const { InstanceSummaryList } = await connect.send(new ListInstancesCommand({}));
const summary = InstanceSummaryList.find((item) => item.Id === id);
// Object.keys, not JSON.stringify: a member the SDK set to undefined or null must show.
console.log(
  JSON.stringify({
    instanceKeys: Object.keys(Instance).sort(),
    instance: Instance,
    summaryKeys: Object.keys(summary).sort(),
  }),
);
