// snowflake.pipe: a Snowpipe over a COPY INTO statement (force-new: Snowflake cannot change a
// pipe's definition), with auto-ingest from the stage's S3 event notifications (force-new too)
// and a comment (ALTER PIPE SET COMMENT). Output: notification_channel, the SQS queue S3 events
// must be sent to. The statement is compared in one spelling (whitespace), and must be one
// statement: a ';' or a comment in it is refused at validate.
#include "providers/snowflake/object_sql.h"
#include "providers/snowflake/storage_kinds.h"
#include "reconciler/core/ascii.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

std::string CheckCopy(const Value& v) {
  const char* want = "one COPY INTO <table> FROM @<stage> ... statement (no ';', no comments)";
  if (!v.is_string()) return want;
  const std::string s = CompactSql(v.get<std::string>());
  if (Upper(s.substr(0, 10)) != "COPY INTO " || HasStatementSeparator(v.get<std::string>())) {
    return want;
  }
  return "";
}

Value CopyValue(const Value& v) {
  return v.is_string() ? Value(CompactSql(v.get<std::string>())) : v;
}

}  // namespace

ObjectSpec PipeSpec() {
  // clang-format off
  static const kit::AttributeTable table({
    IdentifierAttr("database", "Database of the pipe"),
    IdentifierAttr("schema", "Schema of the pipe"),
    IdentifierAttr("name", "Pipe name"),
    Attribute("copy_statement").Required().ForceNew().Normalize(CopyValue).Check(CheckCopy)
        .Describe("The COPY INTO <table> FROM @<stage> statement the pipe runs"),
    Attribute("auto_ingest", AttrType::kBool).Default(false).ForceNew()
        .Describe("Load on the stage's S3 event notifications"),
    CommentAttribute(),
    Attribute("notification_channel").Computed()
        .Describe("SQS queue ARN S3 event notifications go to (auto_ingest)"),
  });
  // clang-format on
  ObjectSpec s;
  s.kind = "snowflake.pipe";
  s.description = "A Snowpipe: a COPY INTO statement run as files arrive";
  s.table = &table;
  s.keyword = "PIPE";
  s.plural = "PIPES";
  s.level = 2;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value* out) -> Status {
    (*a)["copy_statement"] = rows.Text(r, "definition");
    const std::string channel = rows.Text(r, "notification_channel");
    (*a)["auto_ingest"] = !channel.empty();
    (*a)["comment"] = rows.Text(r, "comment");
    (*out)["notification_channel"] = channel;
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE PIPE IF NOT EXISTS " + q +
           (kit::BoolAttr(a, "auto_ingest") ? " AUTO_INGEST = TRUE" : "") + CommentSql(a) + " AS " +
           CompactSql(kit::StringAttr(a, "copy_statement"));
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    if (Contains(changed, "comment")) out.push_back(AlterCommentSql("PIPE", q, a));
    return out;
  };
  return s;
}

}  // namespace causeway::snowflake
