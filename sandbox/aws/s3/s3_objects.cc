// S3 emulator: objects (PutObject, CopyObject, GetObject with Range, HeadObject, DeleteObject,
// DeleteObjects with per-object ETag conditions; with conditional headers (s3_preconditions.h) and,
// in versioned buckets, version ids (s3_versions.h): x-amz-version-id, ?versionId=, delete markers)
// and listings (ListObjectsV2 and ListObjects v1: prefix, delimiter with CommonPrefixes, max-keys,
// continuation tokens / markers, start-after, encoding-type=url).
#include <pugixml.hpp>

#include "reconciler/core/ascii.h"
#include "sandbox/aws/s3/s3_preconditions.h"
#include "sandbox/aws/s3/s3_service.h"
#include "sandbox/aws/s3/s3_versions.h"
#include "sandbox/aws/xml.h"
#include "sandbox/core/base64.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

constexpr char kMalformedXml[] =
    "The XML you provided was not well-formed or did not validate against our published schema";

// One page of a listing: keys and common prefixes in S3's order (lexicographic, interleaved).
struct ListPage {
  std::vector<std::pair<std::string, const S3Object*>> keys;
  std::vector<std::string> prefixes;
  bool truncated = false;
  std::string last;  // the last key or common prefix returned
};

ListPage Collect(const S3Bucket& b, const std::string& prefix, const std::string& delimiter,
                 const std::string& after, int max_keys) {
  ListPage page;
  auto it = b.objects.lower_bound(prefix);
  if (!after.empty() && after >= prefix) it = b.objects.upper_bound(after);
  int count = 0;
  for (; it != b.objects.end(); ++it) {
    const std::string& key = it->first;
    if (key.compare(0, prefix.size(), prefix) != 0) break;
    std::string entry = key;
    bool is_prefix = false;
    if (!delimiter.empty()) {
      size_t pos = key.find(delimiter, prefix.size());
      if (pos != std::string::npos) {
        entry = key.substr(0, pos + delimiter.size());
        is_prefix = true;
        // Already returned on this page or an earlier one (the marker lies inside it).
        if (!page.prefixes.empty() && page.prefixes.back() == entry) continue;
        if (!after.empty() && after.compare(0, entry.size(), entry) == 0) continue;
      }
    }
    if (count == max_keys) {
      page.truncated = true;
      break;
    }
    ++count;
    page.last = entry;
    if (is_prefix) {
      page.prefixes.push_back(entry);
    } else {
      page.keys.emplace_back(key, &it->second);
    }
  }
  return page;
}

void WriteContents(XmlBuilder& x, const ListPage& page, bool url, bool owner) {
  for (const auto& [key, o] : page.keys) {
    x.Open("Contents");
    x.Leaf("Key", url ? UrlEncode(key, true) : key);
    x.Leaf("LastModified", Iso8601Millis(o->last_modified));
    x.Leaf("ETag", o->etag);
    x.Leaf("Size", std::to_string(o->body.size()));
    if (owner)
      x.Open("Owner").Leaf("ID", std::string(64, 'a')).Leaf("DisplayName", "sandbox").Close();
    x.Leaf("StorageClass", "STANDARD");
    x.Close();
  }
  for (const auto& p : page.prefixes) {
    x.Open("CommonPrefixes").Leaf("Prefix", url ? UrlEncode(p, true) : p).Close();
  }
}

SandboxResponse XmlOk(const SandboxRequest& r, std::string body) {
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = std::move(body);
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

void AddObjectHeaders(SandboxResponse* resp, const S3Object& o) {
  resp->AddHeader("ETag", o.etag);
  resp->AddHeader("Last-Modified", HttpDate(o.last_modified));
  resp->AddHeader("Accept-Ranges", "bytes");
  resp->content_type = o.content_type;
  for (const auto& [k, v] : o.metadata) resp->AddHeader("x-amz-meta-" + k, v);
}

// The key's current object, or nullptr (no object, or a delete marker is its latest version).
const S3Object* CurrentObject(const S3Bucket& b, const std::string& key) {
  auto it = b.objects.find(key);
  return it == b.objects.end() ? nullptr : &it->second;
}

// S3's answer to a version id it could never have issued.
SandboxResponse InvalidVersionId(const SandboxRequest& r, const std::string& id) {
  return S3ErrorWith(400, "InvalidArgument", "Invalid version id specified", r,
                     {{"ArgumentName", "versionId"}, {"ArgumentValue", id}});
}

std::map<std::string, std::string> MetadataFromHeaders(const SandboxRequest& r) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : r.headers) {
    if (name.rfind("x-amz-meta-", 0) == 0) out[name.substr(11)] = value;
  }
  return out;
}

