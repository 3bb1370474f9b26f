// The resources inside an instance through an unmodified AWS SDK for JavaScript v3 client: a
// representative path per family, and the errors the resource engine produces. Run by
// tests/clients/test_js_resources.py.
//
// Environment: CONNECT_ENDPOINT, AWS_ACCESS_KEY_ID (12 digits: the account),
// AWS_SECRET_ACCESS_KEY, AWS_REGION.
//
// Prints one JSON document: {"checks": [{"name", "ok", "detail"}...]}.
// Exits 1 when any check failed.

import { randomUUID } from "node:crypto";

import {
  CreateAgentStatusCommand,
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  CreateHoursOfOperationCommand,
  CreatePromptCommand,
  CreateQueueCommand,
  CreateQuickConnectCommand,
  CreateRoutingProfileCommand,
  CreateSecurityProfileCommand,
  CreateUserCommand,
  CreateUserHierarchyGroupCommand,
  DeleteHoursOfOperationCommand,
  DeleteUserCommand,
  DescribeAgentStatusCommand,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  DescribeHoursOfOperationCommand,
  DescribeQueueCommand,
  DescribeUserCommand,
  DescribeUserHierarchyGroupCommand,
  DuplicateResourceException,
  InvalidContactFlowException,
  InvalidContactFlowModuleException,
  ListQueueQuickConnectsCommand,
  ListRoutingProfileQueuesCommand,
  ListSecurityProfilePermissionsCommand,
  ListTagsForResourceCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdateAgentStatusCommand,
  UpdateQueueNameCommand,
  UpdateUserHierarchyStructureCommand,
  paginateListHoursOfOperations,
  paginateListQueues,
} from "@aws-sdk/client-connect";

import { activeInstance, check, connect, equal, expectError, run, send } from "./harness.mjs";

