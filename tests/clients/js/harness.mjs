// What the resource scenarios (resources.mjs, integrations.mjs, phone_numbers.mjs,
// vocabularies.mjs) share: a client of the emulator, the list of checks, error expectations,
// an ACTIVE instance to work in, and the report that tests/clients/node.py reads.
//
// Environment: CONNECT_ENDPOINT, AWS_ACCESS_KEY_ID (12 digits: the account),
// AWS_SECRET_ACCESS_KEY, AWS_REGION.

import { randomUUID } from "node:crypto";

import {
  ConnectClient,
  ConnectServiceException,
  CreateInstanceCommand,
  DescribeInstanceCommand,
} from "@aws-sdk/client-connect";

const endpoint = process.env.CONNECT_ENDPOINT;
const checks = [];

export const connect = new ConnectClient({ ...(endpoint ? { endpoint } : {}) });
export const send = (command) => connect.send(command);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function check(name, ok, detail = "") {
  checks.push({ name, ok: Boolean(ok), detail: String(detail) });
}

export function equal(name, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(name, a === e, a === e ? a : `got ${a}, expected ${e}`);
}

// Runs `call`, which must fail: checks the error's class, name and HTTP status, and whatever
// `more(error)` finds wrong with it.
export async function expectError(name, call, { errorClass, errorName, status, more }) {
  try {
    await call();
    check(name, false, "no error was thrown");
  } catch (error) {
    const problems = [];
    if (!(error instanceof ConnectServiceException)) problems.push("not a ConnectServiceException");
    if (errorClass && !(error instanceof errorClass)) problems.push(`not a ${errorClass.name}`);
    if (error.name !== errorName) problems.push(`name ${error.name}`);
    if (error.$metadata?.httpStatusCode !== status) problems.push(`status ${error.$metadata?.httpStatusCode}`);
    if (more) problems.push(...more(error));
    check(name, problems.length === 0, problems.length ? problems.join("; ") : `${error.name} ${status}`);
  }
}

// A new instance, once it is ACTIVE; `prefix` starts its alias.
export async function activeInstance(prefix) {
  const created = await send(
    new CreateInstanceCommand({
      IdentityManagementType: "CONNECT_MANAGED",
      InstanceAlias: `${prefix}-${randomUUID().replaceAll("-", "").slice(0, 20)}`,
      InboundCallsEnabled: true,
      OutboundCallsEnabled: true,
    }),
  );
  for (let i = 0; i < 200; i += 1) {
    const { Instance } = await send(new DescribeInstanceCommand({ InstanceId: created.Id }));
    if (Instance.InstanceStatus === "ACTIVE") return created;
    await sleep(25);
  }
  throw new Error("the instance never became ACTIVE");
}

// Runs the scenario and prints {"checks": [...]}; exits 1 when any check failed.
export async function run(scenario) {
  try {
    await scenario();
  } catch (error) {
    check("the scenario ran to the end", false, `${error?.name}: ${error?.message}\n${error?.stack}`);
  }
  console.log(JSON.stringify({ checks }, null, 2));
  process.exitCode = checks.every((c) => c.ok) ? 0 : 1;
}