// Parses "bytes=a-b", "bytes=a-" or "bytes=-n" against `size`; false when unsatisfiable.
bool ParseRange(const std::string& header, size_t size, size_t* first, size_t* last) {
  if (header.rfind("bytes=", 0) != 0 || size == 0) return false;
  std::string spec = header.substr(6);
  size_t dash = spec.find('-');
  if (dash == std::string::npos || spec.find(',') != std::string::npos) return false;
  std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
  if (a.empty()) {
    auto n = ParseInteger<size_t>(b);
    if (!n || *n == 0) return false;
    *first = *n >= size ? 0 : size - *n;
    *last = size - 1;
    return true;
  }
  auto from = ParseInteger<size_t>(a);
  auto to = b.empty() ? std::optional<size_t>(size - 1) : ParseInteger<size_t>(b);
  if (!from || !to) return false;
  *first = *from;
  *last = std::min<size_t>(*to, size - 1);
  return *first < size && *first <= *last;
}

}  // namespace

SandboxResponse S3Service::PutObject(const SandboxRequest& r, const Target& t, SandboxContext& c) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (t.key.size() > 1024) {
    return S3ErrorWith(400, "KeyTooLongError", "Your key is too long", r);
  }
  if (!r.Header("content-md5").empty() && !S3CheckBodyChecksum(r, &error)) return error;
  if (!S3CheckWritePreconditions(r, t.key, CurrentObject(*b, t.key), &error)) return error;
  S3Object o;
  o.body = r.body;
  o.etag = S3ETag(r.body);
  o.last_modified = c.Now();
  std::string ct = r.Header("content-type");
  if (!ct.empty()) o.content_type = ct;
  o.metadata = MetadataFromHeaders(r);
  SandboxResponse resp;
  resp.AddHeader("ETag", o.etag);
  resp.AddHeader("x-amz-request-id", r.request_id);
  for (const auto& [name, value] : r.headers) {
    if (name.rfind("x-amz-checksum-", 0) == 0 && name != "x-amz-checksum-type") {
      resp.AddHeader(name, value);
    }
  }
  std::string version = S3WriteVersion(*b, t.key, std::move(o), NewVersionId());
  if (!version.empty()) resp.AddHeader("x-amz-version-id", version);
  return resp;
}

