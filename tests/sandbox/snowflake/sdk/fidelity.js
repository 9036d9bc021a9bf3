// Fidelity check of the sandbox's Snowflake driver protocol front end: Snowflake's own Node.js
// driver (snowflake-sdk, pinned in package.json; a client nobody here wrote) logs in with the
// sandbox admin's password and with its key pair (SNOWFLAKE_JWT: the driver signs the JWT, with
// iat/exp in milliseconds), runs CREATE, SHOW, DESC, GRANT and failing statements, and this script
// checks the rows and errors the driver parses. Every mismatch prints a FAIL line; the exit
// status is the number of failures (capped), so any divergence fails the C++ test that runs it
// (tests/sandbox/snowflake/snowflake_sdk_fidelity_test.cc).
// Usage: node fidelity.js URL ACCOUNT USER PASSWORD PRIVATE_KEY_FILE SDK_INSTALL_DIR
"use strict";

const path = require("node:path");
const { createRequire } = require("node:module");

const [url, account, user, password, keyFile, sdkDir] = process.argv.slice(2);
if (!url || !account || !user || !password || !keyFile || !sdkDir) {
  console.error("usage: node fidelity.js URL ACCOUNT USER PASSWORD PRIVATE_KEY_FILE SDK_DIR");
  process.exit(2);
}
const snowflake = createRequire(path.join(sdkDir, "package.json"))("snowflake-sdk");
snowflake.configure({ logLevel: "ERROR" });

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

function connect(options) {
  const connection = snowflake.createConnection({
    accessUrl: url,
    account,
    username: user,
    warehouse: "SANDBOX_WH",
    role: "ACCOUNTADMIN",
    ...options,
  });
  return new Promise((resolve, reject) =>
    connection.connect((err, conn) => (err ? reject(err) : resolve(conn))));
}

function run(connection, sqlText) {
  return new Promise((resolve, reject) =>
    connection.execute({
      sqlText,
      complete: (err, stmt, rows) => (err ? reject(err) : resolve({ stmt, rows })),
    }));
}

async function expectError(connection, sqlText, code, sqlState) {
  try {
    await run(connection, sqlText);
    check(false, `${sqlText}: expected error ${code}, the statement succeeded`);
  } catch (err) {
    eq(err.code, code, `${sqlText}: error code`);
    if (sqlState) eq(err.sqlState, sqlState, `${sqlText}: sqlState`);
    check(typeof err.message === "string" && err.message.length > 0, `${sqlText}: message`);
  }
}

