// The integrations of an instance through an unmodified AWS SDK for JavaScript v3 client: a
// representative path per family (storage configs, Lambda functions, approved origins, Lex
// bots, security keys, analytics datasets) and their errors. Run by
// tests/clients/test_js_integrations.py.
//
// Environment: CONNECT_ENDPOINT, AWS_ACCESS_KEY_ID (12 digits: the account),
// AWS_SECRET_ACCESS_KEY, AWS_REGION.
//
// Prints one JSON document: {"checks": [{"name", "ok", "detail"}...]}.
// Exits 1 when any check failed.

import {
  AssociateAnalyticsDataSetCommand,
  AssociateApprovedOriginCommand,
  AssociateBotCommand,
  AssociateInstanceStorageConfigCommand,
  AssociateLambdaFunctionCommand,
  AssociateLexBotCommand,
  AssociateSecurityKeyCommand,
  BatchAssociateAnalyticsDataSetCommand,
  DescribeInstanceStorageConfigCommand,
  DisassociateBotCommand,
  DisassociateInstanceStorageConfigCommand,
  DisassociateLambdaFunctionCommand,
  InvalidParameterException,
  ListAnalyticsDataAssociationsCommand,
  ListAnalyticsDataLakeDataSetsCommand,
  ListBotsCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateInstanceStorageConfigCommand,
  paginateListApprovedOrigins,
  paginateListInstanceStorageConfigs,
  paginateListLambdaFunctions,
  paginateListSecurityKeys,
} from "@aws-sdk/client-connect";

import { activeInstance, check, connect, equal, expectError, run, send } from "./harness.mjs";

async function collect(paginate, input, member) {
  const items = [];
  // A copy: the SDK's paginators write NextToken into the input object they are given.
  for await (const page of paginate({ client: connect, pageSize: 1 }, { ...input })) {
    items.push(...page[member]);
  }
  return items;
}

