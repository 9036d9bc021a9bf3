// Fidelity check of the sandbox's Databricks front end: the Databricks JS SDK
// (@databricks/sdk-experimental, pinned in package.json, a client nobody here wrote) drives Unity
// Catalog and the Statement Execution API through WorkspaceClient({host, token}) and this script
// checks what the SDK parses: objects, paged lists its iterators follow, and its ApiError on
// error paths (error_code and HTTP status). Every mismatch prints a FAIL line; the exit status is
// the number of failures (capped), so any divergence fails the C++ test that runs it
// (tests/sandbox/databricks/databricks_sdk_fidelity_test.cc).
// Usage: node fidelity.js HOST TOKEN WAREHOUSE_ID SDK_INSTALL_DIR
"use strict";

const path = require("node:path");
const { createRequire } = require("node:module");

const [host, token, warehouseId, sdkDir] = process.argv.slice(2);
if (!host || !token || !warehouseId || !sdkDir) {
  console.error("usage: node fidelity.js HOST TOKEN WAREHOUSE_ID SDK_INSTALL_DIR");
  process.exit(2);
}
const sdkRequire = createRequire(path.join(sdkDir, "package.json"));
const sdk = sdkRequire("@databricks/sdk-experimental");
// The SDK's transport: its fetch is looked up on this module object at every call.
const sdkFetch = sdkRequire("@databricks/sdk-experimental/dist/fetch");

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
// Runs `call` (a promise factory) expecting the SDK to throw its ApiError with `code` and `status`.
async function expectError(what, call, code, status) {
  try {
    const got = await call();
    check(false, `${what}: expected ${code} (${status}), the call succeeded`, got);
  } catch (e) {
    check(e instanceof sdk.ApiError, `${what}: the SDK's ApiError`, String(e));
    eq(e.errorCode, code, `${what}: error_code`);
    eq(e.statusCode, status, `${what}: HTTP status`);
    check(typeof e.message === "string" && e.message.length > 0, `${what}: message`, e.message);
    return e;
  }
  return undefined;
}
async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}
const names = (items) => items.map((i) => i.name);

// SDK 0.17.0's ApiClient.request sends a payload only for POST and PUT (api-client.js), and its
// fetch asserts as much (fetch.js), so every PATCH (catalogs/schemas/storageCredentials/
// externalLocations.update, grants.update) goes out without its body. Hosted Databricks and the
// emulator both need that body: this sends such a PATCH, with the headers and body the SDK
// built, through Node's own fetch, whose Response the SDK reads the same way (ok, status,
// statusText, text(), headers), and counts how often it had to.
let patchBodiesRestored = 0;
let pendingPatchBody;  // the script's requests run one at a time
const sdkFetchOriginal = sdkFetch.fetch;
sdkFetch.fetch = (url, init) => {
  if (init && init.method === "PATCH" && init.body === undefined &&
      pendingPatchBody !== undefined) {
    ++patchBodiesRestored;
    return globalThis.fetch(url, {
      method: "PATCH",
      headers: init.headers,
      body: pendingPatchBody,
      signal: init.signal,
    });
  }
  return sdkFetchOriginal(url, init);
};

function client(withToken) {
  const w = new sdk.WorkspaceClient({ host, token: withToken, authType: "pat" });
  const request = w.apiClient.request.bind(w.apiClient);
  w.apiClient.request = async (options, context) => {
    pendingPatchBody = options.method === "PATCH" && options.payload !== undefined
                           ? JSON.stringify(options.payload)
                           : undefined;
    try {
      return await request(options, context);
    } finally {
      pendingPatchBody = undefined;
    }
  };
  return w;
}

