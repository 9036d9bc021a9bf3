// The account's containers and principals: snowflake.database, snowflake.schema,
// snowflake.warehouse, snowflake.role and snowflake.user, each an ObjectSpec (object_handler.h).
// Values Snowflake spells its own way are normalised so that a re-plan is a no-op: names by the
// identifier rules, warehouse sizes ("X-Small" = XSMALL), a user's public key by its fingerprint
// (DESC USER shows RSA_PUBLIC_KEY_FP; the key itself is compared through it). A user never has a
// password: the kind has no such attribute.
#include <algorithm>
#include <charconv>

#include "providers/kit/normalizers.h"
#include "providers/kit/value_checks.h"
#include "providers/snowflake/object_handler.h"
#include "providers/snowflake/token_source.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Attribute NameAttr(const std::string& name, const std::string& what) {
  return Attribute(name)
      .Required()
      .ForceNew()
      .Normalize(IdentifierValue)
      .Describe(what + " (unquoted: folded to upper case; \"quoted\": exact)");
}
Attribute CommentAttr() { return Attribute("comment").Default("").Describe("Comment"); }
Attribute OwnerAttr() { return Attribute("owner").Computed().Describe("Role that owns it"); }

// attrs[name] as a whole number (`fallback` when absent or not a number; apply checks types
// before a provider is called, so this only keeps a bad value from throwing).
int64_t IntAttr(const Value& a, const std::string& name, int64_t fallback) {
  if (!a.is_object() || !a.contains(name)) return fallback;
  const Value& v = a[name];
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  return fallback;
}

// "COMMENT = '..'" or "" for an empty comment.
std::string CommentClause(const Value& a) {
  std::string c = kit::StringAttr(a, "comment");
  return c.empty() ? "" : " COMMENT = " + QuoteString(c);
}

// SET COMMENT / UNSET COMMENT.
std::string AlterComment(const std::string& keyword, const std::string& qname, const Value& a) {
  std::string c = kit::StringAttr(a, "comment");
  return "ALTER " + keyword + " " + qname +
         (c.empty() ? " UNSET COMMENT" : " SET COMMENT = " + QuoteString(c));
}

Result<Value> IntegerCell(const RowSet& rows, size_t r, const std::string& column) {
  auto cell = rows.Get(r, column);
  if (!cell || cell->empty() || *cell == "null") return Value();
  int64_t n = 0;
  auto [p, ec] = std::from_chars(cell->data(), cell->data() + cell->size(), n);
  if (ec != std::errc() || p != cell->data() + cell->size()) {
    return Status::ProviderError("SHOW column " + column + ": expected a whole number, got '" +
                                 *cell + "'");
  }
  return Value(n);
}

// Warehouse sizes as Snowflake's keywords: "X-Small" -> XSMALL, "2X-Large" -> XXLARGE.
Value WarehouseSize(const Value& v) {
  if (!v.is_string()) return v;
  std::string s;
  for (char c : Upper(v.get<std::string>())) {
    if (c != '-' && c != '_' && c != ' ') s += c;
  }
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"2XLARGE", "XXLARGE"}, {"3XLARGE", "XXXLARGE"}}) {
    if (s == from) s = to;
  }
  return s;
}

Value Fingerprint(const Value& v) {
  if (!v.is_string()) return v;
  const std::string s = v.get<std::string>();
  if (s.empty() || s.rfind("SHA256:", 0) == 0) return v;
  std::string fp = PublicKeyFingerprint(s);
  return fp.empty() ? v : Value(fp);
}

// --- snowflake.database -------------------------------------------------------------------

ObjectSpec DatabaseSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    NameAttr("name", "Database name"),
    CommentAttr(),
    Attribute("data_retention_time_in_days", AttrType::kInteger).Default(1)
        .Check(kit::IntegerBetween(0, 90)).Describe("Time Travel retention in days"),
    OwnerAttr(),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.database";
  s.description = "A Snowflake database";
  s.table = &table;
  s.keyword = "DATABASE";
  s.plural = "DATABASES";
  s.holds_data = true;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["comment"] = rows.Text(r, "comment");
    CW_ASSIGN_OR_RETURN(Value days, IntegerCell(rows, r, "retention_time"));
    if (!days.is_null()) (*a)["data_retention_time_in_days"] = days;
    (*out)["owner"] = rows.Text(r, "owner");
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE DATABASE IF NOT EXISTS " + q + CommentClause(a) +
           " DATA_RETENTION_TIME_IN_DAYS = " +
           std::to_string(IntAttr(a, "data_retention_time_in_days", 1));
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    if (Has(changed, "comment")) out.push_back(AlterComment("DATABASE", q, a));
    if (Has(changed, "data_retention_time_in_days")) {
      out.push_back("ALTER DATABASE " + q + " SET DATA_RETENTION_TIME_IN_DAYS = " +
                    std::to_string(IntAttr(a, "data_retention_time_in_days", 1)));
    }
    return out;
  };
  return s;
}

// --- snowflake.schema ---------------------------------------------------------------------

