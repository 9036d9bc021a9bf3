// Fidelity check of the sandbox's S3 conditional requests and object versions: AWS's own
// JavaScript SDK v3 S3 client (@aws-sdk/client-s3, pinned in package.json; a client nobody here
// wrote, since Debian's awscli 2.9 predates conditional writes) signs every request, sends the
// IfMatch / IfNoneMatch members as headers, and parses replies and errors by the service model.
// The endpoint and credentials come from `causeway sandbox status --json` (the file given).
// Covers PutObject IfNoneMatch "*" (the second write is PreconditionFailed, 412), PutObject
// IfMatch with the right and a wrong ETag, DeleteObject IfMatch, conditional GetObject, racing
// creates with one winner, versioned PutObject / GetObject / HeadObject by VersionId, delete
// markers, and ListObjectVersions paging by KeyMarker / VersionIdMarker. Every mismatch prints a
// FAIL line; the exit status is the number of failures (capped), so any divergence fails the test
// that runs it (tests/e2e/aws_sdk_fidelity_test.cc).
// Usage: node fidelity.js STATUS_JSON_FILE SDK_INSTALL_DIR
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const [statusFile, sdkDir] = process.argv.slice(2);
if (!statusFile || !sdkDir) {
  console.error("usage: node fidelity.js STATUS_JSON_FILE SDK_DIR");
  process.exit(2);
}
const status = JSON.parse(fs.readFileSync(statusFile, "utf8"));
const aws = status.clouds && status.clouds.aws;
if (!status.running || !status.url || !aws) {
  console.error("the sandbox is not running (causeway sandbox status --json): " +
                JSON.stringify(status));
  process.exit(2);
}
const sdk = createRequire(path.join(sdkDir, "package.json"))("@aws-sdk/client-s3");
const client = new sdk.S3Client({
  endpoint: status.url,
  region: aws.region,
  forcePathStyle: true,
  credentials: { accessKeyId: aws.access_key_id, secretAccessKey: aws.secret_access_key },
  maxAttempts: 1,
});

let failures = 0;
let checks = 0;
function check(ok, what, got) {
  ++checks;
  if (!ok) {
    ++failures;
    console.log(`FAIL ${what}` + (got === undefined ? "" : `: got ${JSON.stringify(got)}`));
  }
}
function eq(got, want, what) {
  check(JSON.stringify(got) === JSON.stringify(want), `${what} (want ${JSON.stringify(want)})`, got);
}
const send = (name, input) => client.send(new sdk[name + "Command"](input));
// The call fails with `errorName` (omitted: any name) and HTTP status `httpStatus`.
async function expectError(what, name, input, errorName, httpStatus) {
  try {
    await send(name, input);
    check(false, `${what}: expected ${errorName || httpStatus}, the call succeeded`);
  } catch (err) {
    if (errorName) eq(err.name, errorName, `${what}: error name`);
    eq(err.$metadata && err.$metadata.httpStatusCode, httpStatus, `${what}: HTTP status`);
  }
}
const isDate = (d) => d instanceof Date && !Number.isNaN(d.getTime());
const text = async (r) => r.Body.transformToString();

