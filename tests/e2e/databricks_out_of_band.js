// Out-of-band changes to the sandbox's Unity Catalog through the Databricks JS SDK
// (@databricks/sdk-experimental, installed from tests/sandbox/databricks/sdk/; a client nobody
// here wrote), made the way a person's script would: grants through w.grants.update and SQL
// through w.statementExecution.executeStatement. Prints "ok STEP" per step; exits 1 at the
// first error.
// Steps: "grant TYPE FULL_NAME PRINCIPAL PRIV[,PRIV...]" or "sql STATEMENT".
// Usage: node databricks_out_of_band.js HOST TOKEN WAREHOUSE_ID SDK_DIR STEP...
"use strict";

const path = require("node:path");
const { createRequire } = require("node:module");

const [host, token, warehouseId, sdkDir, ...steps] = process.argv.slice(2);
const sdkRequire = createRequire(path.join(sdkDir, "package.json"));
const sdk = sdkRequire("@databricks/sdk-experimental");
const sdkFetch = sdkRequire("@databricks/sdk-experimental/dist/fetch");

// SDK 0.17.0 sends no body with a PATCH (grants.update); see the same note and shim in
// tests/sandbox/databricks/sdk/fidelity.js: the body the SDK built goes out through Node's fetch.
let pendingPatchBody;
const sdkFetchOriginal = sdkFetch.fetch;
sdkFetch.fetch = (url, init) => {
  if (init && init.method === "PATCH" && init.body === undefined &&
      pendingPatchBody !== undefined) {
    return globalThis.fetch(url, { method: "PATCH", headers: init.headers,
                                   body: pendingPatchBody, signal: init.signal });
  }
  return sdkFetchOriginal(url, init);
};

async function main() {
  const w = new sdk.WorkspaceClient({ host, token, authType: "pat" });
  const request = w.apiClient.request.bind(w.apiClient);
  w.apiClient.request = async (options, context) => {
    pendingPatchBody = options.method === "PATCH" && options.payload !== undefined
                           ? JSON.stringify(options.payload) : undefined;
    try {
      return await request(options, context);
    } finally {
      pendingPatchBody = undefined;
    }
  };
  for (const step of steps) {
    if (step.startsWith("grant ")) {
      const [, type, fullName, principal, privileges] = step.split(" ");
      await w.grants.update({ securable_type: type, full_name: fullName,
                              changes: [{ principal, add: privileges.split(",") }] });
    } else if (step.startsWith("sql ")) {
      const r = await w.statementExecution.executeStatement({
        warehouse_id: warehouseId, statement: step.slice(4), wait_timeout: "30s" });
      if (!r.status || r.status.state !== "SUCCEEDED") {
        throw new Error(`statement ${JSON.stringify(r.status)}`);
      }
    } else {
      throw new Error(`unknown step: ${step}`);
    }
    console.log(`ok ${step}`);
  }
}

main().catch((e) => {
  console.log(`FAIL ${e && e.message ? e.message : e}`);
  process.exit(1);
});