ObjectSpec SchemaSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    NameAttr("database", "Database of the schema"),
    NameAttr("name", "Schema name"),
    CommentAttr(),
    Attribute("managed_access", AttrType::kBool).Default(false)
        .Describe("Managed access: only the schema owner grants on its objects"),
    OwnerAttr(),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.schema";
  s.description = "A schema of a Snowflake database";
  s.table = &table;
  s.keyword = "SCHEMA";
  s.plural = "SCHEMAS";
  s.level = 1;
  s.holds_data = true;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["comment"] = rows.Text(r, "comment");
    (*a)["managed_access"] =
        Upper(rows.Text(r, "options")).find("MANAGED ACCESS") != std::string::npos;
    (*out)["owner"] = rows.Text(r, "owner");
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE SCHEMA IF NOT EXISTS " + q +
           (kit::BoolAttr(a, "managed_access") ? " WITH MANAGED ACCESS" : "") + CommentClause(a);
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    if (Has(changed, "comment")) out.push_back(AlterComment("SCHEMA", q, a));
    if (Has(changed, "managed_access")) {
      out.push_back("ALTER SCHEMA " + q +
                    (kit::BoolAttr(a, "managed_access") ? " ENABLE" : " DISABLE") +
                    " MANAGED ACCESS");
    }
    return out;
  };
  return s;
}

// --- snowflake.warehouse ------------------------------------------------------------------

ObjectSpec WarehouseSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    NameAttr("name", "Warehouse name"),
    Attribute("warehouse_size").Default("XSMALL").Normalize(WarehouseSize)
        .Check(kit::OneOfIgnoringCase({"XSMALL", "X-SMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE",
                                       "X-LARGE", "XXLARGE", "2X-LARGE", "XXXLARGE", "3X-LARGE",
                                       "X4LARGE", "4X-LARGE", "X5LARGE", "X6LARGE"}))
        .Describe("XSMALL, SMALL, MEDIUM, LARGE, XLARGE, ..."),
    Attribute("auto_suspend", AttrType::kInteger).Default(60)
        .Check(kit::IntegerBetween(0, 86400 * 365)).Describe("Seconds idle before it suspends"),
    Attribute("auto_resume", AttrType::kBool).Default(true).Describe("Resumes when a query comes"),
    Attribute("initially_suspended", AttrType::kBool).Default(true)
        .Describe("Created suspended (applies at creation only)"),
    CommentAttr(),
    Attribute("state").Computed().Describe("STARTED or SUSPENDED"),
    OwnerAttr(),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.warehouse";
  s.description = "A Snowflake virtual warehouse";
  s.table = &table;
  s.keyword = "WAREHOUSE";
  s.plural = "WAREHOUSES";
  s.paged = false;  // SHOW WAREHOUSES has no LIMIT ... FROM
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["warehouse_size"] = WarehouseSize(Value(rows.Text(r, "size")));
    CW_ASSIGN_OR_RETURN(Value suspend, IntegerCell(rows, r, "auto_suspend"));
    (*a)["auto_suspend"] = suspend.is_null() ? Value(0) : suspend;
    (*a)["auto_resume"] = rows.Flag(r, "auto_resume");
    (*a)["comment"] = rows.Text(r, "comment");
    (*out)["state"] = rows.Text(r, "state");
    (*out)["owner"] = rows.Text(r, "owner");
    return Status::Ok();
  };
  auto props = [](const Value& a, const std::vector<std::string>* changed) {
    std::string out;
    auto want = [&](const char* n) { return changed == nullptr || Has(*changed, n); };
    if (want("warehouse_size")) {
      out += " WAREHOUSE_SIZE = " +
             QuoteString(
                 WarehouseSize(Value(kit::StringAttr(a, "warehouse_size"))).get<std::string>());
    }
    if (want("auto_suspend")) {
      out += " AUTO_SUSPEND = " + std::to_string(IntAttr(a, "auto_suspend", 60));
    }
    if (want("auto_resume")) {
      out += std::string(" AUTO_RESUME = ") + (kit::BoolAttr(a, "auto_resume") ? "TRUE" : "FALSE");
    }
    return out;
  };
  s.create = [props](const std::string& q, const Value& a) {
    return "CREATE WAREHOUSE IF NOT EXISTS " + q + props(a, nullptr) + " INITIALLY_SUSPENDED = " +
           (kit::BoolAttr(a, "initially_suspended") ? "TRUE" : "FALSE") + CommentClause(a);
  };
  s.alter = [props](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    std::string set = props(a, &changed);
    if (Has(changed, "comment")) set += " COMMENT = " + QuoteString(kit::StringAttr(a, "comment"));
    if (!set.empty()) out.push_back("ALTER WAREHOUSE " + q + " SET" + set);
    return out;
  };
  return s;
}

// --- snowflake.role -----------------------------------------------------------------------

ObjectSpec RoleSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    NameAttr("name", "Role name"),
    CommentAttr(),
    OwnerAttr(),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.role";
  s.description = "A Snowflake account role";
  s.table = &table;
  s.keyword = "ROLE";
  s.plural = "ROLES";
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["comment"] = rows.Text(r, "comment");
    (*out)["owner"] = rows.Text(r, "owner");
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE ROLE IF NOT EXISTS " + q + CommentClause(a);
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    if (Has(changed, "comment")) out.push_back(AlterComment("ROLE", q, a));
    return out;
  };
  return s;
}

