// AttributeTable: a kind's attributes declared once, one row per attribute, and everything that
// derives from them: the schema the engine validates and diffs with, the defaults, the read-back
// of a reply into attributes and outputs, the create body, and "what changed -> which update
// call, with which body". A kind's handler keeps only what is particular to its cloud (how to
// call it, how to find an object, what to do when it already exists).
//
//   static const AttributeTable kTable({
//       Attribute("name").Required().ForceNew().Check(Name()).Wire("Name"),
//       Attribute("description").Default("").Wire("Description")
//           .Update("UpdateWorkGroup", "Description"),
//       Attribute("output_location").Default("")
//           .Wire("Configuration/ResultConfiguration/OutputLocation")
//           .Update("UpdateWorkGroup",
//                   "ConfigurationUpdates/ResultConfigurationUpdates/OutputLocation",
//                   /*clear=*/"ConfigurationUpdates/ResultConfigurationUpdates/RemoveOutputLocation"),
//       Attribute("arn").Computed(),
//   });
//
// Wire paths are '/'-separated member names (reply_reader.h). An attribute with a wire path is
// read from the reply there (through ReplyReader: null is absent, a wrong type is an error) and
// written there in the create body; ReadFrom/WriteTo set the two sides apart. A value equal to
// an empty default ("", {}, []) or null is left out of bodies unless KeepEmpty() is set, since
// clouds take an absent member as "none". Convert() maps between the manifest's form and the
// wire's (a tag map and a [{Key, Value}] list).
// Thread-safety: immutable once built; share freely.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/kit/reply_reader.h"
#include "providers/schema.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway::kit {

// Manifest form -> wire form, and back (the latter may fail on a malformed reply).
using ToWire = std::function<Value(const Value&)>;
using FromWire = std::function<Result<Value>(const Value&)>;

class Attribute {
 public:
  explicit Attribute(std::string name, AttrType type = AttrType::kString);

  // Schema.
  Attribute& Required();
  Attribute& Computed();  // an output: read back, never set by the manifest
  Attribute& Sensitive();
  Attribute& ForceNew();  // a change replaces the object
  Attribute& UpdatableAfterCreate(Value bootstrap);
  Attribute& Default(Value v);
  Attribute& Check(ValueCheck check);
  Attribute& Normalize(Normalizer normalize);
  Attribute& Describe(std::string description);
  Attribute& Fields(const std::vector<Attribute>& fields);  // items of a list / an object

  // Wire.
  Attribute& Wire(std::string path);      // read from and written to `path`
  Attribute& ReadFrom(std::string path);  // read from `path` ("" : not read back)
  Attribute& WriteTo(std::string path);   // written to `path` on create ("" : not sent)
  // A from_wire failure is reported at the member's place in the reply; a message that starts
  // with '[' or '.' continues its path ("[2].Name: expected a string, got an integer").
  Attribute& Convert(ToWire to_wire, FromWire from_wire);
  Attribute& KeepEmpty();  // send "" / {} / [] rather than leaving the member out
  // Changed in place by `call`, the value at `path` of its body (default: the write path). When
  // the new value is empty and `clear_path` is given, `clear_path` is set to true instead (Athena's
  // RemoveOutputLocation). Without Update(), a change of an attribute that is not ForceNew is
  // the handler's to carry out (the call list names it with an empty call).
  Attribute& Update(std::string call, std::string path = "", std::string clear_path = "");

  const AttributeSchema& schema() const { return schema_; }
  const std::string& name() const { return schema_.name; }
  const std::string& read_path() const { return read_; }
  const std::string& write_path() const { return write_; }
  const std::string& update_call() const { return update_call_; }
  const std::string& update_path() const { return update_path_.empty() ? write_ : update_path_; }
  const std::string& clear_path() const { return clear_path_; }
  bool keep_empty() const { return keep_empty_; }
  const ToWire& to_wire() const { return to_wire_; }
  const FromWire& from_wire() const { return from_wire_; }

 private:
  AttributeSchema schema_;
  std::string read_, write_, update_call_, update_path_, clear_path_;
  bool keep_empty_ = false;
  ToWire to_wire_;
  FromWire from_wire_;
};

// One update call and its body, in the order the table first names the call.
struct UpdateCall {
  std::string call;  // "" for changes the handler carries out itself
  Value body = Value::object();
  std::vector<std::string> attributes;  // the changed attributes it carries
};

class AttributeTable {
 public:
  explicit AttributeTable(std::vector<Attribute> rows);

  const std::vector<Attribute>& rows() const { return rows_; }
  const Attribute* Find(const std::string& name) const;

  // The schema of the kind: every row's AttributeSchema; the caller sets holds_data, notes...
  KindSchema Schema(std::string kind, std::string description,
                    std::vector<std::string> natural_key = {}) const;

  // `attrs` (an object) with every missing or null input set to its default.
  Value WithDefaults(const Value& attrs) const;
  // The inputs of `attrs` with defaults: what a create or update leaves in place.
  Value Settled(const Value& attrs) const;

  // Reads every row with a read path from `reply`: inputs into `attributes`, computed rows into
  // `outputs`. An absent member reads as the row's default (null without one). A wrong type is
  // an error naming the reply and the field.
  Status Read(const ReplyReader& reply, Value* attributes, Value* outputs) const;

  // The create body: every input with a write path, defaults applied, empty values left out.
  Value CreateBody(const Value& attrs) const;
  // The body of a call that replaces the whole object (Glue's UpdateDatabase with a full
  // DatabaseInput): the same as CreateBody.
  Value FullBody(const Value& attrs) const { return CreateBody(attrs); }

  // Inputs whose values differ between `before` and `after` once defaults and normalisers are
  // applied, in table order.
  std::vector<std::string> Changed(const Value& before, const Value& after) const;
  // The update calls that move `before` to `after`: the changed inputs plus those in `also`
  // (the engine's list), grouped by call. ForceNew inputs are not included (the engine replaces).
  std::vector<UpdateCall> Updates(const Value& before, const Value& after,
                                  const std::vector<std::string>& also = {}) const;

 private:
  std::vector<Attribute> rows_;
};

// attrs[name] when it is a string ("" otherwise), when it is a boolean (false otherwise).
std::string StringAttr(const Value& attrs, const std::string& name);
bool BoolAttr(const Value& attrs, const std::string& name);
// `id` when known, else the string attribute `key` (the natural key of a one-attribute kind).
std::string IdOr(const std::string& id, const Value& attrs, const std::string& key);

// Sets `v` at `path` in `object`, creating the objects on the way.
void SetPath(Value* object, const std::string& path, Value v);
// True for null, "", {} and [].
bool IsEmptyValue(const Value& v);

}  // namespace causeway::kit
