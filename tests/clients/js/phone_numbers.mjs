// Phone numbers through an unmodified AWS SDK for JavaScript v3 client: search, claim (the
// SDK fills ClientToken), the asynchronous status, the flow association, a move, tags on the
// account-level ARN and the release. Run by tests/clients/test_js_phone_numbers.py.
//
// Environment: CONNECT_ENDPOINT, AWS_ACCESS_KEY_ID (12 digits: the account),
// AWS_SECRET_ACCESS_KEY, AWS_REGION.
//
// Prints one JSON document: {"checks": [{"name", "ok", "detail"}...]}.
// Exits 1 when any check failed.

import { randomUUID } from "node:crypto";

import {
  AssociatePhoneNumberContactFlowCommand,
  ClaimPhoneNumberCommand,
  CreateContactFlowCommand,
  DescribePhoneNumberCommand,
  IdempotencyException,
  InvalidParameterException,
  ListPhoneNumbersCommand,
  ListTagsForResourceCommand,
  ReleasePhoneNumberCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdatePhoneNumberCommand,
  paginateListFlowAssociations,
  paginateListPhoneNumbersV2,
  paginateSearchAvailablePhoneNumbers,
} from "@aws-sdk/client-connect";

import { activeInstance, check, connect, equal, expectError, run, send, sleep } from "./harness.mjs";


// The statuses DescribePhoneNumber shows until the number leaves IN_PROGRESS (or is gone).
async function statuses(numberId) {
  const seen = [];
  for (let i = 0; i < 400; i += 1) {
    try {
      const { ClaimedPhoneNumberSummary: summary } = await send(new DescribePhoneNumberCommand({ PhoneNumberId: numberId }));
      seen.push(summary.PhoneNumberStatus.Status);
      if (summary.PhoneNumberStatus.Status !== "IN_PROGRESS") return { seen, summary };
    } catch (error) {
      if (error.name !== "ResourceNotFoundException") throw error;
      seen.push("404");
      return { seen };
    }
    await sleep(25);
  }
  return { seen };
}