// --- snowflake.user -----------------------------------------------------------------------

// A user property as SQL: an identifier for roles and warehouses, a literal otherwise.
std::string UserValue(const std::string& attr, const Value& a) {
  if (attr == "default_role" || attr == "default_warehouse") {
    return QuoteIdentifier(IdentAttr(a, attr));
  }
  if (attr == "type") {  // a keyword; anything else is sent as a literal Snowflake refuses
    const std::string t = Upper(kit::StringAttr(a, attr));
    bool word =
        std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
    return word ? t : QuoteString(t);
  }
  if (attr == "rsa_public_key") return QuoteString(PublicKeyBody(kit::StringAttr(a, attr)));
  return QuoteString(kit::StringAttr(a, attr));
}

const std::vector<std::string>& UserProperties() {
  static const std::vector<std::string> kProps = {
      "login_name",     "display_name", "default_role", "default_warehouse",
      "rsa_public_key", "type",         "comment"};
  return kProps;
}

ObjectSpec UserSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    NameAttr("name", "User name"),
    Attribute("login_name").Normalize(kit::UpperCase)
        .Describe("Name to log in with (Snowflake's default: the user name)"),
    Attribute("display_name").Describe("Name shown in Snowsight (Snowflake's default: the user name)"),
    Attribute("default_role").Normalize(IdentifierValue).Describe("Role active at login"),
    Attribute("default_warehouse").Normalize(IdentifierValue).Describe("Warehouse used at login"),
    Attribute("rsa_public_key").Normalize(Fingerprint)
        .Describe("RSA public key (PEM or its base64 body) for key-pair authentication; compared "
                  "by fingerprint"),
    Attribute("type").Normalize(kit::UpperCase)
        .Check(kit::OneOfIgnoringCase({"PERSON", "SERVICE", "LEGACY_SERVICE"}))
        .Describe("PERSON, SERVICE or LEGACY_SERVICE"),
    CommentAttr(),
    Attribute("owner").Computed().Describe("Role that owns it"),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.user";
  s.description = "A Snowflake user; authenticates with a key pair, never a password";
  s.table = &table;
  s.keyword = "USER";
  s.plural = "USERS";
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["login_name"] = rows.Text(r, "login_name");
    (*a)["display_name"] = rows.Text(r, "display_name");
    for (const char* attr : {"default_role", "default_warehouse"}) {
      std::string v = rows.Text(r, attr);
      (*a)[attr] = v.empty() ? "" : ManifestIdentifier(v);
    }
    if (rows.HasColumn("type")) (*a)["type"] = Upper(rows.Text(r, "type"));
    (*a)["comment"] = rows.Text(r, "comment");
    // SHOW says whether there is a key; its fingerprint needs DESC USER.
    if (rows.HasColumn("has_rsa_public_key") && !rows.Flag(r, "has_rsa_public_key")) {
      (*a)["rsa_public_key"] = "";
    }
    (*out)["owner"] = rows.Text(r, "owner");
    return Status::Ok();
  };
  s.needs_describe = [](const Value& given, const Value& attrs) {
    return !kit::StringAttr(given, "rsa_public_key").empty() && !attrs.contains("rsa_public_key");
  };
  s.describe = [](SnowflakeContext& ctx, const std::string& q, Value* a) -> Status {
    CW_ASSIGN_OR_RETURN(RowSet rows, ctx.client->Execute("DESC USER " + q));
    for (size_t r = 0; r < rows.size(); ++r) {
      if (Upper(rows.Text(r, "property")) != "RSA_PUBLIC_KEY_FP") continue;
      std::string fp =
          rows.HasColumn("value") ? rows.Text(r, "value") : rows.Text(r, "property_value");
      (*a)["rsa_public_key"] = fp == "null" ? "" : fp;
    }
    if (!a->contains("rsa_public_key")) (*a)["rsa_public_key"] = "";
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    std::string sql = "CREATE USER IF NOT EXISTS " + q;
    for (const auto& p : UserProperties()) {
      if (kit::StringAttr(a, p).empty()) continue;
      sql += " " + Upper(p) + " = " + UserValue(p, a);
    }
    return sql;
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    std::string set;
    for (const auto& p : UserProperties()) {
      if (!Has(changed, p)) continue;
      if (kit::StringAttr(a, p).empty()) {
        out.push_back("ALTER USER " + q + " UNSET " + Upper(p));
      } else {
        set += " " + Upper(p) + " = " + UserValue(p, a);
      }
    }
    if (!set.empty()) out.insert(out.begin(), "ALTER USER " + q + " SET" + set);
    return out;
  };
  return s;
}

}  // namespace

KindHandlers MakeAccountObjectHandlers() {
  KindHandlers out;
  for (auto make : {&DatabaseSpec, &SchemaSpec, &WarehouseSpec, &RoleSpec, &UserSpec}) {
    out.push_back(NewObjectHandler(make()));
  }
  return out;
}

}  // namespace causeway::snowflake
