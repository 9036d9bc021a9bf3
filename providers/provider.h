// The provider contract: the only thing the engine knows about a cloud. Narrow and bulk-oriented,
// after Crossplane's Observe/Create/Update/Delete and Terraform's request/response structs.
//
// Rules every provider follows:
//  - observe() never mutates. It gets a whole batch and reads it in as few requests as it can
//    (one list per container and kind). A missing object is an Observation with exists=false, not
//    an error. An item may have an empty id: the provider then locates it by its natural key in
//    `attributes` (e.g. role_name), which is how crash recovery finds what it may have created.
//  - create() of something that already exists with the same natural key adopts it (returns its
//    id) rather than failing; remove() of something missing succeeds. Every call is idempotent.
//  - Calls may come from several threads at once (apply runs steps in parallel): implementations
//    are thread-safe.
//  - Secrets never appear in returned attributes or error messages.
//  - A provider never walks the dependency graph and never sees other providers' resources.
#pragma once

#include <string>
#include <vector>

#include "providers/provider_log.h"
#include "providers/schema.h"
#include "providers/undeclared.h"
#include "reconciler/core/address.h"
#include "reconciler/core/status.h"
#include "reconciler/core/value.h"

namespace causeway {

// What an ObserveItem knows of a resource's attributes: a Value of its own, or a read-only view
// of one that outlives the observe() call. Refresh passes every state entry's attributes as a
// view, so that a plan does not copy the whole state (tens of MB at 100k resources) only to
// have providers read a few natural-key fields. Reads as a `const Value&`.
class ItemAttributes {
 public:
  ItemAttributes() = default;                                // an empty object
  ItemAttributes(Value owned) : owned_(std::move(owned)) {}  // NOLINT: implicit, like a Value
  static ItemAttributes View(const Value& outlives_the_call) {
    ItemAttributes a;
    a.view_ = &outlives_the_call;
    return a;
  }

  const Value& get() const { return view_ != nullptr ? *view_ : owned_; }
  operator const Value&() const { return get(); }  // NOLINT: reads as the Value it holds

 private:
  Value owned_ = Value::object();
  const Value* view_ = nullptr;
};

struct ObserveItem {
  Address address;
  std::string id;             // provider id from state; empty when unknown
  ItemAttributes attributes;  // last known or desired attributes (object), for natural-key lookup
};

struct Observation {
  Address address;
  bool exists = false;
  std::string id;
  Value attributes = Value::object();  // live input attributes (as the manifest would spell them)
  Value outputs = Value::object();     // live computed attributes
};

struct CreateRequest {
  Address address;
  Value attributes;  // fully resolved inputs (object); no unknowns
};

struct UpdateRequest {
  Address address;
  std::string id;
  Value before;                      // attributes as last observed
  Value after;                       // desired attributes, fully resolved
  std::vector<std::string> changed;  // attribute names that differ
};

struct DeleteRequest {
  Address address;
  std::string id;
  Value attributes;
};

struct ListRequest {
  std::string kind;
  Value scope = Value::object();  // provider-specific filter, e.g. {"database": "RAW"}
};

struct ResourceResult {
  std::string id;
  Value attributes = Value::object();
  Value outputs = Value::object();
};

class Provider {
 public:
  virtual ~Provider() = default;

  // The kind prefix this provider owns ("aws" owns "aws.iam.role").
  virtual std::string name() const = 0;
  virtual std::vector<KindSchema> schemas() const = 0;
  // The settings its providers.<name> block may hold, for validation at file:line:column. The
  // default (an empty `kind`) declares none, and the block is passed to configure() unchecked.
  virtual ProviderSettingsSchema settings_schema() const { return {}; }
  // Called once with the manifest's providers.<name> block before any other call.
  // InvalidArgument for a bad block; PermissionDenied for unusable credentials.
  virtual Status configure(const Value& config) = 0;
  // Observations in the same order as `items`.
  virtual Result<std::vector<Observation>> observe(const std::vector<ObserveItem>& items) = 0;
  virtual Result<ResourceResult> create(const CreateRequest& request) = 0;
  virtual Result<ResourceResult> update(const UpdateRequest& request) = 0;
  virtual Status remove(const DeleteRequest& request) = 0;
  // Existing objects of a kind within a scope, for import and export.
  virtual Result<std::vector<Observation>> list(const ListRequest& request) = 0;
  // How many of this provider's steps apply runs at once when the user has not chosen
  // (`--parallelism`); 0 leaves it to the engine's default. A provider that batches the requests
  // of concurrent steps (Snowflake's multi-statement requests) asks for more, since a batch can
  // hold no more statements than there are steps in flight.
  virtual int steps_in_flight() const { return 0; }
  // Security drift: what lives inside the containers among `managed` (every resource of this
  // provider in the manifests or the state, with its live attributes when it exists, else the
  // desired ones) that none of `managed` declares. Read-only; one list call per container, in
  // parallel. Findings name the container and how a manifest would declare them (undeclared.h).
  // The default reports nothing: a provider without containers, or one that has not learned yet.
  virtual Result<std::vector<Undeclared>> undeclared(const std::vector<ObserveItem>& managed) {
    (void)managed;
    return std::vector<Undeclared>{};
  }

  // Where progress messages go (set by the CLI before configure; never null).
  void set_log(ProviderLog* log) { log_ = log != nullptr ? log : NullProviderLog(); }
  ProviderLog& log() const { return *log_; }

 private:
  ProviderLog* log_ = NullProviderLog();
};

}  // namespace causeway