function destroy(connection) {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

async function main() {
  // Password login, then DDL and reads whose rows the driver parses.
  const conn = await connect({ password });
  let r = await run(conn, 'CREATE DATABASE IF NOT EXISTS "SDK_DB" COMMENT = \'from the sdk\'');
  eq(r.rows, [{ status: "Database SDK_DB successfully created." }], "CREATE DATABASE rows");
  r = await run(conn, "SHOW DATABASES LIKE 'SDK%'");
  eq(r.rows.map((row) => row.name), ["SDK_DB"], "SHOW DATABASES names");
  eq(r.rows[0].comment, "from the sdk", "SHOW DATABASES comment");
  eq(r.rows[0].owner, "ACCOUNTADMIN", "SHOW DATABASES owner");
  check(r.rows[0].created_on !== null && r.rows[0].created_on !== undefined,
        "SHOW DATABASES created_on parsed", r.rows[0].created_on);
  eq(r.stmt.getColumns().map((c) => c.getName()).slice(0, 3),
     ["created_on", "name", "is_default"], "SHOW DATABASES columns");
  eq(r.stmt.getColumns()[0].getType(), "timestamp_ltz", "created_on type");

  await run(conn, 'CREATE SCHEMA IF NOT EXISTS "SDK_DB"."Raw""Data" WITH MANAGED ACCESS');
  r = await run(conn, 'SHOW SCHEMAS IN DATABASE "SDK_DB"');
  eq(r.rows.map((row) => row.name), ["PUBLIC", 'Raw"Data'], "SHOW SCHEMAS hostile name");
  eq(r.rows[1].options, "MANAGED ACCESS", "SHOW SCHEMAS options");

  await run(conn, 'CREATE ROLE IF NOT EXISTS "SDK_READER" COMMENT = \'reads\'');
  await run(conn, 'GRANT USAGE ON DATABASE "SDK_DB" TO ROLE "SDK_READER" WITH GRANT OPTION');
  await run(conn, 'GRANT ROLE "SDK_READER" TO ROLE "SYSADMIN"');
  r = await run(conn, 'SHOW GRANTS TO ROLE "SDK_READER"');
  eq(r.rows.map((row) => [row.privilege, row.granted_on, row.name, row.grant_option]),
     [["USAGE", "DATABASE", "SDK_DB", "true"]], "SHOW GRANTS TO ROLE");
  r = await run(conn, 'SHOW GRANTS OF ROLE "SDK_READER"');
  eq(r.rows.map((row) => [row.granted_to, row.grantee_name]), [["ROLE", "SYSADMIN"]],
     "SHOW GRANTS OF ROLE");

  r = await run(conn, 'DESC USER "SANDBOX_ADMIN"');
  const props = Object.fromEntries(r.rows.map((row) => [row.property, row.value]));
  eq(props.DEFAULT_ROLE, "ACCOUNTADMIN", "DESC USER default role");
  check(/^SHA256:/.test(props.RSA_PUBLIC_KEY_FP), "DESC USER fingerprint", props.RSA_PUBLIC_KEY_FP);

  r = await run(conn, "SHOW WAREHOUSES");
  eq(r.rows.map((row) => [row.name, row.size]), [["SANDBOX_WH", "X-Small"]], "SHOW WAREHOUSES");

  // Errors as the driver surfaces them: Snowflake's code and SQLSTATE.
  await expectError(conn, 'DROP DATABASE "SDK_NOPE"', "002003", "02000");
  await expectError(conn, 'CREATE DATABASE "SDK_DB"', "002002", "42710");
  await expectError(conn, "CREATE DATABSE X", "001003", "42000");
  await run(conn, 'CREATE USER IF NOT EXISTS "SDK_USER" PASSWORD = \'user-pass\' ' +
                  'DEFAULT_ROLE = "SDK_READER"');
  await run(conn, 'GRANT ROLE "SDK_READER" TO USER "SDK_USER"');
  await destroy(conn);

  // A user without the privilege: insufficient privileges.
  const reader = await connect({ username: "SDK_USER", password: "user-pass",
                                 role: "SDK_READER" });
  await expectError(reader, 'CREATE DATABASE "SDK_OTHER"', "003001", "42501");
  r = await run(reader, "SHOW DATABASES");
  eq(r.rows.map((row) => row.name), ["SDK_DB"], "reader sees what it was granted");
  await destroy(reader);

  // Key-pair login: the driver signs its own JWT with the sandbox's private key file.
  const keyed = await connect({ authenticator: "SNOWFLAKE_JWT", privateKeyPath: keyFile });
  r = await run(keyed, "SHOW ROLES LIKE 'SDK%'");
  eq(r.rows.map((row) => row.name), ["SDK_READER"], "key-pair session SHOW ROLES");
  await run(keyed, 'DROP DATABASE IF EXISTS "SDK_DB"');
  await destroy(keyed);

  // A wrong password is refused with Snowflake's code.
  try {
    await connect({ password: "wrong" });
    check(false, "wrong password: connect succeeded");
  } catch (err) {
    eq(err.code, "390100", "wrong password code");
  }
}

main()
  .catch((err) => {
    ++failures;
    console.log(`FAIL unexpected: ${err && err.stack ? err.stack : err}`);
  })
  .finally(() => {
    console.log(`${checks} checks, ${failures} failed`);
    process.exit(Math.min(failures, 100));
  });