SandboxResponse S3Service::CopyObject(const SandboxRequest& r, const Target& t, SandboxContext& c) {
  SandboxResponse error;
  S3Bucket* dest = FindBucket(r, t.bucket, &error);
  if (dest == nullptr) return error;
  std::string source = r.Header("x-amz-copy-source");
  std::string source_version;
  if (size_t q = source.find("?versionId="); q != std::string::npos) {
    source_version = UrlDecode(source.substr(q + 11), /*plus_as_space=*/false);
  }
  source = source.substr(0, source.find('?'));
  source = UrlDecode(source, /*plus_as_space=*/false);
  if (!source.empty() && source.front() == '/') source.erase(0, 1);
  size_t slash = source.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == source.size()) {
    return S3ErrorWith(400, "InvalidArgument",
                       "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                       r, {{"ArgumentName", "x-amz-copy-source"}, {"ArgumentValue", source}});
  }
  std::string src_bucket = source.substr(0, slash), src_key = source.substr(slash + 1);
  S3Bucket* src = FindBucket(r, src_bucket, &error);
  if (src == nullptr) return error;
  const S3Object* from = nullptr;
  if (source_version.empty()) {
    from = CurrentObject(*src, src_key);
  } else {
    if (!S3WellFormedVersionId(source_version)) return InvalidVersionId(r, source_version);
    from = S3FindVersion(*src, src_key, source_version);
    if (from != nullptr && from->delete_marker) {
      return S3ErrorWith(400, "InvalidRequest",
                         "The source of a copy request may not specifically refer to a delete "
                         "marker by version id.",
                         r);
    }
    if (from == nullptr) {
      return S3ErrorWith(404, "NoSuchVersion", "The specified version does not exist.", r,
                         {{"Key", src_key}, {"VersionId", source_version}});
    }
  }
  if (from == nullptr) {
    return S3ErrorWith(404, "NoSuchKey", "The specified key does not exist.", r,
                       {{"Key", src_key}});
  }
  const bool replace = r.Header("x-amz-metadata-directive") == "REPLACE";
  if (src == dest && src_key == t.key && !replace && source_version.empty()) {
    return S3ErrorWith(400, "InvalidRequest",
                       "This copy request is illegal because it is trying to copy an object to "
                       "itself without changing the object's metadata, storage class, website "
                       "redirect location or encryption attributes.",
                       r);
  }
  S3Object o = *from;
  o.last_modified = c.Now();
  if (replace) {
    o.metadata = MetadataFromHeaders(r);
    std::string ct = r.Header("content-type");
    o.content_type = ct.empty() ? "binary/octet-stream" : ct;
  }
  XmlBuilder x(true);
  x.Open("CopyObjectResult", {{"xmlns", kS3Namespace}});
  x.Leaf("LastModified", Iso8601Millis(o.last_modified));
  x.Leaf("ETag", o.etag);
  x.Close();
  SandboxResponse resp = XmlOk(r, x.str());
  if (!source_version.empty()) resp.AddHeader("x-amz-copy-source-version-id", source_version);
  std::string version = S3WriteVersion(*dest, t.key, std::move(o), NewVersionId());
  if (!version.empty()) resp.AddHeader("x-amz-version-id", version);
  return resp;
}

SandboxResponse S3Service::GetObject(const SandboxRequest& r, const Target& t, SandboxContext&) {
  return GetOrHeadObject(r, t, /*head=*/false);
}

SandboxResponse S3Service::HeadObject(const SandboxRequest& r, const Target& t, SandboxContext&) {
  return GetOrHeadObject(r, t, /*head=*/true);
}

SandboxResponse S3Service::GetOrHeadObject(const SandboxRequest& r, const Target& t, bool head) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  const bool by_version = r.HasQueryParam("versionId");
  const std::string version_id = r.QueryParam("versionId");
  const S3Object* found = nullptr;
  if (by_version) {
    if (!S3WellFormedVersionId(version_id)) return InvalidVersionId(r, version_id);
    found = S3FindVersion(*b, t.key, version_id);
    if (found == nullptr) {
      return S3ErrorWith(404, "NoSuchVersion", "The specified version does not exist.", r,
                         {{"Key", t.key}, {"VersionId", version_id}});
    }
    if (found->delete_marker) {  // a delete marker named by id: 405, as on S3
      SandboxResponse e = S3ErrorWith(
          405, "MethodNotAllowed", "The specified method is not allowed against this resource.", r,
          {{"Method", head ? "HEAD" : "GET"}, {"ResourceType", "DeleteMarker"}});
      e.AddHeader("x-amz-delete-marker", "true");
      e.AddHeader("x-amz-version-id", version_id);
      e.AddHeader("Last-Modified", HttpDate(found->last_modified));
      return e;
    }
  } else {
    found = CurrentObject(*b, t.key);
    if (found == nullptr) {
      SandboxResponse e =
          S3ErrorWith(404, "NoSuchKey", "The specified key does not exist.", r, {{"Key", t.key}});
      if (const S3Object* marker = S3LatestDeleteMarker(*b, t.key)) {
        e.AddHeader("x-amz-delete-marker", "true");
        e.AddHeader("x-amz-version-id", marker->version_id);
      }
      return e;
    }
  }
  const S3Object& o = *found;
  if (!S3CheckReadPreconditions(r, o, &error)) return error;
  SandboxResponse resp;
  resp.AddHeader("x-amz-request-id", r.request_id);
  AddObjectHeaders(&resp, o);
  if (!b->versioning.empty()) resp.AddHeader("x-amz-version-id", o.version_id);
  std::string range = r.Header("range");
  if (!range.empty()) {
    size_t first = 0, last = 0;
    if (!ParseRange(range, o.body.size(), &first, &last)) {
      SandboxResponse e = S3ErrorWith(
          416, "InvalidRange", "The requested range is not satisfiable", r,
          {{"RangeRequested", range}, {"ActualObjectSize", std::to_string(o.body.size())}});
      return e;
    }
    resp.status = 206;
    resp.AddHeader("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                        "/" + std::to_string(o.body.size()));
    resp.body = o.body.substr(first, last - first + 1);
    return resp;
  }
  (void)head;  // HEAD: the server sends the headers of this GET response without its body
  resp.body = o.body;
  return resp;
}