async function scenario() {
  const { Id: instanceId, Arn: instanceArn } = await activeInstance("jsr");
  const inInstance = { InstanceId: instanceId };

  // Hours: defaults, create, paginate, describe with a Date, in-use delete
  const hours = await send(
    new CreateHoursOfOperationCommand({
      ...inInstance,
      Name: "JS hours",
      TimeZone: "UTC",
      Config: [{ Day: "MONDAY", StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
      Tags: { team: "js" },
    }),
  );
  equal("CreateHoursOfOperation returns the ARN under the instance", hours.HoursOfOperationArn,
    `${instanceArn}/operating-hours/${hours.HoursOfOperationId}`);
  const hourNames = [];
  // A copy: the SDK's paginators write NextToken into the input object they are given.
  for await (const page of paginateListHoursOfOperations({ client: connect, pageSize: 1 }, { ...inInstance })) {
    hourNames.push(...page.HoursOfOperationSummaryList.map((s) => s.Name));
  }
  equal("paginateListHoursOfOperations lists the defaults and the new hours", hourNames, ["Basic Hours", "JS hours"]);
  const described = (await send(new DescribeHoursOfOperationCommand({ ...inInstance, HoursOfOperationId: hours.HoursOfOperationArn }))).HoursOfOperation;
  check("DescribeHoursOfOperation by ARN has LastModifiedTime as a Date", described.LastModifiedTime instanceof Date, described.LastModifiedTime);
  await expectError("a duplicate name is DuplicateResourceException 409",
    () => send(new CreateHoursOfOperationCommand({ ...inInstance, Name: "JS hours", TimeZone: "UTC", Config: [] })),
    { errorClass: DuplicateResourceException, errorName: "DuplicateResourceException", status: 409 });

  // Queues: on the new hours, renamed, listed by type
  const queue = await send(new CreateQueueCommand({ ...inInstance, Name: "JS queue", HoursOfOperationId: hours.HoursOfOperationId, MaxContacts: 5 }));
  await send(new UpdateQueueNameCommand({ ...inInstance, QueueId: queue.QueueId, Name: "JS queue 2" }));
  const queueView = (await send(new DescribeQueueCommand({ ...inInstance, QueueId: queue.QueueId }))).Queue;
  equal("DescribeQueue shows the rename, the hours and the status", [queueView.Name, queueView.HoursOfOperationId, queueView.Status, queueView.MaxContacts],
    ["JS queue 2", hours.HoursOfOperationId, "ENABLED", 5]);
  const standard = [];
  for await (const page of paginateListQueues({ client: connect, pageSize: 1 }, { ...inInstance, QueueTypes: ["STANDARD"] })) {
    standard.push(...page.QueueSummaryList.map((s) => s.Name));
  }
  equal("paginateListQueues lists the STANDARD queues", standard, ["BasicQueue", "JS queue 2"]);
  await expectError("deleting hours a queue uses is ResourceInUseException 409",
    () => send(new DeleteHoursOfOperationCommand({ ...inInstance, HoursOfOperationId: hours.HoursOfOperationId })),
    { errorClass: ResourceInUseException, errorName: "ResourceInUseException", status: 409,
      more: (error) => (error.ResourceId?.endsWith(`/queue/${queue.QueueId}`) ? [] : [`ResourceId ${error.ResourceId}`]) });
  await expectError("a queue on unknown hours is ResourceNotFoundException 404",
    () => send(new CreateQueueCommand({ ...inInstance, Name: "Orphan", HoursOfOperationId: randomUUID() })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });

  // Flows: a published flow, and one whose content does not validate
  const content = JSON.stringify({ Version: "2019-10-30", StartAction: "end", Actions: [{ Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] });
  const flow = await send(new CreateContactFlowCommand({ ...inInstance, Name: "JS flow", Type: "CONTACT_FLOW", Content: content }));
  const flowView = (await send(new DescribeContactFlowCommand({ ...inInstance, ContactFlowId: flow.ContactFlowId }))).ContactFlow;
  equal("DescribeContactFlow returns the content as sent", flowView.Content, content);
  await expectError("invalid published content is InvalidContactFlowException 400 with problems",
    () => send(new CreateContactFlowCommand({ ...inInstance, Name: "Broken", Type: "CONTACT_FLOW", Content: "{\"Version\": \"2019-10-30\", \"StartAction\": \"nowhere\", \"Actions\": []}" })),
    { errorClass: InvalidContactFlowException, errorName: "InvalidContactFlowException", status: 400,
      more: (error) => (Array.isArray(error.problems) && error.problems.length > 0 ? [] : [`problems ${JSON.stringify(error.problems)}`]) });

  // Flow modules: idempotent by ClientToken, content checked with capital Problems
  const token = randomUUID();
  const module = await send(new CreateContactFlowModuleCommand({ ...inInstance, Name: "JS module", Content: content, ClientToken: token }));
  const again = await send(new CreateContactFlowModuleCommand({ ...inInstance, Name: "JS module", Content: content, ClientToken: token }));
  equal("CreateContactFlowModule sent again with its ClientToken answers the same module", again.Id, module.Id);
  const moduleView = (await send(new DescribeContactFlowModuleCommand({ ...inInstance, ContactFlowModuleId: module.Arn }))).ContactFlowModule;
  equal("DescribeContactFlowModule by ARN returns the content as sent", [moduleView.Name, moduleView.Content], ["JS module", content]);
  await expectError("invalid module content is InvalidContactFlowModuleException 400 with Problems",
    () => send(new CreateContactFlowModuleCommand({ ...inInstance, Name: "Broken module", Content: "{" })),
    { errorClass: InvalidContactFlowModuleException, errorName: "InvalidContactFlowModuleException", status: 400,
      more: (error) => (Array.isArray(error.Problems) && error.Problems.length > 0 ? [] : [`Problems ${JSON.stringify(error.Problems)}`]) });

  // Quick connects on a queue
  const quick = await send(new CreateQuickConnectCommand({ ...inInstance, Name: "JS external", QuickConnectConfig: { QuickConnectType: "PHONE_NUMBER", PhoneConfig: { PhoneNumber: "+14155550100" } } }));
  const withQuick = await send(new CreateQueueCommand({ ...inInstance, Name: "JS with quick", HoursOfOperationId: hours.HoursOfOperationId, QuickConnectIds: [quick.QuickConnectId] }));
  const quicks = await send(new ListQueueQuickConnectsCommand({ ...inInstance, QueueId: withQuick.QueueId }));
  equal("ListQueueQuickConnects lists the quick connect", quicks.QuickConnectSummaryList.map((s) => s.Name), ["JS external"]);

  // Routing profile with a queue config, security profile, hierarchy group, user
  const profile = await send(new CreateRoutingProfileCommand({
    ...inInstance, Name: "JS profile", Description: "from JS", DefaultOutboundQueueId: queue.QueueId,
    MediaConcurrencies: [{ Channel: "VOICE", Concurrency: 1 }],
    QueueConfigs: [{ QueueReference: { QueueId: queue.QueueId, Channel: "VOICE" }, Priority: 2, Delay: 5 }],
  }));
  const configs = await send(new ListRoutingProfileQueuesCommand({ ...inInstance, RoutingProfileId: profile.RoutingProfileId }));
  equal("ListRoutingProfileQueues shows the queue config",
    configs.RoutingProfileQueueConfigSummaryList.map((c) => [c.QueueName, c.Channel, c.Priority, c.Delay]), [["JS queue 2", "VOICE", 2, 5]]);
  const security = await send(new CreateSecurityProfileCommand({ ...inInstance, SecurityProfileName: "JS_profile", Permissions: ["BasicAgentAccess"] }));
  const permissions = await send(new ListSecurityProfilePermissionsCommand({ ...inInstance, SecurityProfileId: security.SecurityProfileId }));
  equal("ListSecurityProfilePermissions lists the permissions", permissions.Permissions, ["BasicAgentAccess"]);
  await send(new UpdateUserHierarchyStructureCommand({ ...inInstance, HierarchyStructure: { LevelOne: { Name: "Region" } } }));
  const group = await send(new CreateUserHierarchyGroupCommand({ ...inInstance, Name: "JS group" }));
  const groupView = (await send(new DescribeUserHierarchyGroupCommand({ ...inInstance, HierarchyGroupId: group.HierarchyGroupId }))).HierarchyGroup;
  equal("a hierarchy group is made on level one of the structure", [groupView.Name, groupView.LevelId, groupView.HierarchyPath?.LevelOne?.Name], ["JS group", "1", "JS group"]);
  const user = await send(new CreateUserCommand({
    ...inInstance, Username: "jsagent", Password: "Passw0rd!x", IdentityInfo: { FirstName: "J", LastName: "S", Email: "js@example.com" },
    PhoneConfig: { PhoneType: "SOFT_PHONE" }, SecurityProfileIds: [security.SecurityProfileId], RoutingProfileId: profile.RoutingProfileId,
    HierarchyGroupId: group.HierarchyGroupId,
  }));
  const userView = (await send(new DescribeUserCommand({ ...inInstance, UserId: user.UserId }))).User;
  equal("DescribeUser has the username, routing profile and group", [userView.Username, userView.RoutingProfileId, userView.HierarchyGroupId], ["jsagent", profile.RoutingProfileId, group.HierarchyGroupId]);
  check("DescribeUser never returns a password", !("Password" in userView), Object.keys(userView).join(","));
  await send(new DeleteUserCommand({ ...inInstance, UserId: user.UserId }));

  // Prompts and agent statuses
  const prompt = await send(new CreatePromptCommand({ ...inInstance, Name: "JS prompt", S3Uri: "s3://bucket/prompt.wav" }));
  check("CreatePrompt returns PromptARN", prompt.PromptARN?.endsWith(`/prompt/${prompt.PromptId}`), prompt.PromptARN);
  const status = await send(new CreateAgentStatusCommand({ ...inInstance, Name: "Lunch", State: "ENABLED" }));
  check("CreateAgentStatus returns AgentStatusARN", status.AgentStatusARN?.endsWith(`/agent-state/${status.AgentStatusId}`), status.AgentStatusARN);
  await send(new UpdateAgentStatusCommand({ ...inInstance, AgentStatusId: status.AgentStatusId, State: "DISABLED", DisplayOrder: 7 }));
  const statusView = (await send(new DescribeAgentStatusCommand({ ...inInstance, AgentStatusId: status.AgentStatusId }))).AgentStatus;
  equal("UpdateAgentStatus changes what DescribeAgentStatus shows", [statusView.Name, statusView.State, statusView.DisplayOrder], ["Lunch", "DISABLED", 7]);

  // Tags on a child ARN
  await send(new TagResourceCommand({ resourceArn: queue.QueueArn, tags: { env: "js" } }));
  const tags = await send(new ListTagsForResourceCommand({ resourceArn: queue.QueueArn }));
  equal("tags on a queue ARN", tags.tags, { env: "js" });
}

await run(scenario);
