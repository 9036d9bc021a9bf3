// State file serialisation: stable JSON output (sorted keys, 2-space indent, resources sorted by
// address), strict parsing into State with Corruption on anything malformed, NewLineage(), and the
// per-version upgrade table.
#include "reconciler/state/state_json.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "reconciler/core/json_reader.h"
#include "reconciler/core/json_writer.h"
#include "reconciler/state/state_upgrade.h"

namespace causeway {

namespace {

Status Bad(const std::string& what) { return Status::Corruption("state: " + what); }

using simdjson::dom::element;
using simdjson::dom::element_type;

// The string `e`, or Corruption naming `where` and `key`.
Status ReadString(element e, const std::string& where, std::string_view key, std::string* out) {
  std::string_view text;
  if (e.get_string().get(text) != simdjson::SUCCESS) {
    return Bad(where + ": \"" + std::string(key) + "\" must be a string");
  }
  out->assign(text);
  return Status::Ok();
}

Status ReadObject(element e, const std::string& where, std::string_view key, Value* out) {
  if (e.type() != element_type::OBJECT) {
    return Bad(where + ": \"" + std::string(key) + "\" must be an object");
  }
  *out = ValueFromJson(e);
  return Status::Ok();
}

// How many arrays and objects deep `v` nests, found without recursion (`v` may come from
// Value::parse, which reads any depth).
size_t NestingDepth(const Value& v) {
  size_t deepest = 0;
  std::vector<std::pair<const Value*, size_t>> pending = {{&v, 1}};
  while (!pending.empty()) {
    auto [value, depth] = pending.back();
    pending.pop_back();
    if (!value->is_structured()) continue;
    deepest = std::max(deepest, depth);
    for (const auto& child : *value) pending.emplace_back(&child, depth + 1);
  }
  return deepest;
}

// One entry of "resources", read field by field from the DOM (one pass over its members; of
// duplicate members the last wins, as with Value::parse).
Result<ResourceState> ParseResource(element r, size_t index) {
  std::string where = "resources[" + std::to_string(index) + "]";
  simdjson::dom::object fields;
  if (r.get_object().get(fields) != simdjson::SUCCESS) return Bad(where + " must be an object");
  std::optional<element> address, kind, name, id, attributes, outputs, dependencies, hashes;
  const std::pair<std::string_view, std::optional<element>*> slots[] = {
      {"address", &address},
      {"kind", &kind},
      {"name", &name},
      {"id", &id},
      {"attributes", &attributes},
      {"outputs", &outputs},
      {"dependencies", &dependencies},
      {"sensitive_hashes", &hashes}};
  for (simdjson::dom::key_value_pair f : fields) {
    for (const auto& [key, slot] : slots) {
      if (f.key == key) {
        *slot = f.value;
        break;
      }
    }
  }
  auto require = [&where](const std::optional<element>& e, const char* key) {
    return e.has_value() ? Status::Ok() : Bad(where + ": missing \"" + key + "\"");
  };
  ResourceState rs;
  std::string addr;
  CW_RETURN_IF_ERROR(require(address, "address"));
  CW_RETURN_IF_ERROR(ReadString(*address, where, "address", &addr));
  where = "resource " + addr;
  CW_RETURN_IF_ERROR(require(kind, "kind"));
  CW_RETURN_IF_ERROR(ReadString(*kind, where, "kind", &rs.address.kind));
  CW_RETURN_IF_ERROR(require(name, "name"));
  CW_RETURN_IF_ERROR(ReadString(*name, where, "name", &rs.address.name));
  if (rs.address.kind.empty() || rs.address.name.empty() || rs.address.str() != addr) {
    return Bad(where + ": kind \"" + rs.address.kind + "\" and name \"" + rs.address.name +
               "\" do not match the address");
  }
  CW_RETURN_IF_ERROR(require(id, "id"));
  CW_RETURN_IF_ERROR(ReadString(*id, where, "id", &rs.id));
  rs.attributes = Value::object();
  if (attributes) CW_RETURN_IF_ERROR(ReadObject(*attributes, where, "attributes", &rs.attributes));
  rs.outputs = Value::object();
  if (outputs) CW_RETURN_IF_ERROR(ReadObject(*outputs, where, "outputs", &rs.outputs));
  if (dependencies) {
    simdjson::dom::array deps;
    if (dependencies->get_array().get(deps) != simdjson::SUCCESS) {
      return Bad(where + ": \"dependencies\" must be an array");
    }
    rs.dependencies.reserve(deps.size());
    for (element d : deps) {
      std::string_view dep;
      if (d.get_string().get(dep) != simdjson::SUCCESS) {
        return Bad(where + ": dependencies must be strings");
      }
      rs.dependencies.emplace_back(dep);
    }
  }
  if (hashes) {
    simdjson::dom::object h;
    if (hashes->get_object().get(h) != simdjson::SUCCESS) {
      return Bad(where + ": \"sensitive_hashes\" must be an object");
    }
    for (simdjson::dom::key_value_pair f : h) {
      std::string_view v;
      if (f.value.get_string().get(v) != simdjson::SUCCESS) {
        return Bad(where + ": sensitive_hashes values must be strings");
      }
      rs.sensitive_hashes[std::string(f.key)] = std::string(v);
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
  // speed): keys sorted at every level, resources sorted by address, one resource per line in
  // compact JSON (the layout state_json.h describes). Invalid UTF-8 cannot be stored as JSON
  // text; it is replaced rather than throwing.
  std::string out;
  out.reserve(256 + state.resources.size() * 320);
  JsonWriter json(&out, -1);
  const Value empty = Value::object();
  // `"k":` inside a resource's line, after a comma unless it is the line's first member.
  auto member = [&out](const char* k) {
    if (out.back() != '{') out += ',';
    out += '"';
    out += k;
    out += "\":";
  };
  out += "{\n  \"format_version\": " + std::to_string(kStateFormatVersion) + ",\n  \"lineage\": ";
  json.WriteString(state.lineage);
  out += ",\n  \"resources\": ";
  if (state.resources.empty()) {
    out += "[]";
  } else {
    out += "[\n";
    bool first = true;
    for (const auto& [address, rs] : state.resources) {  // std::map: sorted by address
      if (!first) out += ",\n";
      first = false;
      out += "    {";
      member("address");
      json.WriteString(rs.address.str());
      member("attributes");
      json.Write(rs.attributes.is_null() ? empty : rs.attributes);
      member("dependencies");
      out += '[';
      for (size_t i = 0; i < rs.dependencies.size(); ++i) {
        if (i > 0) out += ',';
        json.WriteString(rs.dependencies[i]);
      }
      out += ']';
      member("id");
      json.WriteString(rs.id);
      member("kind");
      json.WriteString(rs.address.kind);
      member("name");
      json.WriteString(rs.address.name);
      member("outputs");
      json.Write(rs.outputs.is_null() ? empty : rs.outputs);
      member("sensitive_hashes");
      out += '{';
      bool first_hash = true;
      for (const auto& [k, h] : rs.sensitive_hashes) {
        if (!first_hash) out += ',';
        first_hash = false;
        json.WriteString(k);
        out += ':';
        json.WriteString(h);
      }
      out += "}}";
    }
    out += "\n  ]";
  }
  out += ",\n  \"serial\": " + std::to_string(state.serial) + "\n}\n";
  return out;
}

Result<State> StateFromJson(const std::string& text) {
  // Read through simdjson's DOM (json_reader.h says why). Two kinds of text take a detour
  // through a Value and are read again as the JSON that Value writes: text that only nlohmann
  // accepts (an integer beyond 64 bits, read as a float; nlohmann also words the error for text
  // neither accepts, with its position), and a document of an older format version, which the
  // upgrade functions rewrite as a Value.
  simdjson::dom::parser parser;
  element root;
  std::string rewritten;
  auto reparse = [&](const Value& doc) {
    rewritten = doc.dump(-1, ' ', false, Value::error_handler_t::replace);
    simdjson::error_code error = parser.parse(rewritten).get(root);
    return error == simdjson::SUCCESS
               ? Status::Ok()
               : Bad(std::string("unreadable: ") + simdjson::error_message(error));
  };
  if (parser.parse(text).get(root) != simdjson::SUCCESS) {
    auto parsed = ParseJson(text);
    if (!parsed.ok()) return Bad("not valid JSON: " + parsed.status().message());
    // Refused before writing it out again: writing recurses once per level.
    if (NestingDepth(*parsed) > simdjson::DEFAULT_MAX_DEPTH) {
      return Bad("nested too deep (more than " + std::to_string(simdjson::DEFAULT_MAX_DEPTH) +
                 " levels)");
    }
    CW_RETURN_IF_ERROR(reparse(*parsed));
  }
  if (root.type() != element_type::OBJECT) return Bad("top level must be a JSON object");
  int64_t version = 0;
  if (root["format_version"].get_int64().get(version) != simdjson::SUCCESS ||
      version != kStateFormatVersion) {
    Value doc = ValueFromJson(root);
    CW_RETURN_IF_ERROR(UpgradeStateDocument(doc, kStateFormatVersion, DefaultStateUpgrades()));
    CW_RETURN_IF_ERROR(reparse(doc));
  }

  State state;
  state.format_version = kStateFormatVersion;
  element lineage, resources;
  if (root["lineage"].get(lineage) != simdjson::SUCCESS) {
    return Bad("top level: missing \"lineage\"");
  }
  CW_RETURN_IF_ERROR(ReadString(lineage, "top level", "lineage", &state.lineage));
  // get_uint64 refuses floats, negative integers and anything that is not a number.
  if (root["serial"].get_uint64().get(state.serial) != simdjson::SUCCESS) {
    return Bad("\"serial\" must be a non-negative integer");
  }
  if (root["resources"].get(resources) != simdjson::SUCCESS) return state;
  simdjson::dom::array list;
  if (resources.get_array().get(list) != simdjson::SUCCESS) {
    return Bad("\"resources\" must be an array");
  }
  size_t i = 0;
  for (element r : list) {
    CW_ASSIGN_OR_RETURN(ResourceState rs, ParseResource(r, i++));
    std::string key = rs.address.str();
    // Written sorted by address, so each entry normally goes at the end: hint it there.
    // try_emplace leaves `key` alone when the address is already taken.
    size_t before = state.resources.size();
    state.resources.try_emplace(state.resources.end(), std::move(key), std::move(rs));
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
