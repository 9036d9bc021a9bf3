// Fidelity check of the sandbox's S3 Tables emulator: AWS's own JavaScript SDK v3 client
// (@aws-sdk/client-s3tables, pinned in package.json; a client nobody here wrote, since Debian's
// awscli predates S3 Tables) signs every request, encodes the table bucket ARN into the path,
// and parses replies and errors by the service model. The endpoint and credentials come from
// `causeway sandbox status --json` (the file given). Covers buckets, namespaces and tables with
// pagination, the metadata-location compare-and-swap (a stale token is a ConflictException),
// policies, deletes, and NotFoundException / BadRequestException. Every mismatch prints a FAIL
// line; the exit status is the number of failures (capped), so any divergence fails the test
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
const sdk = createRequire(path.join(sdkDir, "package.json"))("@aws-sdk/client-s3tables");
const client = new sdk.S3TablesClient({
  endpoint: status.url,
  region: aws.region,
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
async function expectError(name, input, errorName, httpStatus) {
  try {
    await send(name, input);
    check(false, `${name}: expected ${errorName}, the call succeeded`);
  } catch (err) {
    eq(err.name, errorName, `${name} error name`);
    eq(err.$metadata && err.$metadata.httpStatusCode, httpStatus, `${name} HTTP status`);
    check(typeof err.message === "string" && err.message.length > 0, `${name} error message`);
  }
}
const isDate = (d) => d instanceof Date && !Number.isNaN(d.getTime());

async function main() {
  // Table buckets.
  const created = await send("CreateTableBucket", { name: "fidelity-lake" });
  const arn = created.arn;
  eq(arn, `arn:aws:s3tables:${aws.region}:123456789012:bucket/fidelity-lake`, "bucket arn");
  await send("CreateTableBucket", { name: "fidelity-other" });
  const bucket = await send("GetTableBucket", { tableBucketARN: arn });
  eq(bucket.name, "fidelity-lake", "GetTableBucket name");
  check(isDate(bucket.createdAt), "GetTableBucket createdAt is a date", bucket.createdAt);
  await expectError("CreateTableBucket", { name: "fidelity-lake" }, "ConflictException", 409);
  await expectError("CreateTableBucket", { name: "Fidelity_Lake" }, "BadRequestException", 400);
  const firstPage = await send("ListTableBuckets", { maxBuckets: 1 });
  eq(firstPage.tableBuckets.length, 1, "ListTableBuckets page size");
  check(typeof firstPage.continuationToken === "string", "ListTableBuckets continuationToken");
  const names = [];
  for await (const page of sdk.paginateListTableBuckets({ client, pageSize: 1 }, {})) {
    for (const b of page.tableBuckets) names.push(b.name);
  }
  eq(names, ["fidelity-lake", "fidelity-other"], "paginateListTableBuckets");
  const enc = await send("GetTableBucketEncryption", { tableBucketARN: arn });
  eq(enc.encryptionConfiguration.sseAlgorithm, "AES256", "default encryption");
  const maint = await send("GetTableBucketMaintenanceConfiguration", { tableBucketARN: arn });
  eq(maint.configuration.icebergUnreferencedFileRemoval.status, "enabled", "maintenance status");

  // Namespaces.
  for (const ns of ["sales", "audit", "staging"]) {
    const r = await send("CreateNamespace", { tableBucketARN: arn, namespace: [ns] });
    eq(r.namespace, [ns], `CreateNamespace ${ns}`);
  }
  await expectError("CreateNamespace", { tableBucketARN: arn, namespace: ["sales"] },
                    "ConflictException", 409);
  const spaces = [];
  for await (const page of sdk.paginateListNamespaces({ client, pageSize: 2 },
                                                       { tableBucketARN: arn })) {
    check(page.namespaces.length <= 2, "ListNamespaces page size", page.namespaces.length);
    for (const n of page.namespaces) spaces.push(n.namespace[0]);
  }
  eq(spaces, ["audit", "sales", "staging"], "paginateListNamespaces");
  const got = await send("GetNamespace", { tableBucketARN: arn, namespace: "sales" });
  eq(got.namespace, ["sales"], "GetNamespace");
  check(isDate(got.createdAt), "GetNamespace createdAt is a date", got.createdAt);

  // Tables.
  const schema = { fields: [{ name: "id", type: "long", required: true },
                            { name: "amount", type: "decimal(10,2)" }] };
  const table = await send("CreateTable", {
    tableBucketARN: arn, namespace: "sales", name: "orders", format: "ICEBERG",
    metadata: { iceberg: { schema } },
  });
  check(table.tableARN.startsWith(arn + "/table/"), "CreateTable tableARN", table.tableARN);
  check(typeof table.versionToken === "string" && table.versionToken.length > 0, "versionToken");
  for (const n of ["t1", "t2", "t3"]) {
    await send("CreateTable", { tableBucketARN: arn, namespace: "sales", name: n,
                                format: "ICEBERG" });
  }
  const tables = [];
  for await (const page of sdk.paginateListTables({ client, pageSize: 2 },
                                                   { tableBucketARN: arn, namespace: "sales" })) {
    for (const t of page.tables) tables.push(t.name);
  }
  eq(tables, ["orders", "t1", "t2", "t3"], "paginateListTables");
  const t = await send("GetTable", { tableBucketARN: arn, namespace: "sales", name: "orders" });
  eq(t.versionToken, table.versionToken, "GetTable versionToken");
  eq(t.format, "ICEBERG", "GetTable format");
  check(/^s3:\/\/.*--table-s3$/.test(t.warehouseLocation), "warehouseLocation", t.warehouseLocation);
  check(t.metadataLocation.startsWith(t.warehouseLocation + "/metadata/"), "metadataLocation",
        t.metadataLocation);
  check(isDate(t.modifiedAt), "GetTable modifiedAt is a date", t.modifiedAt);
  await expectError("GetTable", { tableBucketARN: arn, namespace: "sales", name: "missing" },
                    "NotFoundException", 404);
  await expectError("CreateTable", { tableBucketARN: arn, namespace: "sales", name: "bad",
                                     format: "ICEBERG",
                                     metadata: { iceberg: { schema: { fields: [
                                       { name: "x", type: "varchar" }] } } } },
                    "BadRequestException", 400);

  // Metadata location: compare-and-swap on the version token.
  const key = { tableBucketARN: arn, namespace: "sales", name: "orders" };
  const next = t.warehouseLocation + "/metadata/00001-fidelity.metadata.json";
  const updated = await send("UpdateTableMetadataLocation",
                             { ...key, versionToken: t.versionToken, metadataLocation: next });
  eq(updated.metadataLocation, next, "UpdateTableMetadataLocation metadataLocation");
  check(updated.versionToken !== t.versionToken, "the version token changed", updated.versionToken);
  await expectError("UpdateTableMetadataLocation",
                    { ...key, versionToken: t.versionToken, metadataLocation: next + ".x" },
                    "ConflictException", 409);
  const loc = await send("GetTableMetadataLocation", key);
  eq(loc.metadataLocation, next, "GetTableMetadataLocation after the stale update");
  await expectError("DeleteTable", { ...key, versionToken: t.versionToken }, "ConflictException", 409);

  // Policy.
  await expectError("GetTableBucketPolicy", { tableBucketARN: arn }, "NotFoundException", 404);
  const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow",
    Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3tables:GetTable",
    Resource: "*" }] });
  await send("PutTableBucketPolicy", { tableBucketARN: arn, resourcePolicy: policy });
  eq((await send("GetTableBucketPolicy", { tableBucketARN: arn })).resourcePolicy, policy,
     "GetTableBucketPolicy");

  // Deletes, in order; the emptied objects are gone.
  await expectError("DeleteNamespace", { tableBucketARN: arn, namespace: "sales" },
                    "ConflictException", 409);
  await send("DeleteTable", { ...key, versionToken: loc.versionToken });
  for (const n of ["t1", "t2", "t3"]) {
    await send("DeleteTable", { tableBucketARN: arn, namespace: "sales", name: n });
  }
  await expectError("GetTableMetadataLocation", key, "NotFoundException", 404);
  for (const ns of ["sales", "audit", "staging"]) {
    await send("DeleteNamespace", { tableBucketARN: arn, namespace: ns });
  }
  await send("DeleteTableBucketPolicy", { tableBucketARN: arn });
  await send("DeleteTableBucket", { tableBucketARN: arn });
  await expectError("GetTableBucket", { tableBucketARN: arn }, "NotFoundException", 404);
  await expectError("DeleteTableBucket", { tableBucketARN: arn }, "NotFoundException", 404);
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
