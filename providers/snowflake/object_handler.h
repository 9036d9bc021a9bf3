// ObjectHandler: one handler for every Snowflake object that SHOW lists with its settings and
// that CREATE ... IF NOT EXISTS / ALTER / DROP ... IF EXISTS manage (databases, schemas,
// warehouses, roles, users; schema-level objects such as file formats and stages too). A kind
// gives an ObjectSpec: its attribute table, its SQL keyword and SHOW plural, its level (account,
// database or schema), how a SHOW row reads into attributes, and the
// CREATE and ALTER statements for a set of attributes.
// Shared rules: names follow Snowflake's identifier rules (sql_text.h) and read back in the form
// a manifest writes them; attributes the manifest leaves out and that have no default are not
// managed (Snowflake fills them in); create adopts an existing object (IF NOT EXISTS, then ALTER
// to the manifest); delete of a missing object succeeds. With a StatementBatcher in the context,
// a create is first tried as a plain CREATE through it, so that the creates of one apply wave
// share multi-statement requests and need no SHOW after; "already exists" falls back to adoption.
// Bulk observe: one paged SHOW <plural> per container (the account, IN DATABASE "D" or IN SCHEMA
// "D"."S"), containers read ctx.threads at a time; per-resource: SHOW <plural> LIKE '<name>' per
// object, as Terraform's provider reads them. List: one SHOW per container, or, with `observed:
// true` in its scope, the rows the last bulk observe kept (ObjectSpec::remember_listing).
// Thread-safety: stateless; the spec is immutable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "providers/snowflake/kind_handler.h"

namespace causeway::snowflake {

struct ObjectSpec {
  std::string kind;
  std::string description;
  const kit::AttributeTable* table = nullptr;
  std::string keyword;  // "DATABASE"
  std::string plural;   // "DATABASES"
  // Where the object lives: 0 the account; 1 a database (attribute "database"); 2 a schema
  // ("database" and "schema"). The SHOW of a container is IN DATABASE / IN SCHEMA.
  int level = 0;
  // SHOW <plural> takes LIMIT n FROM '..' (SHOW WAREHOUSES does not: it is read in one).
  bool paged = true;
  bool holds_data = false;
  // Inputs and outputs from row `row` of a SHOW (the name attributes are set by the handler).
  std::function<Status(const RowSet& rows, size_t row, Value* attrs, Value* outputs)> read;
  // CREATE <keyword> IF NOT EXISTS <qname> ... for `attrs` (defaults applied).
  std::function<std::string(const std::string& qname, const Value& attrs)> create;
  // The ALTER statements that change the attributes `changed` to their values in `after`.
  std::function<std::vector<std::string>(
      const std::string& qname, const std::vector<std::string>& changed, const Value& after)>
      alter;
  // Optional: reads what SHOW lacks (a user's key fingerprint through DESC USER) into `attrs`;
  // called only for objects whose `given` attributes need it.
  std::function<bool(const Value& given, const Value& attrs)> needs_describe;
  std::function<Status(SnowflakeContext& ctx, const std::string& qname, Value* attrs)> describe;
  // Optional: drops from `attrs` what the manifest (`given`) does not manage inside a value,
  // e.g. the file format options Snowflake fills in that the manifest does not name.
  std::function<void(const Value& given, Value* attrs)> trim;
  // Inputs Snowflake chooses when the manifest leaves them out (an integration's external id):
  // always kept in the observed attributes and copied to the outputs, for references to read.
  std::vector<std::string> chosen_by_snowflake;
  // Optional, in place of `alter` when a change depends on the old value too (a table's columns):
  // the ALTER statements from `before` (live) to `after`, or why it cannot be done in place.
  std::function<Result<std::vector<std::string>>(const std::string& qname,
                                                 const std::vector<std::string>& changed,
                                                 const Value& before, const Value& after)>
      alter_between;
  // Optional: a second SHOW read once per container beside the objects' (SHOW COLUMNS IN SCHEMA
  // gives every table's columns), its rows matched to objects by `companion_key` ("table_name").
  // Per resource: SHOW <companion> IN <keyword> <qname>. Not paged (SHOW COLUMNS has no cursor).
  std::string companion;
  std::string companion_key;
  std::function<Status(const RowSet& rows, const std::vector<size_t>& mine, Value* attrs)>
      read_companion;
  // Keep what a bulk observe reads per container in ctx.listings, for a list() whose scope says
  // `observed: true` (security drift's listing of a managed schema) to take instead of reading
  // it again.
  bool remember_listing = false;
  // Text of the plan's refusal to delete or replace an object of a kind that holds data, when
  // "holds data" is not the reason (KindSchema::destroy_note).
  std::string destroy_note;
};

std::unique_ptr<KindHandler> NewObjectHandler(ObjectSpec spec);

}  // namespace causeway::snowflake