async function scenario() {
  const { Id: instanceId } = await activeInstance("jsi");
  const inInstance = { InstanceId: instanceId };
  const region = await connect.config.region();
  const account = process.env.AWS_ACCESS_KEY_ID;

  // Storage configs: one per resource type, found again only under its own resource type
  const s3 = { StorageType: "S3", S3Config: { BucketName: "js-recordings", BucketPrefix: "calls" } };
  const { AssociationId } = await send(
    new AssociateInstanceStorageConfigCommand({ ...inInstance, ResourceType: "CALL_RECORDINGS", StorageConfig: s3 }),
  );
  check("AssociateInstanceStorageConfig returns a 64-hex AssociationId", /^[0-9a-f]{64}$/.test(AssociationId), AssociationId);
  const key = { ...inInstance, AssociationId, ResourceType: "CALL_RECORDINGS" };
  const described = (await send(new DescribeInstanceStorageConfigCommand(key))).StorageConfig;
  equal("DescribeInstanceStorageConfig returns the S3 config",
    [described.AssociationId, described.StorageType, described.S3Config], [AssociationId, s3.StorageType, s3.S3Config]);
  const listed = await collect(paginateListInstanceStorageConfigs, { ...inInstance, ResourceType: "CALL_RECORDINGS" }, "StorageConfigs");
  equal("paginateListInstanceStorageConfigs lists the config of its resource type", listed.map((c) => c.AssociationId), [AssociationId]);
  await send(new UpdateInstanceStorageConfigCommand({ ...key, StorageConfig: { ...s3, S3Config: { BucketName: "js-other", BucketPrefix: "calls" } } }));
  const updated = (await send(new DescribeInstanceStorageConfigCommand(key))).StorageConfig;
  equal("UpdateInstanceStorageConfig changes the bucket", updated.S3Config.BucketName, "js-other");
  await expectError("a second config for a resource type is ResourceConflictException 409",
    () => send(new AssociateInstanceStorageConfigCommand({ ...inInstance, ResourceType: "CALL_RECORDINGS", StorageConfig: s3 })),
    { errorClass: ResourceConflictException, errorName: "ResourceConflictException", status: 409 });
  await expectError("a storage type the resource type does not take is InvalidParameterException 400",
    () => send(new AssociateInstanceStorageConfigCommand({ ...inInstance, ResourceType: "AGENT_EVENTS", StorageConfig: s3 })),
    { errorClass: InvalidParameterException, errorName: "InvalidParameterException", status: 400 });
  await expectError("another resourceType for the AssociationId is ResourceNotFoundException 404",
    () => send(new DescribeInstanceStorageConfigCommand({ ...key, ResourceType: "CHAT_TRANSCRIPTS" })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });
  await send(new DisassociateInstanceStorageConfigCommand(key));
  const after = await collect(paginateListInstanceStorageConfigs, { ...inInstance, ResourceType: "CALL_RECORDINGS" }, "StorageConfigs");
  equal("DisassociateInstanceStorageConfig removes it", after, []);

  // Lambda functions
  const functions = ["lookup", "route", "notify"].map((name) => `arn:aws:lambda:${region}:${account}:function:${name}`);
  for (const FunctionArn of functions) await send(new AssociateLambdaFunctionCommand({ ...inInstance, FunctionArn }));
  equal("paginateListLambdaFunctions lists the functions in order",
    await collect(paginateListLambdaFunctions, inInstance, "LambdaFunctions"), functions);
  await expectError("a function twice is ResourceConflictException 409",
    () => send(new AssociateLambdaFunctionCommand({ ...inInstance, FunctionArn: functions[0] })),
    { errorClass: ResourceConflictException, errorName: "ResourceConflictException", status: 409 });
  await expectError("DisassociateLambdaFunction of an unknown function is ResourceNotFoundException 404",
    () => send(new DisassociateLambdaFunctionCommand({ ...inInstance, FunctionArn: `${functions[0]}-gone` })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });

  // Approved origins
  const origins = ["https://www.example.com", "https://chat.example.com"];
  for (const Origin of origins) await send(new AssociateApprovedOriginCommand({ ...inInstance, Origin }));
  equal("paginateListApprovedOrigins lists the origins", await collect(paginateListApprovedOrigins, inInstance, "Origins"), origins);

  // Lex bots: V1 by either operation, V2 aliases, DisassociateBot as a POST with a body
  const v1 = { Name: "OrderFlowers", LexRegion: region };
  await send(new AssociateLexBotCommand({ ...inInstance, LexBot: v1 }));
  equal("ListBots V1 lists the bot associated by AssociateLexBot",
    (await send(new ListBotsCommand({ ...inInstance, LexVersion: "V1" }))).LexBots, [{ LexBot: v1 }]);
  const aliasArn = `arn:aws:lex:${region}:${account}:bot-alias/BOTJS12345/TSTALIASID`;
  await send(new AssociateBotCommand({ ...inInstance, LexV2Bot: { AliasArn: aliasArn } }));
  equal("ListBots V2 lists the alias associated by AssociateBot",
    (await send(new ListBotsCommand({ ...inInstance, LexVersion: "V2" }))).LexBots, [{ LexV2Bot: { AliasArn: aliasArn } }]);
  await send(new DisassociateBotCommand({ ...inInstance, LexBot: v1 }));
  equal("DisassociateBot (a POST with a body) removes the V1 bot",
    (await send(new ListBotsCommand({ ...inInstance, LexVersion: "V1" }))).LexBots, []);

  // Security keys
  const pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----";
  const associated = await send(new AssociateSecurityKeyCommand({ ...inInstance, Key: pem }));
  const keys = await collect(paginateListSecurityKeys, inInstance, "SecurityKeys");
  check("ListSecurityKeys has the key with CreationTime as a Date",
    keys.length === 1 && keys[0].AssociationId === associated.AssociationId && keys[0].Key === pem && keys[0].CreationTime instanceof Date,
    JSON.stringify(keys));

  // Analytics datasets
  const dataSets = (await send(new ListAnalyticsDataLakeDataSetsCommand(inInstance))).Results;
  check("ListAnalyticsDataLakeDataSets lists contact_record", dataSets.some((d) => d.DataSetId === "contact_record"), JSON.stringify(dataSets));
  const share = await send(new AssociateAnalyticsDataSetCommand({ ...inInstance, DataSetId: "contact_record" }));
  check("AssociateAnalyticsDataSet returns a RAM share ARN",
    share.ResourceShareArn === `arn:aws:ram:${region}:${account}:resource-share/${share.ResourceShareId}` && share.TargetAccountId === account,
    JSON.stringify(share));
  const batch = await send(new BatchAssociateAnalyticsDataSetCommand({ ...inInstance, DataSetIds: ["agent_statistic_record", "no_such_table"] }));
  equal("BatchAssociateAnalyticsDataSet answers Created and Errors",
    [batch.Created.map((c) => c.DataSetId), batch.Errors.map((e) => e.ErrorCode)], [["agent_statistic_record"], ["ResourceNotFoundException"]]);
  const results = (await send(new ListAnalyticsDataAssociationsCommand(inInstance))).Results;
  equal("ListAnalyticsDataAssociations lists the associations",
    results.map((r) => [r.DataSetId, r.ResourceShareStatus]), [["contact_record", "ACTIVE"], ["agent_statistic_record", "ACTIVE"]]);
}

await run(scenario);
