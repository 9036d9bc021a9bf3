// Runs SQL statements against the sandbox through Snowflake's own Node.js driver (snowflake-sdk,
// installed from tests/sandbox/snowflake/sdk/), logged in with the sandbox admin's key pair: the
// out-of-band changes of the Snowflake seed end-to-end tests, made the way a person in a worksheet
// or a script would make them. Prints "ok" per statement; exits 1 at the first error.
// Usage: node snowflake_sql.js URL ACCOUNT USER PRIVATE_KEY_FILE SDK_DIR STATEMENT...
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { createRequire } = require("node:module");

const [url, account, user, keyFile, sdkDir, ...statements] = process.argv.slice(2);
const snowflake = createRequire(path.join(sdkDir, "package.json"))("snowflake-sdk");
snowflake.configure({ logLevel: "ERROR" });

async function main() {
  const connection = snowflake.createConnection({
    accessUrl: url, account, username: user, role: "ACCOUNTADMIN", warehouse: "SANDBOX_WH",
    authenticator: "SNOWFLAKE_JWT", privateKey: fs.readFileSync(keyFile, "utf8"),
  });
  await new Promise((resolve, reject) =>
    connection.connect((err) => (err ? reject(err) : resolve())));
  for (const sqlText of statements) {
    await new Promise((resolve, reject) =>
      connection.execute({ sqlText, complete: (err) => (err ? reject(err) : resolve()) }));
    console.log(`ok ${sqlText}`);
  }
  await new Promise((resolve) => connection.destroy(() => resolve()));
}

main().catch((err) => {
  console.log(`FAIL ${err.code || ""} ${err.message}`);
  process.exit(1);
});