SandboxResponse S3Service::DeleteObject(const SandboxRequest& r, const Target& t,
                                        SandboxContext& c) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  const bool by_version = r.HasQueryParam("versionId");
  const std::string version_id = r.QueryParam("versionId");
  if (by_version && !S3WellFormedVersionId(version_id)) return InvalidVersionId(r, version_id);
  // Conditional deletes are evaluated against the current version only, as on S3.
  if (!S3CheckDeletePreconditions(r, t.key, CurrentObject(*b, t.key), &error)) return error;
  // Deleting a missing key or version succeeds, as on S3.
  S3DeleteOutcome out = by_version ? S3DeleteVersion(*b, t.key, version_id)
                                   : S3DeleteCurrent(*b, t.key, c.Now(), NewVersionId());
  SandboxResponse resp;
  resp.status = 204;
  resp.AddHeader("x-amz-request-id", r.request_id);
  if (out.delete_marker) resp.AddHeader("x-amz-delete-marker", "true");
  if (!out.version_id.empty()) resp.AddHeader("x-amz-version-id", out.version_id);
  return resp;
}

SandboxResponse S3Service::DeleteObjects(const SandboxRequest& r, const Target& t,
                                         SandboxContext& c) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  if (!S3CheckBodyChecksum(r, &error)) return error;
  pugi::xml_document doc;
  pugi::xml_node del;
  if (doc.load_string(r.body.c_str())) del = doc.child("Delete");
  if (!del || !del.child("Object")) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  struct Deletion {
    std::string key, version_id, etag;
    bool by_version;
    bool conditional;  // an ETag element: delete only if the current object has that ETag
  };
  std::vector<Deletion> targets;
  for (pugi::xml_node o : del.children("Object")) {
    if (!o.child("Key")) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
    targets.push_back({o.child("Key").text().get(), o.child("VersionId").text().get(),
                       o.child("ETag").text().get(), !!o.child("VersionId"), !!o.child("ETag")});
  }
  if (targets.size() > 1000) return S3ErrorWith(400, "MalformedXML", kMalformedXml, r);
  const bool quiet = std::string(del.child("Quiet").text().get()) == "true";
  XmlBuilder x(true);
  x.Open("DeleteResult", {{"xmlns", kS3Namespace}});
  for (const auto& d : targets) {
    if (d.by_version && !S3WellFormedVersionId(d.version_id)) {
      x.Open("Error").Leaf("Key", d.key).Leaf("VersionId", d.version_id);
      x.Leaf("Code", "NoSuchVersion").Leaf("Message", "The specified version does not exist.");
      x.Close();
      continue;
    }
    if (d.conditional) {  // as DeleteObject's If-Match, per object (S3's conditional deletes)
      const S3Object* current = CurrentObject(*b, d.key);
      const bool matches = current != nullptr && S3ETagListMatches(d.etag, current->etag);
      if (!matches) {
        x.Open("Error").Leaf("Key", d.key);
        if (d.by_version) x.Leaf("VersionId", d.version_id);
        if (current == nullptr) {
          x.Leaf("Code", "NoSuchKey").Leaf("Message", "The specified key does not exist.");
        } else {
          x.Leaf("Code", "PreconditionFailed")
              .Leaf("Message", "At least one of the pre-conditions you specified did not hold");
        }
        x.Close();
        continue;
      }
    }
    S3DeleteOutcome out = d.by_version ? S3DeleteVersion(*b, d.key, d.version_id)
                                       : S3DeleteCurrent(*b, d.key, c.Now(), NewVersionId());
    if (quiet) continue;
    x.Open("Deleted").Leaf("Key", d.key);
    if (d.by_version) x.Leaf("VersionId", d.version_id);
    if (out.delete_marker) {
      x.Leaf("DeleteMarker", "true");
      x.Leaf("DeleteMarkerVersionId", out.version_id);
    }
    x.Close();
  }
  x.Close();
  return XmlOk(r, x.str());
}

