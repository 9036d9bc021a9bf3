// State file serialisation: stable JSON output (sorted keys, 2-space indent, resources sorted by
// address), strict parsing into State with Corruption on anything malformed, NewLineage(), and the
// per-version upgrade table.
#include "reconciler/state/state_json.h"

#include <openssl/rand.h>

#include <cstdio>
#include <random>

#include "reconciler/core/json_writer.h"
#include "reconciler/state/state_upgrade.h"

namespace causeway {

namespace {

Status Bad(const std::string& what) { return Status::Corruption("state: " + what); }

// Moves `doc[key]`, a string, into `out`; Corruption naming `where` otherwise.
Status TakeString(Value& obj, const char* key, const std::string& where, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end()) return Bad(where + ": missing \"" + key + "\"");
  if (!it->is_string()) return Bad(where + ": \"" + key + "\" must be a string");
  *out = std::move(it->get_ref<std::string&>());
  return Status::Ok();
}

// Moves `obj[key]` (an object, or absent: {}) into `out`.
Status TakeObject(Value& obj, const char* key, const std::string& where, Value* out) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    *out = Value::object();
    return Status::Ok();
  }
  if (!it->is_object()) return Bad(where + ": \"" + key + "\" must be an object");
  *out = std::move(*it);
  return Status::Ok();
}

Result<ResourceState> ParseResource(Value& r, size_t index) {
  std::string where = "resources[" + std::to_string(index) + "]";
  if (!r.is_object()) return Bad(where + " must be an object");
  ResourceState rs;
  std::string address;
  CW_RETURN_IF_ERROR(TakeString(r, "address", where, &address));
  where = "resource " + address;
  CW_RETURN_IF_ERROR(TakeString(r, "kind", where, &rs.address.kind));
  CW_RETURN_IF_ERROR(TakeString(r, "name", where, &rs.address.name));
  if (rs.address.kind.empty() || rs.address.name.empty() || rs.address.str() != address) {
    return Bad(where + ": kind \"" + rs.address.kind + "\" and name \"" + rs.address.name +
               "\" do not match the address");
  }
  CW_RETURN_IF_ERROR(TakeString(r, "id", where, &rs.id));
  CW_RETURN_IF_ERROR(TakeObject(r, "attributes", where, &rs.attributes));
  CW_RETURN_IF_ERROR(TakeObject(r, "outputs", where, &rs.outputs));
  if (auto it = r.find("dependencies"); it != r.end()) {
    if (!it->is_array()) return Bad(where + ": \"dependencies\" must be an array");
    rs.dependencies.reserve(it->size());
    for (auto& d : *it) {
      if (!d.is_string()) return Bad(where + ": dependencies must be strings");
      rs.dependencies.push_back(std::move(d.get_ref<std::string&>()));
    }
  }
  if (auto it = r.find("sensitive_hashes"); it != r.end()) {
    if (!it->is_object()) return Bad(where + ": \"sensitive_hashes\" must be an object");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) return Bad(where + ": sensitive_hashes values must be strings");
      rs.sensitive_hashes[k] = v.get<std::string>();
    }
  }
  return rs;
}

}  // namespace

const StateUpgradeTable& DefaultStateUpgrades() {
  // One entry per old format version, e.g. {1, &UpgradeV1ToV2} once version 2 exists.
  static const StateUpgradeTable table;
  return table;
}

Status UpgradeStateDocument(Value& doc, int target, const StateUpgradeTable& table) {
  auto it = doc.find("format_version");
  if (it == doc.end()) return Bad("missing \"format_version\"");
  if (!it->is_number_integer()) return Bad("\"format_version\" must be an integer");
  int64_t version = it->get<int64_t>();
  if (version < 1) return Bad("invalid format_version " + std::to_string(version));
  if (version > target) {
    return Bad("format_version " + std::to_string(version) +
               " is newer than this causeway supports (" + std::to_string(target) +
               "); upgrade causeway to read it");
  }
  while (version < target) {
    auto fn = table.find(static_cast<int>(version));
    if (fn == table.end() || fn->second == nullptr) {
      return Bad("no upgrade from format_version " + std::to_string(version));
    }
    CW_RETURN_IF_ERROR(fn->second(doc));
    auto v = doc.find("format_version");
    if (v == doc.end() || !v->is_number_integer() || v->get<int64_t>() != version + 1) {
      return Bad("upgrade from format_version " + std::to_string(version) +
                 " did not produce version " + std::to_string(version + 1));
    }
    ++version;
  }
  return Status::Ok();
}

