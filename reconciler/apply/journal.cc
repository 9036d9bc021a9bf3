// Journal: JSON-lines write-ahead log of an apply. Each record is one line, appended and fsync'd
// through FileSystem::AppendSynced (mode 0600). Reading tolerates a torn last line.
#include "reconciler/apply/journal.h"

#include <utility>

namespace causeway {

namespace {

Value ToJson(const JournalRecord& r) {
  Value j = Value::object();
  j["type"] = r.type;
  j["seq"] = r.seq;
  j["address"] = r.address.kind.empty() ? std::string() : r.address.str();
  if (!r.action.empty()) j["action"] = r.action;
  if (!r.id.empty()) j["id"] = r.id;
  if (!r.attributes.is_null()) j["attributes"] = r.attributes;
  if (!r.outputs.is_null()) j["outputs"] = r.outputs;
  if (!r.undo.is_null()) j["undo"] = r.undo;
  if (!r.message.empty()) j["message"] = r.message;
  if (r.dependencies) j["dependencies"] = *r.dependencies;
  if (!r.sensitive_hashes.empty()) j["sensitive_hashes"] = r.sensitive_hashes;
  return j;
}

std::string Str(const Value& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Value Field(const Value& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() ? *it : Value();
}

// Parses one line; false if it is not a journal record.
bool FromLine(const std::string& line, JournalRecord* out) {
  Value j = Value::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return false;
  out->type = Str(j, "type");
  if (out->type.empty()) return false;
  auto seq = j.find("seq");
  out->seq = seq != j.end() && seq->is_number_unsigned() ? seq->get<uint64_t>() : 0;
  std::string address = Str(j, "address");
  if (!address.empty()) {
    auto parsed = Address::Parse(address);
    if (!parsed) return false;
    out->address = *parsed;
  }
  out->action = Str(j, "action");
  out->id = Str(j, "id");
  out->attributes = Field(j, "attributes");
  out->outputs = Field(j, "outputs");
  out->undo = Field(j, "undo");
  out->message = Str(j, "message");
  if (auto deps = j.find("dependencies"); deps != j.end()) {
    if (!deps->is_array()) return false;
    std::vector<std::string> list;
    for (const auto& d : *deps) {
      if (!d.is_string()) return false;
      list.push_back(d.get<std::string>());
    }
    out->dependencies = std::move(list);
  }
  if (auto hashes = j.find("sensitive_hashes"); hashes != j.end()) {
    if (!hashes->is_object()) return false;
    for (auto it = hashes->begin(); it != hashes->end(); ++it) {
      if (!it.value().is_string()) return false;
      out->sensitive_hashes[it.key()] = it.value().get<std::string>();
    }
  }
  return true;
}

}  // namespace

Journal::Journal(std::string path, FileSystem* fs) : path_(std::move(path)), fs_(fs) {}

Status Journal::Append(const JournalRecord& record) {
  std::string line;
  try {
    line = ToJson(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  } catch (const std::exception& e) {
    return Status::Internal(std::string("journal record cannot be serialised: ") + e.what());
  }
  std::lock_guard<std::mutex> l(mu_);
  Status s = fs_->AppendSynced(path_, line, 0600);
  if (!s.ok()) return s.WithContext("journal " + path_);
  return Status::Ok();
}

Result<std::vector<JournalRecord>> Journal::Read(const std::string& path, FileSystem* fs) {
  auto data = fs->ReadFile(path);
  if (!data.ok()) return data.status();
  const std::string& text = *data;
  std::vector<JournalRecord> out;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    bool terminated = nl != std::string::npos;
    std::string line = text.substr(pos, terminated ? nl - pos : std::string::npos);
    pos = terminated ? nl + 1 : text.size();
    ++line_no;
    if (line.empty()) continue;
    JournalRecord r;
    if (FromLine(line, &r)) {
      out.push_back(std::move(r));
      continue;
    }
    // A crash while appending leaves a partial final line: everything before it is intact.
    if (!terminated || pos >= text.size()) break;
    return Status::Corruption("journal " + path + ": line " + std::to_string(line_no) +
                              " is not a journal record");
  }
  return out;
}

bool Journal::Exists(const std::string& path, FileSystem* fs) { return fs->Exists(path); }

Status Journal::Remove() {
  std::lock_guard<std::mutex> l(mu_);
  return fs_->Remove(path_);
}

}  // namespace causeway