SandboxResponse S3Service::ListObjectsV2(const SandboxRequest& r, const Target& t,
                                         SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  int max_keys = 0;
  bool url = false;
  if (!S3ParseMaxKeys(r, &max_keys, &error) || !S3ParseEncodingType(r, &url, &error)) return error;
  const std::string prefix = r.QueryParam("prefix"), delimiter = r.QueryParam("delimiter");
  const std::string start_after = r.QueryParam("start-after");
  std::string after = start_after;
  const bool has_token = r.HasQueryParam("continuation-token");
  const std::string token = r.QueryParam("continuation-token");
  if (has_token) {
    std::string decoded;
    if (token.empty() || !Base64Decode(token, &decoded) || decoded.rfind("v2:", 0) != 0) {
      return S3ErrorWith(400, "InvalidArgument", "The continuation token provided is incorrect", r,
                         {{"ArgumentName", "continuation-token"}});
    }
    after = std::max(after, decoded.substr(3));
  }
  ListPage page = Collect(*b, prefix, delimiter, after, max_keys);
  auto enc = [&](const std::string& s) { return url ? UrlEncode(s, true) : s; };
  XmlBuilder x(true);
  x.Open("ListBucketResult", {{"xmlns", kS3Namespace}});
  x.Leaf("Name", t.bucket);
  x.Leaf("Prefix", enc(prefix));
  if (has_token) x.Leaf("ContinuationToken", token);
  if (page.truncated) x.Leaf("NextContinuationToken", Base64Encode("v2:" + page.last));
  x.Leaf("KeyCount", std::to_string(page.keys.size() + page.prefixes.size()));
  x.Leaf("MaxKeys", std::to_string(max_keys));
  x.LeafIfNotEmpty("Delimiter", enc(delimiter));
  x.LeafIfNotEmpty("StartAfter", enc(start_after));
  if (url) x.Leaf("EncodingType", "url");
  x.Leaf("IsTruncated", page.truncated ? "true" : "false");
  WriteContents(x, page, url, r.QueryParam("fetch-owner") == "true");
  x.Close();
  return XmlOk(r, x.str());
}

SandboxResponse S3Service::ListObjectsV1(const SandboxRequest& r, const Target& t,
                                         SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  int max_keys = 0;
  bool url = false;
  if (!S3ParseMaxKeys(r, &max_keys, &error) || !S3ParseEncodingType(r, &url, &error)) return error;
  const std::string prefix = r.QueryParam("prefix"), delimiter = r.QueryParam("delimiter");
  const std::string marker = r.QueryParam("marker");
  ListPage page = Collect(*b, prefix, delimiter, marker, max_keys);
  auto enc = [&](const std::string& s) { return url ? UrlEncode(s, true) : s; };
  XmlBuilder x(true);
  x.Open("ListBucketResult", {{"xmlns", kS3Namespace}});
  x.Leaf("Name", t.bucket);
  x.Leaf("Prefix", enc(prefix));
  x.Leaf("Marker", enc(marker));
  // S3 returns NextMarker only when a delimiter was given (clients otherwise use the last key).
  if (page.truncated && !delimiter.empty()) x.Leaf("NextMarker", enc(page.last));
  x.Leaf("MaxKeys", std::to_string(max_keys));
  x.LeafIfNotEmpty("Delimiter", enc(delimiter));
  if (url) x.Leaf("EncodingType", "url");
  x.Leaf("IsTruncated", page.truncated ? "true" : "false");
  WriteContents(x, page, url, /*owner=*/true);
  x.Close();
  return XmlOk(r, x.str());
}

}  // namespace causeway::sandbox