std::string StateToJson(const State& state) {
  // Written directly (no intermediate document, no copies of attribute values; JsonWriter for
  // speed) in exactly the layout of Value::dump(2): keys sorted at every level, resources sorted by
  // address. Invalid UTF-8 cannot be stored as JSON text; it is replaced rather than throwing.
  std::string out;
  out.reserve(256 + state.resources.size() * 512);
  JsonWriter json(&out, 2);
  auto value = [&json](const Value& v, int indent) { json.Write(v, indent); };
  auto key = [&out](const char* k, unsigned indent) {
    out.append(indent, ' ');
    out += '"';
    out += k;
    out += "\": ";
  };
  const Value empty = Value::object();
  out += "{\n";
  key("format_version", 2);
  out += std::to_string(kStateFormatVersion) + ",\n";
  key("lineage", 2);
  json.WriteString(state.lineage);
  out += ",\n";
  key("resources", 2);
  if (state.resources.empty()) {
    out += "[]";
  } else {
    out += "[\n";
    bool first = true;
    for (const auto& [address, rs] : state.resources) {  // std::map: sorted by address
      if (!first) out += ",\n";
      first = false;
      out += "    {\n";
      key("address", 6);
      json.WriteString(rs.address.str());
      out += ",\n";
      key("attributes", 6);
      value(rs.attributes.is_null() ? empty : rs.attributes, 6);
      out += ",\n";
      key("dependencies", 6);
      if (rs.dependencies.empty()) {
        out += "[]";
      } else {
        out += "[\n";
        for (size_t i = 0; i < rs.dependencies.size(); ++i) {
          out.append(8, ' ');
          json.WriteString(rs.dependencies[i]);
          out += i + 1 < rs.dependencies.size() ? ",\n" : "\n";
        }
        out += "      ]";
      }
      out += ",\n";
      key("id", 6);
      json.WriteString(rs.id);
      out += ",\n";
      key("kind", 6);
      json.WriteString(rs.address.kind);
      out += ",\n";
      key("name", 6);
      json.WriteString(rs.address.name);
      out += ",\n";
      key("outputs", 6);
      value(rs.outputs.is_null() ? empty : rs.outputs, 6);
      out += ",\n";
      key("sensitive_hashes", 6);
      if (rs.sensitive_hashes.empty()) {
        out += "{}";
      } else {
        out += "{\n";
        size_t i = 0;
        for (const auto& [k, h] : rs.sensitive_hashes) {
          out.append(8, ' ');
          json.WriteString(k);
          out += ": ";
          json.WriteString(h);
          out += ++i < rs.sensitive_hashes.size() ? ",\n" : "\n";
        }
        out += "      }";
      }
      out += "\n    }";
    }
    out += "\n  ]";
  }
  out += ",\n";
  key("serial", 2);
  out += std::to_string(state.serial) + "\n}\n";
  return out;
}

Result<State> StateFromJson(const std::string& text) {
  Value doc;
  try {
    doc = Value::parse(text);
  } catch (const Value::parse_error& e) {
    return Bad(std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) return Bad("top level must be a JSON object");
  CW_RETURN_IF_ERROR(UpgradeStateDocument(doc, kStateFormatVersion, DefaultStateUpgrades()));

  State state;
  state.format_version = kStateFormatVersion;
  CW_RETURN_IF_ERROR(TakeString(doc, "lineage", "top level", &state.lineage));
  auto serial = doc.find("serial");
  if (serial == doc.end() || !serial->is_number_unsigned()) {
    // nlohmann stores non-negative integers parsed from text as unsigned.
    return Bad("\"serial\" must be a non-negative integer");
  }
  state.serial = serial->get<uint64_t>();
  auto resources = doc.find("resources");
  if (resources == doc.end()) return state;
  if (!resources->is_array()) return Bad("\"resources\" must be an array");
  for (size_t i = 0; i < resources->size(); ++i) {
    CW_ASSIGN_OR_RETURN(ResourceState rs, ParseResource((*resources)[i], i));
    std::string key = rs.address.str();
    // Written sorted by address, so each entry normally goes at the end: hint it there.
    size_t before = state.resources.size();
    state.resources.emplace_hint(state.resources.end(), key, std::move(rs));
    if (state.resources.size() == before) return Bad("resource " + key + " appears twice");
  }
  return state;
}

std::string NewLineage() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof(b)) != 1) {
    std::random_device rd;
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  b[6] = (b[6] & 0x0f) | 0x40;  // version 4
  b[8] = (b[8] & 0x3f) | 0x80;  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof(out),
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

}  // namespace causeway
