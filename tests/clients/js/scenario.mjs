// Every operation connect-emulator implements, and every error it can produce, through an
// unmodified AWS SDK for JavaScript v3 client. Run by tests/clients/test_js_sdk.py.
//
// Environment:
//   CONNECT_ENDPOINT               the endpoint to give the client; when unset the SDK must
//                                  find it itself (AWS_ENDPOINT_URL_CONNECT)
//   CONNECT_EMULATOR_CONTROL_URL   the emulator's base URL, for its control API (faults)
//   AWS_ACCESS_KEY_ID              12 digits: the emulator takes it as the account id
//   AWS_SECRET_ACCESS_KEY, AWS_REGION
//
// Prints one JSON document: {"checks": [{"name", "ok", "detail"}...], "kept": {...}}.
// Exits 1 when any check failed, 2 when the scenario itself broke.

import { randomUUID } from "node:crypto";

import {
  ConnectClient,
  ConnectServiceException,
  CreateInstanceCommand,
  DeleteInstanceCommand,
  DescribeInstanceCommand,
  InternalServiceException,
  InvalidRequestException,
  ListEvaluationFormsCommand,
  ListInstancesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  ThrottlingException,
  UntagResourceCommand,
  paginateListInstances,
} from "@aws-sdk/client-connect";

const endpoint = process.env.CONNECT_ENDPOINT;
const controlUrl = required("CONNECT_EMULATOR_CONTROL_URL");
const account = required("AWS_ACCESS_KEY_ID");
const region = required("AWS_REGION");

const checks = [];
const started = Date.now();

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`scenario.mjs: ${name} is not set`);
    process.exit(2);
  }
  return value;
}

function check(name, ok, detail = "") {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
}

function equal(name, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(name, a === e, a === e ? a : `got ${a}, expected ${e}`);
}

function client(extra = {}) {
  // No credentials and no region here: the SDK's default chain reads them from the environment.
  return new ConnectClient({ ...(endpoint ? { endpoint } : {}), ...extra });
}

function alias(prefix) {
  return `${prefix}-${randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

async function create(connect, instanceAlias, extra = {}) {
  return connect.send(
    new CreateInstanceCommand({
      IdentityManagementType: "CONNECT_MANAGED",
      InstanceAlias: instanceAlias,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: false,
      ...extra,
    }),
  );
}

// Runs `call`, which must fail; checks the error's class, name, HTTP status and fault side.
async function expectError(name, call, { errorClass, errorName, status, attempts, message }) {
  try {
    await call();
    check(name, false, "no error was thrown");
    return;
  } catch (error) {
    const problems = [];
    if (!(error instanceof ConnectServiceException)) problems.push("not a ConnectServiceException");
    if (errorClass && !(error instanceof errorClass)) problems.push(`not a ${errorClass.name}`);
    if (error.name !== errorName) problems.push(`name ${error.name}`);
    const meta = error.$metadata ?? {};
    if (meta.httpStatusCode !== status) problems.push(`status ${meta.httpStatusCode}`);
    if (!meta.requestId) problems.push("no requestId");
    const fault = status >= 500 ? "server" : "client";
    if (error.$fault !== fault) problems.push(`$fault ${error.$fault}`);
    if (attempts !== undefined && meta.attempts !== attempts) {
      problems.push(`attempts ${meta.attempts}`);
    }
    if (message !== undefined && !message.test(error.message)) {
      problems.push(`message ${JSON.stringify(error.message)}`);
    }
    check(
      name,
      problems.length === 0,
      problems.length ? problems.join("; ") : `${error.name} ${meta.httpStatusCode}`,
    );
  }
}

async function setFaults(rules) {
  const reply = await fetch(`${controlUrl}/_emulator/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rules }),
  });
  if (!reply.ok) throw new Error(`setting faults: ${reply.status} ${await reply.text()}`);
}