async function conditionalWrites(Bucket) {
  // If-None-Match: * creates once.
  const created = await send("PutObject", { Bucket, Key: "lock", Body: "a", IfNoneMatch: "*" });
  check(typeof created.ETag === "string" && created.ETag.length === 34, "PutObject ETag",
        created.ETag);
  await expectError("second PutObject IfNoneMatch *", "PutObject",
                    { Bucket, Key: "lock", Body: "b", IfNoneMatch: "*" },
                    "PreconditionFailed", 412);
  eq(await text(await send("GetObject", { Bucket, Key: "lock" })), "a",
     "lock keeps the first body");

  // If-Match: the right ETag writes, a wrong one is refused, a missing key is NoSuchKey.
  const swapped = await send("PutObject",
                             { Bucket, Key: "lock", Body: "c", IfMatch: created.ETag });
  check(swapped.ETag !== created.ETag, "PutObject IfMatch wrote a new ETag", swapped.ETag);
  await expectError("PutObject stale IfMatch", "PutObject",
                    { Bucket, Key: "lock", Body: "d", IfMatch: created.ETag },
                    "PreconditionFailed", 412);
  await expectError("PutObject IfMatch on a missing key", "PutObject",
                    { Bucket, Key: "ghost", Body: "d", IfMatch: created.ETag }, "NoSuchKey", 404);
  eq(await text(await send("GetObject", { Bucket, Key: "lock" })), "c", "body after IfMatch");

  // Conditional reads.
  await expectError("GetObject wrong IfMatch", "GetObject", { Bucket, Key: "lock", IfMatch: '"0"' },
                    "PreconditionFailed", 412);
  await expectError("GetObject IfNoneMatch current ETag", "GetObject",
                    { Bucket, Key: "lock", IfNoneMatch: swapped.ETag }, undefined, 304);
  await expectError("HeadObject wrong IfMatch", "HeadObject",
                    { Bucket, Key: "lock", IfMatch: '"0"' }, undefined, 412);

  // DeleteObject If-Match.
  await expectError("DeleteObject stale IfMatch", "DeleteObject",
                    { Bucket, Key: "lock", IfMatch: created.ETag }, "PreconditionFailed", 412);
  await send("DeleteObject", { Bucket, Key: "lock", IfMatch: swapped.ETag });
  await expectError("GetObject after the conditional delete", "GetObject", { Bucket, Key: "lock" },
                    "NoSuchKey", 404);
  await expectError("DeleteObject IfMatch on a missing key", "DeleteObject",
                    { Bucket, Key: "lock", IfMatch: swapped.ETag }, "NoSuchKey", 404);

  // Racing creates: exactly one of many concurrent If-None-Match: * writes wins.
  const racers = Array.from({ length: 10 }, (_, i) =>
    send("PutObject", { Bucket, Key: "race", Body: `racer-${i}`, IfNoneMatch: "*" }));
  const results = await Promise.allSettled(racers);
  const won = results.filter((r) => r.status === "fulfilled").length;
  const lost = results.filter((r) => r.status === "rejected" &&
                              r.reason.name === "PreconditionFailed" &&
                              r.reason.$metadata.httpStatusCode === 412).length;
  eq([won, lost], [1, 9], "racing IfNoneMatch creates: winners and PreconditionFailed losers");
}

