// S3 emulator: object versions. The bookkeeping of s3_versions.h, version ids, and
// ListObjectVersions (GET /bucket?versions: prefix, delimiter with CommonPrefixes, key-marker /
// version-id-marker paging, max-keys, encoding-type=url) with S3's ListVersionsResult document:
// Version and DeleteMarker entries in key order, newest version first, IsLatest on the first.
#include "sandbox/aws/s3/s3_versions.h"

#include <algorithm>

#include "sandbox/aws/xml.h"
#include "sandbox/core/timestamps.h"
#include "sandbox/core/url_encoding.h"

namespace causeway::sandbox {

namespace {

constexpr char kVersionIdAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
constexpr size_t kVersionIdLength = 32;

std::vector<S3Object>& HistoryOf(S3Bucket& b, const std::string& key) { return b.history[key]; }

// Drops the key's history entry when empty, and makes the newest older object current when the
// key lost its current object and its latest version is not a delete marker.
void Settle(S3Bucket& b, const std::string& key) {
  auto h = b.history.find(key);
  if (h == b.history.end()) return;
  if (b.objects.count(key) == 0 && !h->second.empty() && !h->second.front().delete_marker) {
    b.objects[key] = std::move(h->second.front());
    h->second.erase(h->second.begin());
  }
  if (h->second.empty()) b.history.erase(h);
}

// Suspended buckets keep one "null" version per key: remove the older one.
void DropNullFromHistory(S3Bucket& b, const std::string& key) {
  auto h = b.history.find(key);
  if (h == b.history.end()) return;
  auto& v = h->second;
  v.erase(
      std::remove_if(v.begin(), v.end(), [](const S3Object& o) { return o.version_id == "null"; }),
      v.end());
}

// Moves the current object (if any) to the front of the history, unless it is the "null"
// version and `drop_null` says the new version replaces it.
void RetireCurrent(S3Bucket& b, const std::string& key, bool drop_null) {
  auto cur = b.objects.find(key);
  if (cur == b.objects.end()) return;
  if (!(drop_null && cur->second.version_id == "null")) {
    auto& h = HistoryOf(b, key);
    h.insert(h.begin(), std::move(cur->second));
  }
  b.objects.erase(cur);
}

// One entry of a ListObjectVersions page.
struct VersionEntry {
  const std::string* key;
  const S3Object* version;
  bool latest;
};

}  // namespace

std::string S3WriteVersion(S3Bucket& b, const std::string& key, S3Object object,
                           const std::string& new_version_id) {
  if (b.versioning.empty()) {
    object.version_id = "null";
    b.objects[key] = std::move(object);
    return "";
  }
  const bool enabled = b.versioning == "Enabled";
  object.version_id = enabled ? new_version_id : "null";
  if (!enabled) DropNullFromHistory(b, key);
  RetireCurrent(b, key, /*drop_null=*/!enabled);
  std::string id = object.version_id;
  b.objects[key] = std::move(object);
  Settle(b, key);
  return id;
}

S3DeleteOutcome S3DeleteCurrent(S3Bucket& b, const std::string& key,
                                std::chrono::system_clock::time_point now,
                                const std::string& new_version_id) {
  if (b.versioning.empty()) {
    b.objects.erase(key);
    return {};
  }
  const bool enabled = b.versioning == "Enabled";
  if (!enabled) DropNullFromHistory(b, key);
  RetireCurrent(b, key, /*drop_null=*/!enabled);
  S3Object marker;
  marker.delete_marker = true;
  marker.etag.clear();
  marker.content_type.clear();
  marker.last_modified = now;
  marker.version_id = enabled ? new_version_id : "null";
  auto& h = HistoryOf(b, key);
  h.insert(h.begin(), marker);
  return {true, marker.version_id};
}

S3DeleteOutcome S3DeleteVersion(S3Bucket& b, const std::string& key,
                                const std::string& version_id) {
  S3DeleteOutcome out{false, version_id};
  auto cur = b.objects.find(key);
  if (cur != b.objects.end() && cur->second.version_id == version_id) {
    b.objects.erase(cur);
    Settle(b, key);
    return out;
  }
  auto h = b.history.find(key);
  if (h == b.history.end()) return out;
  auto& v = h->second;
  auto it = std::find_if(v.begin(), v.end(),
                         [&](const S3Object& o) { return o.version_id == version_id; });
  if (it == v.end()) return out;
  out.delete_marker = it->delete_marker;
  v.erase(it);
  Settle(b, key);
  return out;
}

const S3Object* S3FindVersion(const S3Bucket& b, const std::string& key,
                              const std::string& version_id) {
  auto cur = b.objects.find(key);
  if (cur != b.objects.end() && cur->second.version_id == version_id) return &cur->second;
  auto h = b.history.find(key);
  if (h == b.history.end()) return nullptr;
  for (const auto& o : h->second) {
    if (o.version_id == version_id) return &o;
  }
  return nullptr;
}

const S3Object* S3LatestDeleteMarker(const S3Bucket& b, const std::string& key) {
  if (b.objects.count(key) > 0) return nullptr;
  auto h = b.history.find(key);
  if (h == b.history.end() || h->second.empty() || !h->second.front().delete_marker) {
    return nullptr;
  }
  return &h->second.front();
}

bool S3WellFormedVersionId(const std::string& id) {
  if (id == "null") return true;
  return id.size() == kVersionIdLength &&
         id.find_first_not_of(kVersionIdAlphabet) == std::string::npos;
}

bool S3BucketHoldsNothing(const S3Bucket& b) { return b.objects.empty() && b.history.empty(); }

std::string S3Service::NewVersionId() {
  std::uniform_int_distribution<size_t> pick(0, sizeof(kVersionIdAlphabet) - 2);
  std::string id;
  for (size_t i = 0; i < kVersionIdLength; ++i) id += kVersionIdAlphabet[pick(version_ids_)];
  return id;
}

SandboxResponse S3Service::ListObjectVersions(const SandboxRequest& r, const Target& t,
                                              SandboxContext&) {
  SandboxResponse error;
  S3Bucket* b = FindBucket(r, t.bucket, &error);
  if (b == nullptr) return error;
  int max_keys = 0;
  bool url = false;
  if (!S3ParseMaxKeys(r, &max_keys, &error) || !S3ParseEncodingType(r, &url, &error)) {
    return error;
  }
  const std::string prefix = r.QueryParam("prefix"), delimiter = r.QueryParam("delimiter");
  const std::string key_marker = r.QueryParam("key-marker");
  const std::string version_marker = r.QueryParam("version-id-marker");
  if (!version_marker.empty() && key_marker.empty()) {
    return S3ErrorWith(400, "InvalidArgument",
                       "A version-id marker cannot be specified without a key marker.", r,
                       {{"ArgumentName", "version-id-marker"}, {"ArgumentValue", version_marker}});
  }
  if (!version_marker.empty() && !S3WellFormedVersionId(version_marker)) {
    return S3ErrorWith(400, "InvalidArgument", "Invalid version id specified", r,
                       {{"ArgumentName", "version-id-marker"}, {"ArgumentValue", version_marker}});
  }

  // Keys in order from both maps (a key may be in either or both).
  std::vector<const std::string*> keys;
  auto o = b->objects.lower_bound(prefix);
  auto h = b->history.lower_bound(prefix);
  auto in_prefix = [&](const std::string& k) { return k.compare(0, prefix.size(), prefix) == 0; };
  while (true) {
    const bool o_ok = o != b->objects.end() && in_prefix(o->first);
    const bool h_ok = h != b->history.end() && in_prefix(h->first);
    if (!o_ok && !h_ok) break;
    if (o_ok && (!h_ok || o->first <= h->first)) {
      keys.push_back(&o->first);
      if (h_ok && h->first == o->first) ++h;
      ++o;
    } else {
      keys.push_back(&h->first);
      ++h;
    }
  }

  std::vector<VersionEntry> entries;
  std::vector<std::string> prefixes;
  bool truncated = false;
  std::string next_key, next_version;
  int count = 0;
  auto room = [&]() {
    if (count < max_keys) return true;
    truncated = true;
    return false;
  };
  for (const std::string* key : keys) {
    if (!key_marker.empty() && *key < key_marker) continue;
    if (!key_marker.empty() && *key == key_marker && version_marker.empty()) continue;
    if (!delimiter.empty()) {
      size_t pos = key->find(delimiter, prefix.size());
      if (pos != std::string::npos) {
        std::string p = key->substr(0, pos + delimiter.size());
        if (!prefixes.empty() && prefixes.back() == p) continue;
        if (!key_marker.empty() && key_marker.compare(0, p.size(), p) == 0) continue;
        if (!room()) break;
        ++count;
        prefixes.push_back(p);
        next_key = p;
        next_version.clear();
        continue;
      }
    }
    std::vector<const S3Object*> versions;
    auto cur = b->objects.find(*key);
    if (cur != b->objects.end()) versions.push_back(&cur->second);
    auto hist = b->history.find(*key);
    if (hist != b->history.end()) {
      for (const auto& v : hist->second) versions.push_back(&v);
    }
    size_t first = 0;
    if (*key == key_marker) {  // resume after the version-id marker
      while (first < versions.size() && versions[first]->version_id != version_marker) ++first;
      first = first < versions.size() ? first + 1 : versions.size();
    }
    for (size_t i = first; i < versions.size(); ++i) {
      if (!room()) break;
      ++count;
      entries.push_back({key, versions[i], i == 0});
      next_key = *key;
      next_version = versions[i]->version_id;
    }
    if (truncated) break;
  }

  auto enc = [&](const std::string& s) { return url ? UrlEncode(s, true) : s; };
  XmlBuilder x(true);
  x.Open("ListVersionsResult", {{"xmlns", kS3Namespace}});
  x.Leaf("Name", t.bucket);
  x.Leaf("Prefix", enc(prefix));
  x.Leaf("KeyMarker", enc(key_marker));
  x.Leaf("VersionIdMarker", version_marker);
  if (truncated) {
    x.Leaf("NextKeyMarker", enc(next_key));
    x.LeafIfNotEmpty("NextVersionIdMarker", next_version);
  }
  x.Leaf("MaxKeys", std::to_string(max_keys));
  x.LeafIfNotEmpty("Delimiter", enc(delimiter));
  if (url) x.Leaf("EncodingType", "url");
  x.Leaf("IsTruncated", truncated ? "true" : "false");
  for (const auto& e : entries) {
    x.Open(e.version->delete_marker ? "DeleteMarker" : "Version");
    x.Leaf("Key", enc(*e.key));
    x.Leaf("VersionId", e.version->version_id);
    x.Leaf("IsLatest", e.latest ? "true" : "false");
    x.Leaf("LastModified", Iso8601Millis(e.version->last_modified));
    if (!e.version->delete_marker) {
      x.Leaf("ETag", e.version->etag);
      x.Leaf("Size", std::to_string(e.version->body.size()));
      x.Leaf("StorageClass", "STANDARD");
    }
    x.Open("Owner").Leaf("ID", std::string(64, 'a')).Leaf("DisplayName", "sandbox").Close();
    x.Close();
  }
  for (const auto& p : prefixes) x.Open("CommonPrefixes").Leaf("Prefix", enc(p)).Close();
  x.Close();
  SandboxResponse resp;
  resp.content_type = "application/xml";
  resp.body = x.str();
  resp.AddHeader("x-amz-request-id", r.request_id);
  return resp;
}

}  // namespace causeway::sandbox