async function waitGone(connect, id, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await connect.send(new DescribeInstanceCommand({ InstanceId: id }));
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return true;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

async function scenario() {
  const connect = client();

  // CreateInstance
  const keptAlias = alias("js");
  const created = await create(connect, keptAlias, { Tags: { team: "blue" } });
  check("CreateInstance returns an id", /^[0-9a-f-]{36}$/.test(created.Id ?? ""), created.Id);
  equal("CreateInstance returns the ARN of the caller's account and region", created.Arn,
    `arn:aws:connect:${region}:${account}:instance/${created.Id}`);
  equal("CreateInstance answers 200", created.$metadata.httpStatusCode, 200);
  check("CreateInstance has a request id", created.$metadata.requestId, created.$metadata.requestId);

  // DescribeInstance, by id and by ARN
  const described = (await connect.send(new DescribeInstanceCommand({ InstanceId: created.Id })))
    .Instance;
  equal("DescribeInstance has the id", described.Id, created.Id);
  equal("DescribeInstance has the alias", described.InstanceAlias, keptAlias);
  equal("DescribeInstance has the identity type", described.IdentityManagementType, "CONNECT_MANAGED");
  equal("DescribeInstance has the call flags", [described.InboundCallsEnabled, described.OutboundCallsEnabled], [true, false]);
  check("DescribeInstance has a status", ["CREATION_IN_PROGRESS", "ACTIVE"].includes(described.InstanceStatus), described.InstanceStatus);
  equal("DescribeInstance has the tags", described.Tags, { team: "blue" });
  const createdTime = described.CreatedTime;
  check("CreatedTime is a Date", createdTime instanceof Date, Object.prototype.toString.call(createdTime));
  const epochMs = createdTime instanceof Date ? createdTime.getTime() : NaN;
  check(
    "CreatedTime is when the instance was created",
    epochMs >= started - 2000 && epochMs <= Date.now() + 2000,
    `${epochMs} vs run started ${started}`,
  );
  const byArn = (await connect.send(new DescribeInstanceCommand({ InstanceId: created.Arn }))).Instance;
  equal("DescribeInstance accepts the ARN", byArn.Id, created.Id);

  // ListInstances: the paginator across several pages, each instance exactly once
  const more = [];
  for (let i = 0; i < 4; i += 1) more.push((await create(connect, alias("jsp"))).Id);
  const expected = [created.Id, ...more];
  const pages = [];
  for await (const page of paginateListInstances({ client: connect, pageSize: 2 }, {})) {
    pages.push(page.InstanceSummaryList.map((summary) => summary.Id));
  }
  equal("paginateListInstances walks pages of 2", pages.map((page) => page.length), [2, 2, 1]);
  equal("paginateListInstances lists every instance once, in creation order", pages.flat(), expected);
  const first = await connect.send(new ListInstancesCommand({ MaxResults: 2 }));
  check("ListInstances returns a NextToken", typeof first.NextToken === "string" && first.NextToken, first.NextToken);
  const summary = first.InstanceSummaryList[0];
  check("ListInstances summaries carry CreatedTime as a Date", summary.CreatedTime instanceof Date && summary.CreatedTime.getTime() === epochMs, summary.CreatedTime);

  // TagResource, UntagResource, ListTagsForResource
  await connect.send(new TagResourceCommand({ resourceArn: created.Arn, tags: { env: "test", "cost centre": "7" } }));
  const tagged = await connect.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }));
  equal("TagResource adds tags", sorted(tagged.tags), { "cost centre": "7", env: "test", team: "blue" });
  await connect.send(new UntagResourceCommand({ resourceArn: created.Arn, tagKeys: ["team", "cost centre"] }));
  const untagged = await connect.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }));
  equal("UntagResource removes tags", untagged.tags, { env: "test" });

  // DeleteInstance
  const doomed = more.pop();
  const deleted = await connect.send(new DeleteInstanceCommand({ InstanceId: doomed }));
  equal("DeleteInstance answers 200", deleted.$metadata.httpStatusCode, 200);
  check("a deleted instance is gone", await waitGone(connect, doomed), doomed);
  const remaining = [];
  for await (const page of paginateListInstances({ client: connect, pageSize: 2 }, {})) {
    remaining.push(...page.InstanceSummaryList.map((s) => s.Id));
  }
  equal("a deleted instance is no longer listed", remaining, [created.Id, ...more]);

  // Errors the server decides
  await expectError(
    "a too long alias is InvalidRequestException 400",
    () => create(connect, "a".repeat(46)),
    { errorClass: InvalidRequestException, errorName: "InvalidRequestException", status: 400, message: /InstanceAlias/ },
  );
  await expectError(
    "an alias in use is InvalidRequestException 400",
    () => create(connect, keptAlias),
    { errorClass: InvalidRequestException, errorName: "InvalidRequestException", status: 400, message: /alias is already used/ },
  );
  await expectError(
    "an unknown instance is ResourceNotFoundException 404",
    () => connect.send(new DescribeInstanceCommand({ InstanceId: randomUUID() })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 },
  );
  await expectError(
    "tags of a deleted instance are ResourceNotFoundException 404",
    () => connect.send(new ListTagsForResourceCommand({ resourceArn: created.Arn.replace(created.Id, doomed) })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 },
  );
  await expectError(
    "an operation the emulator lacks is NotImplementedException 501",
    () => connect.send(new ListEvaluationFormsCommand({ InstanceId: created.Id })),
    { errorName: "NotImplementedException", status: 501, message: /ListEvaluationForms/ },
  );

  // Errors injected through the control API, for this account only
  const once = client({ maxAttempts: 1 });
  try {
    await setFaults([{ operations: ["DescribeInstance"], rate: 1.0, error: "ThrottlingException", account }]);
    await expectError(
      "an injected throttle is ThrottlingException 429",
      () => once.send(new DescribeInstanceCommand({ InstanceId: created.Id })),
      { errorClass: ThrottlingException, errorName: "ThrottlingException", status: 429, attempts: 1 },
    );
    await expectError(
      "the SDK retries a throttle (maxAttempts 2)",
      () => client({ maxAttempts: 2 }).send(new DescribeInstanceCommand({ InstanceId: created.Id })),
      { errorClass: ThrottlingException, errorName: "ThrottlingException", status: 429, attempts: 2 },
    );
    const listed = await once.send(new ListInstancesCommand({}));
    equal("other operations are not throttled", listed.$metadata.httpStatusCode, 200);
    await setFaults([{ operations: ["ListInstances"], rate: 1.0, error: "InternalServiceException", account }]);
    await expectError(
      "an injected internal error is InternalServiceException 500",
      () => once.send(new ListInstancesCommand({})),
      { errorClass: InternalServiceException, errorName: "InternalServiceException", status: 500, attempts: 1 },
    );
  } finally {
    await setFaults([]);
  }
  const after = await once.send(new DescribeInstanceCommand({ InstanceId: created.Id }));
  equal("cleared faults fail nothing", after.Instance.Id, created.Id);

  return { id: created.Id, arn: created.Arn, createdTimeMs: epochMs };
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
}

let kept = null;
try {
  kept = await scenario();
} catch (error) {
  check("the scenario ran to the end", false, `${error?.name}: ${error?.message}\n${error?.stack}`);
}
console.log(JSON.stringify({ endpoint: endpoint ?? null, kept, checks }, null, 2));
process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