async function scenario() {
  const first = await activeInstance("jsp");
  const second = await activeInstance("jsp");
  const account = first.Arn.split(":")[4];

  // Search: a paginator over a bounded inventory, honouring the prefix
  const offered = [];
  const search = { TargetArn: first.Arn, PhoneNumberCountryCode: "US", PhoneNumberType: "DID", PhoneNumberPrefix: "+1206" };
  for await (const page of paginateSearchAvailablePhoneNumbers({ client: connect, pageSize: 10 }, { ...search })) {
    offered.push(...page.AvailableNumbersList.map((n) => n.PhoneNumber));
  }
  check("paginateSearchAvailablePhoneNumbers walks a bounded inventory under the prefix",
    offered.length === 100 && new Set(offered).size === 100 && offered.every((n) => n.startsWith("+1206")), `${offered.length} ${offered[0]}`);

  // Claim with the SDK's own ClientToken, then the asynchronous status
  const claimed = await send(new ClaimPhoneNumberCommand({ TargetArn: first.Arn, PhoneNumber: offered[0], Tags: { team: "js" } }));
  equal("ClaimPhoneNumber returns the account-level ARN", claimed.PhoneNumberArn,
    `arn:aws:connect:${first.Arn.split(":")[3]}:${account}:phone-number/${claimed.PhoneNumberId}`);
  const claim = await statuses(claimed.PhoneNumberId);
  equal("DescribePhoneNumber reaches CLAIMED with the target, country and tags",
    [claim.summary?.PhoneNumberStatus.Status, claim.summary?.TargetArn, claim.summary?.PhoneNumberCountryCode, claim.summary?.Tags],
    ["CLAIMED", first.Arn, "US", { team: "js" }]);
  await expectError("claiming a held number is InvalidParameterException 400",
    () => send(new ClaimPhoneNumberCommand({ InstanceId: first.Id, PhoneNumber: offered[0] })),
    { errorClass: InvalidParameterException, errorName: "InvalidParameterException", status: 400 });
  const token = randomUUID();
  await send(new ClaimPhoneNumberCommand({ InstanceId: first.Id, PhoneNumber: offered[1], ClientToken: token }));
  await expectError("a ClientToken reused with other input is IdempotencyException 409",
    () => send(new ClaimPhoneNumberCommand({ InstanceId: first.Id, PhoneNumber: offered[2], ClientToken: token })),
    { errorClass: IdempotencyException, errorName: "IdempotencyException", status: 409 });

  // Lists: the account's numbers, and the legacy form's instance-scoped ARN
  const listed = [];
  for await (const page of paginateListPhoneNumbersV2({ client: connect, pageSize: 1 }, { TargetArn: first.Arn })) {
    listed.push(...page.ListPhoneNumbersSummaryList.map((n) => n.PhoneNumber));
  }
  equal("paginateListPhoneNumbersV2 lists the instance's numbers in order", listed, offered.slice(0, 2));
  const legacy = (await send(new ListPhoneNumbersCommand({ InstanceId: first.Id }))).PhoneNumberSummaryList;
  equal("ListPhoneNumbers shows the legacy ARN inside the instance", legacy[0]?.Arn, `${first.Arn}/phone-number/${claimed.PhoneNumberId}`);

  // The flow association, read as Terraform reads it
  const content = JSON.stringify({ Version: "2019-10-30", StartAction: "end", Actions: [{ Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] });
  const flow = await send(new CreateContactFlowCommand({ InstanceId: first.Id, Name: "JS inbound", Type: "CONTACT_FLOW", Content: content }));
  await send(new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId: claimed.PhoneNumberId, InstanceId: first.Id, ContactFlowId: flow.ContactFlowId }));
  const associations = [];
  for await (const page of paginateListFlowAssociations({ client: connect, pageSize: 60 }, { InstanceId: first.Id, ResourceType: "VOICE_PHONE_NUMBER" })) {
    associations.push(...page.FlowAssociationSummaryList);
  }
  equal("ListFlowAssociations shows the number's ARN and the flow's ARN", associations,
    [{ ResourceId: claimed.PhoneNumberArn, FlowId: flow.ContactFlowArn, ResourceType: "VOICE_PHONE_NUMBER" }]);

  // Tags on the number's ARN, not on the legacy one
  await send(new TagResourceCommand({ resourceArn: claimed.PhoneNumberArn, tags: { env: "test" } }));
  equal("tags on the phone number ARN", (await send(new ListTagsForResourceCommand({ resourceArn: claimed.PhoneNumberArn }))).tags, { team: "js", env: "test" });
  await expectError("the legacy ARN cannot be tagged: ResourceNotFoundException 404",
    () => send(new TagResourceCommand({ resourceArn: legacy[0].Arn, tags: { env: "test" } })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });

  // A move to the other instance
  await send(new UpdatePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId, TargetArn: second.Arn }));
  const moved = await statuses(claimed.PhoneNumberId);
  equal("UpdatePhoneNumber moves the number to the other instance", [moved.summary?.PhoneNumberStatus.Status, moved.summary?.InstanceId], ["CLAIMED", second.Id]);

  // The release: IN_PROGRESS at most, then gone
  await send(new ReleasePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId }));
  const released = await statuses(claimed.PhoneNumberId);
  check("after ReleasePhoneNumber the number is IN_PROGRESS, then 404, never CLAIMED",
    released.seen.at(-1) === "404" && released.seen.slice(0, -1).every((s) => s === "IN_PROGRESS"), released.seen.join(","));
  await expectError("an unknown number is ResourceNotFoundException 404",
    () => send(new DescribePhoneNumberCommand({ PhoneNumberId: randomUUID() })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });
}

await run(scenario);