async function catalogs(w) {
  const created = await w.catalogs.create({
    name: "sdk_main",
    comment: "lake",
    storage_root: "s3://sdk-lake/uc",
    properties: { team: "data" },
  });
  eq(created.name, "sdk_main", "catalogs.create name");
  eq(created.comment, "lake", "catalogs.create comment");
  eq(created.properties, { team: "data" }, "catalogs.create properties");
  check(typeof created.owner === "string" && created.owner.length > 0, "catalogs.create owner",
        created.owner);
  check(Number.isInteger(created.created_at), "catalogs.create created_at is a number",
        created.created_at);
  eq(created.full_name, "sdk_main", "catalogs.create full_name");

  const got = await w.catalogs.get({ name: "sdk_main" });
  eq(got.name, "sdk_main", "catalogs.get name");
  eq(got.comment, "lake", "catalogs.get comment");
  check(typeof got.storage_root === "string" && got.storage_root.startsWith("s3://sdk-lake/uc"),
        "catalogs.get storage_root", got.storage_root);

  // Seven more catalogs listed three at a time: the SDK's iterator must follow next_page_token.
  for (let i = 0; i < 7; ++i) await w.catalogs.create({ name: `sdk_page_${i}` });
  const paged = names(await collect(w.catalogs.list({ max_results: 3 })));
  for (let i = 0; i < 7; ++i) {
    check(paged.includes(`sdk_page_${i}`), `catalogs.list (max_results 3) yields sdk_page_${i}`,
          paged);
  }
  check(paged.includes("sdk_main"), "catalogs.list yields sdk_main", paged);
  eq(new Set(paged).size, paged.length, "catalogs.list yields each catalog once");
  const all = names(await collect(w.catalogs.list({})));
  eq([...all].sort(), [...paged].sort(), "catalogs.list without max_results");

  const updated = await w.catalogs.update({ name: "sdk_main", comment: "the lake" });
  eq(updated.comment, "the lake", "catalogs.update comment");
  eq((await w.catalogs.get({ name: "sdk_main" })).comment, "the lake", "catalogs.get after update");
  const owned = await w.catalogs.update({
    name: "sdk_page_5",
    owner: "data-owners",
    isolation_mode: "ISOLATED",
  });
  eq(owned.owner, "data-owners", "catalogs.update owner");
  eq(owned.isolation_mode, "ISOLATED", "catalogs.update isolation_mode");
  const renamed = await w.catalogs.update({ name: "sdk_page_6", new_name: "sdk_renamed" });
  eq(renamed.name, "sdk_renamed", "catalogs.update new_name");
  await expectError("catalogs.get of the old name", () => w.catalogs.get({ name: "sdk_page_6" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);

  await expectError("catalogs.get of a missing catalog", () => w.catalogs.get({ name: "nope" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("catalogs.create of an existing catalog",
                    () => w.catalogs.create({ name: "sdk_main" }), "RESOURCE_ALREADY_EXISTS", 409);
  await expectError("catalogs.create of an existing catalog, other case",
                    () => w.catalogs.create({ name: "SDK_MAIN" }), "RESOURCE_ALREADY_EXISTS", 409);

  for (let i = 0; i < 6; ++i) await w.catalogs.delete({ name: `sdk_page_${i}` });
  await w.catalogs.delete({ name: "sdk_renamed", force: true });
  await expectError("catalogs.get after delete", () => w.catalogs.get({ name: "sdk_page_0" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("catalogs.delete of a missing catalog",
                    () => w.catalogs.delete({ name: "sdk_page_0" }), "RESOURCE_DOES_NOT_EXIST",
                    404);
  eq(names(await collect(w.catalogs.list({}))), ["sdk_main"], "catalogs.list after deletes");
}

async function schemas(w) {
  const created = await w.schemas.create({
    name: "sales",
    catalog_name: "sdk_main",
    comment: "orders",
    properties: { owner_team: "sales" },
  });
  eq(created.name, "sales", "schemas.create name");
  eq(created.catalog_name, "sdk_main", "schemas.create catalog_name");
  eq(created.full_name, "sdk_main.sales", "schemas.create full_name");
  eq(created.comment, "orders", "schemas.create comment");
  eq(created.properties, { owner_team: "sales" }, "schemas.create properties");

  eq((await w.schemas.get({ full_name: "sdk_main.sales" })).comment, "orders", "schemas.get");
  for (let i = 0; i < 4; ++i) {
    await w.schemas.create({ name: `extra_${i}`, catalog_name: "sdk_main" });
  }
  const listed = names(await collect(w.schemas.list({ catalog_name: "sdk_main", max_results: 2 })));
  for (const n of ["sales", "extra_0", "extra_1", "extra_2", "extra_3"]) {
    check(listed.includes(n), `schemas.list (max_results 2) yields ${n}`, listed);
  }
  eq(new Set(listed).size, listed.length, "schemas.list yields each schema once");

  const updated = await w.schemas.update({ full_name: "sdk_main.sales", comment: "all orders" });
  eq(updated.comment, "all orders", "schemas.update comment");
  eq(updated.full_name, "sdk_main.sales", "schemas.update full_name");

  const renamed = await w.schemas.update({ full_name: "sdk_main.extra_3", new_name: "extra_9" });
  eq(renamed.full_name, "sdk_main.extra_9", "schemas.update new_name full_name");
  await w.schemas.update({ full_name: "sdk_main.extra_9", new_name: "extra_3" });
  for (let i = 0; i < 4; ++i) await w.schemas.delete({ full_name: `sdk_main.extra_${i}` });
  await expectError("schemas.get of a deleted schema",
                    () => w.schemas.get({ full_name: "sdk_main.extra_0" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("schemas.list of a missing catalog",
                    () => collect(w.schemas.list({ catalog_name: "nope" })),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("schemas.create in a missing catalog",
                    () => w.schemas.create({ name: "s", catalog_name: "nope" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("schemas.create of an existing schema",
                    () => w.schemas.create({ name: "sales", catalog_name: "sdk_main" }),
                    "RESOURCE_ALREADY_EXISTS", 409);
}

const kRoleArn = "arn:aws:iam::123456789012:role/sdk-uc-access";

async function storageCredentials(w) {
  const created = await w.storageCredentials.create({
    name: "sdk_cred",
    aws_iam_role: { role_arn: kRoleArn },
    comment: "uc role",
  });
  eq(created.name, "sdk_cred", "storageCredentials.create name");
  eq(created.aws_iam_role && created.aws_iam_role.role_arn, kRoleArn,
     "storageCredentials.create aws_iam_role.role_arn");
  const externalId = created.aws_iam_role && created.aws_iam_role.external_id;
  const ucArn = created.aws_iam_role && created.aws_iam_role.unity_catalog_iam_arn;
  check(typeof externalId === "string" && externalId.length > 0,
        "storageCredentials.create aws_iam_role.external_id", externalId);
  check(typeof ucArn === "string" && /^arn:aws:iam::\d{12}:role\/.+/.test(ucArn),
        "storageCredentials.create aws_iam_role.unity_catalog_iam_arn", ucArn);
  eq(created.read_only, false, "storageCredentials.create read_only");
  check(typeof created.id === "string" && created.id.length > 0, "storageCredentials.create id",
        created.id);

  const got = await w.storageCredentials.get({ name: "sdk_cred" });
  eq(got.aws_iam_role && got.aws_iam_role.external_id, externalId,
     "storageCredentials.get keeps external_id");
  eq(got.aws_iam_role && got.aws_iam_role.unity_catalog_iam_arn, ucArn,
     "storageCredentials.get keeps unity_catalog_iam_arn");

  await w.storageCredentials.create({ name: "sdk_cred_2", aws_iam_role: { role_arn: kRoleArn } });
  await w.storageCredentials.create({ name: "sdk_cred_3", aws_iam_role: { role_arn: kRoleArn } });
  const listed = names(await collect(w.storageCredentials.list({ max_results: 1 })));
  eq([...listed].sort(), ["sdk_cred", "sdk_cred_2", "sdk_cred_3"],
     "storageCredentials.list (max_results 1)");

  const updated = await w.storageCredentials.update({ name: "sdk_cred", comment: "the uc role" });
  eq(updated.comment, "the uc role", "storageCredentials.update comment");
  eq(updated.aws_iam_role && updated.aws_iam_role.external_id, externalId,
     "storageCredentials.update keeps external_id");

  const renamed = await w.storageCredentials.update({
    name: "sdk_cred_2",
    new_name: "sdk_cred_two",
    read_only: true,
  });
  eq(renamed.name, "sdk_cred_two", "storageCredentials.update new_name");
  eq(renamed.read_only, true, "storageCredentials.update read_only");
  await w.storageCredentials.delete({ name: "sdk_cred_3" });
  await expectError("storageCredentials.get of a deleted credential",
                    () => w.storageCredentials.get({ name: "sdk_cred_3" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("storageCredentials.create of an existing credential",
                    () => w.storageCredentials.create({
                      name: "sdk_cred",
                      aws_iam_role: { role_arn: kRoleArn },
                    }),
                    "RESOURCE_ALREADY_EXISTS", 409);
}

async function externalLocations(w) {
  const created = await w.externalLocations.create({
    name: "sdk_landing",
    url: "s3://sdk-lake/landing/",
    credential_name: "sdk_cred",
    comment: "raw files",
    read_only: false,
    skip_validation: true,
  });
  eq(created.name, "sdk_landing", "externalLocations.create name");
  eq(created.url, "s3://sdk-lake/landing", "externalLocations.create url without trailing slash");
  eq(created.credential_name, "sdk_cred", "externalLocations.create credential_name");
  eq(created.comment, "raw files", "externalLocations.create comment");
  eq(created.read_only, false, "externalLocations.create read_only");

  for (const [what, url] of [["inside", "s3://sdk-lake/landing/day=1"],
                             ["equal to", "s3://sdk-lake/landing"],
                             ["above", "s3://sdk-lake"]]) {
    const e = await expectError(
        `externalLocations.create of a URL ${what} another location's`,
        () => w.externalLocations.create({
          name: "sdk_overlap",
          url,
          credential_name: "sdk_cred",
          skip_validation: true,
        }),
        "INVALID_PARAMETER_VALUE", 400);
    check(e && /overlaps with/.test(e.message), `overlap message (${what}) names the overlap`,
          e && e.message);
  }
  await expectError("externalLocations.create with a missing credential",
                    () => w.externalLocations.create({
                      name: "sdk_other",
                      url: "s3://sdk-other/x",
                      credential_name: "nope",
                      skip_validation: true,
                    }),
                    "RESOURCE_DOES_NOT_EXIST", 404);

  await w.externalLocations.create({
    name: "sdk_tables",
    url: "s3://sdk-lake/tables",
    credential_name: "sdk_cred",
    skip_validation: true,
  });
  const listed = names(await collect(w.externalLocations.list({ max_results: 1 })));
  eq([...listed].sort(), ["sdk_landing", "sdk_tables"], "externalLocations.list (max_results 1)");

  const got = await w.externalLocations.get({ name: "sdk_landing" });
  eq(got.url, "s3://sdk-lake/landing", "externalLocations.get url");
  const updated = await w.externalLocations.update({
    name: "sdk_landing",
    comment: "landing zone",
    read_only: true,
  });
  eq(updated.comment, "landing zone", "externalLocations.update comment");
  eq(updated.read_only, true, "externalLocations.update read_only");

  await expectError("externalLocations.update to a URL inside another location's",
                    () => w.externalLocations.update({
                      name: "sdk_landing",
                      url: "s3://sdk-lake/tables/x",
                      skip_validation: true,
                    }),
                    "INVALID_PARAMETER_VALUE", 400);
  const moved = await w.externalLocations.update({
    name: "sdk_landing",
    url: "s3://sdk-lake/inbox",
    new_name: "sdk_inbox",
    skip_validation: true,  // the sandbox validates a new URL through STS and S3 otherwise
  });
  eq(moved.name, "sdk_inbox", "externalLocations.update new_name");
  eq(moved.url, "s3://sdk-lake/inbox", "externalLocations.update url");
  await w.externalLocations.update({ name: "sdk_inbox", new_name: "sdk_landing" });
  await w.externalLocations.delete({ name: "sdk_landing" });
  await expectError("externalLocations.get of a deleted location",
                    () => w.externalLocations.get({ name: "sdk_landing" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
}

async function sql(w, statement) {
  return await w.statementExecution.executeStatement({
    warehouse_id: warehouseId,
    statement,
    wait_timeout: "30s",
  });
}

async function statementsAndTables(w) {
  const create = await sql(w, "CREATE TABLE sdk_main.sales.orders (id BIGINT, amount DOUBLE, " +
                              "dt STRING) USING PARQUET PARTITIONED BY (dt) " +
                              "LOCATION 's3://sdk-lake/tables/orders'");
  eq(create.status && create.status.state, "SUCCEEDED", "CREATE TABLE state");
  check(typeof create.statement_id === "string" && create.statement_id.length > 0,
        "CREATE TABLE statement_id", create.statement_id);
  const polled = await w.statementExecution.getStatement({ statement_id: create.statement_id });
  eq(polled.status && polled.status.state, "SUCCEEDED", "getStatement state");
  await expectError("getStatement of an unknown statement",
                    () => w.statementExecution.getStatement({ statement_id: "no-such-statement" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);

  for (let i = 0; i < 3; ++i) {
    const r = await sql(w, `CREATE TABLE sdk_main.sales.t${i} (id INT) USING CSV ` +
                           `LOCATION 's3://sdk-lake/tables/t${i}'`);
    eq(r.status && r.status.state, "SUCCEEDED", `CREATE TABLE t${i} state`);
  }

  const table = await w.tables.get({ full_name: "sdk_main.sales.orders" });
  eq(table.name, "orders", "tables.get name");
  eq(table.full_name, "sdk_main.sales.orders", "tables.get full_name");
  eq(table.catalog_name, "sdk_main", "tables.get catalog_name");
  eq(table.schema_name, "sales", "tables.get schema_name");
  eq(table.table_type, "EXTERNAL", "tables.get table_type");
  eq(table.data_source_format, "PARQUET", "tables.get data_source_format");
  eq(table.storage_location, "s3://sdk-lake/tables/orders", "tables.get storage_location");
  const columns = table.columns || [];
  eq(columns.map((c) => c.name), ["id", "amount", "dt"], "tables.get column names");
  eq(columns.map((c) => c.type_name), ["LONG", "DOUBLE", "STRING"], "tables.get column type_name");
  eq(columns.map((c) => c.position), [0, 1, 2], "tables.get column position");
  eq(columns.map((c) => c.partition_index), [undefined, undefined, 0],
     "tables.get column partition_index");

  const listed = await collect(w.tables.list({
    catalog_name: "sdk_main",
    schema_name: "sales",
    max_results: 2,
  }));
  eq(names(listed).sort(), ["orders", "t0", "t1", "t2"], "tables.list (max_results 2)");
  const listedOrders = listed.find((t) => t.name === "orders");
  eq(listedOrders && listedOrders.data_source_format, "PARQUET", "tables.list data_source_format");

  const show = await sql(w, "SHOW TABLES IN sdk_main.sales");
  eq(show.status && show.status.state, "SUCCEEDED", "SHOW TABLES state");
  const schemaColumns = (show.manifest && show.manifest.schema && show.manifest.schema.columns) || [];
  const nameColumn = schemaColumns.findIndex((c) => c.name === "tableName");
  check(nameColumn >= 0, "SHOW TABLES manifest has a tableName column", schemaColumns);
  const rows = (show.result && show.result.data_array) || [];
  eq(rows.map((row) => row[nameColumn]).sort(), ["orders", "t0", "t1", "t2"],
     "SHOW TABLES data_array");
  eq(show.manifest && show.manifest.total_row_count, 4, "SHOW TABLES total_row_count");
  const chunk = await w.statementExecution.getStatementResultChunkN({
    statement_id: show.statement_id,
    chunk_index: 0,
  });
  eq((chunk.data_array || []).map((row) => row[nameColumn]).sort(), ["orders", "t0", "t1", "t2"],
     "getStatementResultChunkN(0) data_array");
  eq(chunk.chunk_index, 0, "getStatementResultChunkN chunk_index");
  const inSchema = await w.statementExecution.executeStatement({
    warehouse_id: warehouseId,
    statement: "SHOW TABLES",
    catalog: "sdk_main",
    schema: "sales",
    wait_timeout: "30s",
  });
  eq(((inSchema.result && inSchema.result.data_array) || []).length, 4,
     "SHOW TABLES with the request's catalog and schema");
  const missingSchema = await sql(w, "SHOW TABLES IN sdk_main.nope");
  eq(missingSchema.status && missingSchema.status.state, "FAILED", "SHOW TABLES IN a missing schema");
  const exists = await w.tables.exists({ full_name: "sdk_main.sales.orders" });
  eq(exists.table_exists, true, "tables.exists of a table");
  const notExists = await w.tables.exists({ full_name: "sdk_main.sales.nope" });
  eq(notExists.table_exists, false, "tables.exists of a missing table");

  const drop = await sql(w, "DROP TABLE sdk_main.sales.t2");
  eq(drop.status && drop.status.state, "SUCCEEDED", "DROP TABLE state");
  await expectError("tables.get of a dropped table",
                    () => w.tables.get({ full_name: "sdk_main.sales.t2" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);

  await w.tables.delete({ full_name: "sdk_main.sales.t1" });
  eq((await w.tables.exists({ full_name: "sdk_main.sales.t1" })).table_exists, false,
     "tables.exists after tables.delete");
  await expectError("tables.delete of a missing table",
                    () => w.tables.delete({ full_name: "sdk_main.sales.t1" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await w.statementExecution.cancelExecution({ statement_id: drop.statement_id });
  const failed = await sql(w, "DROP TABLE sdk_main.sales.no_such_table");
  eq(failed.status && failed.status.state, "FAILED", "DROP TABLE of a missing table state");
  const error = failed.status && failed.status.error;
  check(error && typeof error.message === "string" && /TABLE_OR_VIEW_NOT_FOUND/.test(error.message),
        "failed statement status.error.message", error);
  check(error && typeof error.error_code === "string" && error.error_code.length > 0,
        "failed statement status.error.error_code", error);
  const garbage = await sql(w, "SELEC nonsense");
  eq(garbage.status && garbage.status.state, "FAILED", "syntax error state");

  await expectError("executeStatement on an unknown warehouse",
                    () => w.statementExecution.executeStatement({
                      warehouse_id: "no-such-warehouse",
                      statement: "SHOW TABLES",
                    }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("tables.get of a missing table",
                    () => w.tables.get({ full_name: "sdk_main.sales.nope" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
}

// The privileges `principal` holds in a grants reply (sorted), or undefined.
function privilegesOf(reply, principal) {
  const a = ((reply && reply.privilege_assignments) || []).find((p) => p.principal === principal);
  return a && [...a.privileges].sort();
}

async function grants(w) {
  const securables = [
    ["catalog", "sdk_main", ["USE_CATALOG", "USE_SCHEMA"]],
    ["schema", "sdk_main.sales", ["USE_SCHEMA", "SELECT"]],
    // The SDK's SecurableType values are upper case; Databricks takes either.
    ["TABLE", "sdk_main.sales.orders", ["SELECT", "MODIFY"]],
    ["EXTERNAL_LOCATION", "sdk_tables", ["READ_FILES", "CREATE_EXTERNAL_TABLE"]],
    ["storage_credential", "sdk_cred", ["CREATE_EXTERNAL_LOCATION"]],
  ];
  for (const [type, fullName, privileges] of securables) {
    const what = `grants on ${type} ${fullName}`;
    const before = await w.grants.get({ securable_type: type, full_name: fullName });
    eq(privilegesOf(before, "analysts"), undefined, `${what}: none before`);
    const updated = await w.grants.update({
      securable_type: type,
      full_name: fullName,
      changes: [{ principal: "analysts", add: privileges }],
    });
    eq(privilegesOf(updated, "analysts"), [...privileges].sort(), `${what}: update reply`);
    const got = await w.grants.get({ securable_type: type, full_name: fullName });
    eq(privilegesOf(got, "analysts"), [...privileges].sort(), `${what}: get`);
    const filtered = await w.grants.get({
      securable_type: type,
      full_name: fullName,
      principal: "analysts",
    });
    eq((filtered.privilege_assignments || []).map((p) => p.principal), ["analysts"],
       `${what}: get filtered by principal`);
    const removed = await w.grants.update({
      securable_type: type,
      full_name: fullName,
      changes: [{ principal: "analysts", remove: [privileges[0]] }],
    });
    const left = privileges.slice(1).sort();
    // A principal left with no privileges is no longer listed.
    eq(privilegesOf(removed, "analysts"), left.length > 0 ? left : undefined,
       `${what}: remove one`);
  }
  const all = await w.grants.update({
    securable_type: "catalog",
    full_name: "sdk_main",
    changes: [{ principal: "admins", add: ["ALL_PRIVILEGES"] }],
  });
  eq(privilegesOf(all, "admins"), ["ALL_PRIVILEGES"], "grants ALL_PRIVILEGES");
  await expectError("grants.get on a missing catalog",
                    () => w.grants.get({ securable_type: "catalog", full_name: "nope" }),
                    "RESOURCE_DOES_NOT_EXIST", 404);
  await expectError("grants.update with an unknown privilege",
                    () => w.grants.update({
                      securable_type: "catalog",
                      full_name: "sdk_main",
                      changes: [{ principal: "analysts", add: ["FLY"] }],
                    }),
                    "INVALID_PARAMETER_VALUE", 400);
}

async function wrongToken() {
  const w = client("dapi-not-a-real-token");
  try {
    const got = await w.catalogs.get({ name: "sdk_main" });
    check(false, "a wrong token is refused", got);
  } catch (e) {
    check(e instanceof sdk.ApiError, "wrong token: the SDK's ApiError", String(e));
    eq(e.statusCode, 401, "wrong token: HTTP status");
    check(typeof e.errorCode === "string" && e.errorCode.length > 0, "wrong token: error_code",
          e.errorCode);
  }
}

async function main() {
  const w = client(token);
  const steps = [["wrong token", wrongToken], ["catalogs", catalogs], ["schemas", schemas],
                 ["storage credentials", storageCredentials],
                 ["external locations", externalLocations],
                 ["statements and tables", statementsAndTables], ["grants", grants]];
  for (const [name, step] of steps) {
    try {
      await step(w);
    } catch (e) {
      ++failures;
      console.log(`FAIL ${name}: unexpected error ${e && e.stack ? e.stack : e}` +
                  (e && e.errorCode ? ` (error_code ${e.errorCode}, status ${e.statusCode})` : ""));
    }
  }
  if (patchBodiesRestored > 0) {
    console.log(`NOTE the SDK sent ${patchBodiesRestored} PATCH requests without their body; ` +
                "the script restored them (SDK 0.17.0 api-client.js sends bodies for POST/PUT only)");
  }
  console.log(`${checks} checks, ${failures} failed (@databricks/sdk-experimental ` +
              `${require(path.join(sdkDir, "node_modules/@databricks/sdk-experimental/package.json")).version})`);
  process.exit(Math.min(failures, 100));
}

main();
