// Custom vocabularies through an unmodified AWS SDK for JavaScript v3 client: the asynchronous
// creation and deletion as a provisioning script polls them, the search and default
// vocabularies with the SDK's paginators, and the errors the model declares for them. Run by
// tests/clients/test_js_vocabularies.py, which paces the account's steps (a short delay), plans
// the failure of "js-failing*" and sets the account's vocabulary quota to 3 beforehand.
//
// Environment: CONNECT_ENDPOINT, AWS_ACCESS_KEY_ID (12 digits: the account),
// AWS_SECRET_ACCESS_KEY, AWS_REGION.
//
// Prints one JSON document: {"checks": [{"name", "ok", "detail"}...]}.
// Exits 1 when any check failed.

import {
  AssociateDefaultVocabularyCommand,
  CreateVocabularyCommand,
  DeleteVocabularyCommand,
  DescribeVocabularyCommand,
  ListTagsForResourceCommand,
  ResourceConflictException,
  ResourceInUseException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  paginateListDefaultVocabularies,
  paginateSearchVocabularies,
} from "@aws-sdk/client-connect";

import { activeInstance, check, connect, equal, expectError, run, send, sleep } from "./harness.mjs";

const CONTENT = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles";

// A waiter as provisioning code writes one: poll while the State is `pending`; every State seen,
// and null once DescribeVocabulary answers 404.
async function waitWhile(inInstance, vocabularyId, pending) {
  const seen = [];
  for (let i = 0; i < 400; i += 1) {
    let state = null;
    let vocabulary = null;
    try {
      vocabulary = (await send(new DescribeVocabularyCommand({ ...inInstance, VocabularyId: vocabularyId }))).Vocabulary;
      state = vocabulary.State;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (seen.at(-1) !== state) seen.push(state);
    if (state !== pending) return { seen, vocabulary };
    await sleep(25);
  }
  throw new Error(`vocabulary ${vocabularyId} stayed ${pending}`);
}

async function scenario() {
  const { Id: instanceId, Arn: instanceArn } = await activeInstance("jsv");
  const inInstance = { InstanceId: instanceId };
  const create = (name, extra = {}) =>
    send(new CreateVocabularyCommand({ ...inInstance, VocabularyName: name, LanguageCode: "en-US", Content: CONTENT, ...extra }));

  // Create: in progress, then ACTIVE; a repeated ClientToken (not a UUID) answers the same
  const token = `js-${Date.now()}-token`;
  const created = await create("js-cities", { ClientToken: token, Tags: { team: "js" } });
  equal("CreateVocabulary answers CREATION_IN_PROGRESS and the ARN under the instance",
    [created.State, created.VocabularyArn], ["CREATION_IN_PROGRESS", `${instanceArn}/vocabulary/${created.VocabularyId}`]);
  const again = await create("js-cities", { ClientToken: token, Tags: { team: "js" } });
  equal("a repeated ClientToken answers the same vocabulary", again.VocabularyId, created.VocabularyId);
  const { seen, vocabulary } = await waitWhile(inInstance, created.VocabularyId, "CREATION_IN_PROGRESS");
  equal("the waiter sees CREATION_IN_PROGRESS, then ACTIVE", seen, ["CREATION_IN_PROGRESS", "ACTIVE"]);
  check("DescribeVocabulary has LastModifiedTime as a Date", vocabulary.LastModifiedTime instanceof Date, vocabulary.LastModifiedTime);
  equal("DescribeVocabulary shows the name, content and tags", [vocabulary.Name, vocabulary.Content, vocabulary.Tags],
    ["js-cities", CONTENT, { team: "js" }]);
  const tags = await send(new ListTagsForResourceCommand({ resourceArn: created.VocabularyArn }));
  equal("tags on the vocabulary ARN", tags.tags, { team: "js" });
  await expectError("a taken name is ResourceConflictException 409", () => create("js-cities"),
    { errorClass: ResourceConflictException, errorName: "ResourceConflictException", status: 409 });

  // A planned failure: CREATION_FAILED with the reason
  const failing = await create("js-failing-1");
  const failed = await waitWhile(inInstance, failing.VocabularyId, "CREATION_IN_PROGRESS");
  equal("a planned failure ends CREATION_FAILED with its FailureReason",
    [failed.vocabulary.State, failed.vocabulary.FailureReason], ["CREATION_FAILED", "Unusable table"]);

  // The quota (3 for this account): ServiceQuotaExceededException with status 402
  const second = await create("js-second");
  await expectError("past the quota is ServiceQuotaExceededException 402", () => create("js-over"),
    { errorClass: ServiceQuotaExceededException, errorName: "ServiceQuotaExceededException", status: 402 });
  await waitWhile(inInstance, second.VocabularyId, "CREATION_IN_PROGRESS");

  // Search with the paginator, one per page, and filters
  const names = [];
  for await (const page of paginateSearchVocabularies({ client: connect, pageSize: 1 }, { ...inInstance, NameStartsWith: "js-" })) {
    names.push(...page.VocabularySummaryList.map((s) => s.Name));
  }
  equal("paginateSearchVocabularies walks every page", names, ["js-cities", "js-failing-1", "js-second"]);
  const failedOnly = [];
  for await (const page of paginateSearchVocabularies({ client: connect }, { ...inInstance, State: "CREATION_FAILED" })) {
    failedOnly.push(...page.VocabularySummaryList.map((s) => [s.Name, s.FailureReason, "Content" in s]));
  }
  equal("SearchVocabularies filters by State and shows no Content", failedOnly, [["js-failing-1", "Unusable table", false]]);

  // The default vocabulary of a language
  await send(new AssociateDefaultVocabularyCommand({ ...inInstance, LanguageCode: "en-US", VocabularyId: created.VocabularyArn }));
  const defaults = [];
  for await (const page of paginateListDefaultVocabularies({ client: connect }, { ...inInstance })) {
    defaults.push(...page.DefaultVocabularyList.map((d) => [d.LanguageCode, d.VocabularyId, d.VocabularyName]));
  }
  equal("paginateListDefaultVocabularies lists the default", defaults, [["en-US", created.VocabularyId, "js-cities"]]);
  await expectError("deleting the default is ResourceInUseException 409 naming the instance",
    () => send(new DeleteVocabularyCommand({ ...inInstance, VocabularyId: created.VocabularyId })),
    { errorClass: ResourceInUseException, errorName: "ResourceInUseException", status: 409,
      more: (error) => (error.ResourceType === "INSTANCE" && error.ResourceId === instanceArn ? [] : [`${error.ResourceType} ${error.ResourceId}`]) });

  // Delete: DELETE_IN_PROGRESS, then 404
  await send(new AssociateDefaultVocabularyCommand({ ...inInstance, LanguageCode: "en-US" }));
  const deleted = await send(new DeleteVocabularyCommand({ ...inInstance, VocabularyId: created.VocabularyId }));
  equal("DeleteVocabulary answers DELETE_IN_PROGRESS", deleted.State, "DELETE_IN_PROGRESS");
  const gone = await waitWhile(inInstance, created.VocabularyId, "DELETE_IN_PROGRESS");
  equal("the delete waiter sees DELETE_IN_PROGRESS, then 404", gone.seen, ["DELETE_IN_PROGRESS", null]);
  await expectError("a vocabulary gone is ResourceNotFoundException 404",
    () => send(new DeleteVocabularyCommand({ ...inInstance, VocabularyId: created.VocabularyId })),
    { errorClass: ResourceNotFoundException, errorName: "ResourceNotFoundException", status: 404 });
}

await run(scenario);