async function versions(Bucket) {
  await send("PutBucketVersioning", { Bucket, VersioningConfiguration: { Status: "Enabled" } });
  eq((await send("GetBucketVersioning", { Bucket })).Status, "Enabled", "GetBucketVersioning");
  const v1 = (await send("PutObject", { Bucket, Key: "state.json", Body: "one" })).VersionId;
  const v2 = (await send("PutObject", { Bucket, Key: "state.json", Body: "two" })).VersionId;
  check(typeof v1 === "string" && v1.length > 0 && v1 !== v2, "PutObject VersionId", [v1, v2]);
  const old = await send("GetObject", { Bucket, Key: "state.json", VersionId: v1 });
  eq(await text(old), "one", "GetObject by VersionId");
  eq(old.VersionId, v1, "GetObject VersionId");
  const head = await send("HeadObject", { Bucket, Key: "state.json", VersionId: v1 });
  eq(head.ContentLength, 3, "HeadObject by VersionId ContentLength");
  eq((await send("GetObject", { Bucket, Key: "state.json" })).VersionId, v2, "current VersionId");
  await expectError("GetObject unknown VersionId", "GetObject",
                    { Bucket, Key: "state.json", VersionId: "A".repeat(32) }, "NoSuchVersion",
                    404);

  const del = await send("DeleteObject", { Bucket, Key: "state.json" });
  eq(del.DeleteMarker, true, "DeleteObject DeleteMarker");
  check(typeof del.VersionId === "string" && del.VersionId.length > 0, "delete marker VersionId",
        del.VersionId);
  await expectError("GetObject behind a delete marker", "GetObject",
                    { Bucket, Key: "state.json" }, "NoSuchKey", 404);
  await expectError("GetObject of the delete marker", "GetObject",
                    { Bucket, Key: "state.json", VersionId: del.VersionId }, undefined, 405);
  // If-None-Match: * sees a delete marker as no object.
  const v3 = (await send("PutObject", { Bucket, Key: "state.json", Body: "three",
                                        IfNoneMatch: "*" })).VersionId;
  const listed = await send("ListObjectsV2", { Bucket });
  eq((listed.Contents || []).map((o) => o.Key), ["state.json"], "ListObjectsV2 current objects");

  // More keys, then ListObjectVersions in pages of 2.
  const b1 = (await send("PutObject", { Bucket, Key: "z/b", Body: "bb" })).VersionId;
  const all = await send("ListObjectVersions", { Bucket });
  eq(all.Versions.map((v) => [v.Key, v.VersionId, v.IsLatest]),
     [["state.json", v3, true], ["state.json", v2, false], ["state.json", v1, false],
      ["z/b", b1, true]], "ListObjectVersions Versions");
  eq(all.DeleteMarkers.map((d) => [d.Key, d.VersionId, d.IsLatest]),
     [["state.json", del.VersionId, false]], "ListObjectVersions DeleteMarkers");
  eq(all.IsTruncated, false, "ListObjectVersions IsTruncated");
  check(all.Versions.every((v) => isDate(v.LastModified)), "Version LastModified are dates");
  eq(all.Versions.map((v) => v.Size), [5, 3, 3, 2], "Version Size");
  check(all.Versions.every((v) => /^"[0-9a-f]{32}"$/.test(v.ETag)), "Version ETag", all.Versions);

  const seen = [];
  let KeyMarker;
  let VersionIdMarker;
  let pages = 0;
  for (;;) {
    const page = await send("ListObjectVersions", { Bucket, MaxKeys: 2, KeyMarker,
                                                    VersionIdMarker });
    ++pages;
    const entries = [...(page.Versions || []), ...(page.DeleteMarkers || [])];
    check(entries.length <= 2, "ListObjectVersions page size", entries.length);
    for (const e of entries) seen.push(e.VersionId);
    if (!page.IsTruncated || pages > 10) break;
    KeyMarker = page.NextKeyMarker;
    VersionIdMarker = page.NextVersionIdMarker;
    check(typeof KeyMarker === "string" && typeof VersionIdMarker === "string",
          "NextKeyMarker / NextVersionIdMarker", [KeyMarker, VersionIdMarker]);
  }
  eq(seen.sort(), [v1, v2, v3, del.VersionId, b1].sort(), "ListObjectVersions paging covers all");
  eq(pages, 3, "ListObjectVersions pages of 2 for 5 versions");

  // Deleting versions for good, then the bucket.
  for (const v of all.Versions) {
    await send("DeleteObject", { Bucket, Key: v.Key, VersionId: v.VersionId });
  }
  await send("DeleteObject", { Bucket, Key: "state.json", VersionId: del.VersionId });
  eq((await send("ListObjectVersions", { Bucket })).Versions, undefined, "no versions left");
  await send("DeleteBucket", { Bucket });
}

async function main() {
  await send("CreateBucket", { Bucket: "fidelity-cond" });
  await conditionalWrites("fidelity-cond");
  await send("CreateBucket", { Bucket: "fidelity-versions" });
  await versions("fidelity-versions");
}

main().then(
  () => {
    console.log(`${checks} checks, ${failures} failed`);
    process.exit(Math.min(failures, 100));
  },
  (err) => {
    console.log(`FAIL unexpected error: ${err.name}: ${err.message}`);
    console.log(`${checks} checks, ${failures + 1} failed`);
    process.exit(Math.min(failures + 1, 100));
  });
