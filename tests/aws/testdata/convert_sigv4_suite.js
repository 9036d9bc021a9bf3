// Converts AWS's SigV4 test suite, as shipped in the npm package @aws-sdk/signature-v4@3.170.0
// (file package/dist-cjs/suite.fixture.js, Apache-2.0, (c) Amazon.com, Inc. or its affiliates),
// into tests/aws/testdata/sigv4_suite.json for tests/aws/sigv4_test.cc. Run once; the JSON is
// committed. The fixture only carries the expected Authorization header, so the canonical request
// and string to sign are produced by the same package's SignatureV4 class, and the script refuses
// to write anything unless that signer reproduces the fixture's Authorization header exactly.
//
//   mkdir /tmp/sigv4conv && cd /tmp/sigv4conv && npm init -y &&
//     npm install @aws-sdk/signature-v4@3.170.0 @aws-sdk/hash-node@3.170.0
//   NODE_PATH=/tmp/sigv4conv/node_modules node convert_sigv4_suite.js > sigv4_suite.json
"use strict";
const suite = require("@aws-sdk/signature-v4/dist-cjs/suite.fixture.js");
const { SignatureV4 } = require("@aws-sdk/signature-v4");
const { getCanonicalHeaders } = require("@aws-sdk/signature-v4/dist-cjs/getCanonicalHeaders.js");
const { getPayloadHash } = require("@aws-sdk/signature-v4/dist-cjs/getPayloadHash.js");
const { escapeUri } = require("@aws-sdk/util-uri-escape");
const { Hash } = require("@aws-sdk/hash-node");

const sha256 = Hash.bind(null, "sha256");

function rawQuery(query) {
  // The query string as a client would send it (keys in fixture order, not sorted).
  const parts = [];
  for (const [k, v] of Object.entries(query || {})) {
    const values = Array.isArray(v) ? v : [v];
    for (const one of values) parts.push(`${escapeUri(k)}=${escapeUri(one)}`);
  }
  return parts.join("&");
}

async function main() {
  const signer = new SignatureV4({
    credentials: suite.credentials,
    region: suite.region,
    service: suite.service,
    sha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const out = {
    source: "npm @aws-sdk/signature-v4@3.170.0, package/dist-cjs/suite.fixture.js (AWS SigV4 test suite)",
    license: "Apache-2.0, Copyright Amazon.com, Inc. or its affiliates. All Rights Reserved.",
    generated_by: "tests/aws/testdata/convert_sigv4_suite.js",
    region: suite.region,
    service: suite.service,
    access_key_id: suite.credentials.accessKeyId,
    secret_access_key: suite.credentials.secretAccessKey,
    amz_date: "20150830T123600Z",
    requests: [],
  };
  for (const t of suite.requests) {
    const req = { ...t.request, headers: { ...t.request.headers } };
    const signed = await signer.sign(req, { signingDate: suite.signingDate });
    if (signed.headers.authorization !== t.authorization) {
      throw new Error(`${t.name}: SDK signer disagrees with fixture`);
    }
    const canonicalHeaders = getCanonicalHeaders(req);
    const payloadHash = await getPayloadHash(req, sha256);
    const creq = signer.createCanonicalRequest(req, canonicalHeaders, payloadHash);
    const scope = `20150830/${suite.region}/${suite.service}/aws4_request`;
    const sts = await signer.createStringToSign("20150830T123600Z", scope, creq);
    out.requests.push({
      name: t.name,
      method: t.request.method,
      path: t.request.path,
      query: rawQuery(t.request.query),
      headers: Object.entries(t.request.headers),
      body: t.request.body || "",
      canonical_request: creq,
      string_to_sign: sts,
      authorization: t.authorization,
    });
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
