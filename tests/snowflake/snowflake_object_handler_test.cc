// ObjectHandler (providers/snowflake/object_handler.h) for objects that live in a schema, the
// level the storage kinds use, against a scripted SQL API that answers by statement: bulk observe
// runs one paged SHOW ... IN SCHEMA per schema and reads each object from its row, a missing
// schema makes its objects missing, per-resource reads SHOW ... LIKE ... IN SCHEMA, create adopts
// with IF NOT EXISTS and ALTERs what differs, delete is DROP ... IF EXISTS with every part quoted.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "providers/snowflake/object_handler.h"
#include "tests/support/fake_clock.h"

namespace causeway::snowflake {
namespace {

using kit::Attribute;

// Answers each statement from `results` (statement -> ResultSet reply, or a 422 code), recording
// every statement it was sent.
class StatementServer : public HttpClient {
 public:
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(mu_);
    Value body = Value::parse(request.body, nullptr, false);
    const std::string sql = body.value("statement", "");
    statements.push_back(sql);
    auto err = errors.find(sql);
    if (err != errors.end()) {
      return HttpResponse{422,
                          {},
                          Value{{"code", err->second},
                                {"sqlState", "02000"},
                                {"message", "Schema does not exist or not authorized."},
                                {"statementHandle", "h"}}
                              .dump()};
    }
    auto it = results.find(sql);
    const Value& rows = it == results.end() ? Value::array() : it->second;
    Value row_type = Value::array();
    for (const char* c : {"name", "database_name", "schema_name", "type", "comment"}) {
      row_type.push_back({{"name", c}});
    }
    return HttpResponse{200,
                        {},
                        Value{{"resultSetMetaData", {{"rowType", row_type}}},
                              {"data", rows},
                              {"statementHandle", "h"}}
                            .dump()};
  }
  std::mutex mu_;
  std::map<std::string, Value> results;
  std::map<std::string, std::string> errors;
  std::vector<std::string> statements;
};

const kit::AttributeTable& Table() {
  static const kit::AttributeTable table({
      Attribute("database").Required().ForceNew().Normalize(IdentifierValue),
      Attribute("schema").Required().ForceNew().Normalize(IdentifierValue),
      Attribute("name").Required().ForceNew().Normalize(IdentifierValue),
      Attribute("type").Default("CSV"),
      Attribute("comment").Default(""),
  });
  return table;
}

ObjectSpec FileFormatLike() {
  ObjectSpec s;
  s.kind = "test.file_format";
  s.description = "a schema-level object";
  s.table = &Table();
  s.keyword = "FILE FORMAT";
  s.plural = "FILE FORMATS";
  s.level = 2;
  s.read = [](const RowSet& rows, size_t r, Value* a, Value*) -> Status {
    (*a)["type"] = rows.Text(r, "type");
    (*a)["comment"] = rows.Text(r, "comment");
    return Status::Ok();
  };
  s.create = [](const std::string& q, const Value& a) {
    return "CREATE FILE FORMAT IF NOT EXISTS " + q + " TYPE = " + kit::StringAttr(a, "type");
  };
  s.alter = [](const std::string& q, const std::vector<std::string>& changed, const Value& a) {
    std::vector<std::string> out;
    for (const auto& c : changed) {
      if (c == "comment") {
        out.push_back("ALTER FILE FORMAT " + q +
                      " SET COMMENT = " + QuoteString(kit::StringAttr(a, "comment")));
      }
    }
    return out;
  };
  return s;
}

Value Row(const std::string& name, const std::string& db, const std::string& schema,
          const std::string& comment) {
  return Value::array({name, db, schema, "CSV", comment});
}

class ObjectHandlerTest : public ::testing::Test {
 protected:
  ObjectHandlerTest() {
    SnowflakeClientOptions o;
    o.http = &server_;
    o.clock = &clock_;
    o.base_url = "http://127.0.0.1:9";
    o.token = std::make_shared<StaticToken>("t", "test token");
    client_ = std::make_unique<SnowflakeClient>(o);
    ctx_.client = client_.get();
    ctx_.clock = &clock_;
    ctx_.page_size = 2;
  }
  static ObserveItem Item(const std::string& db, const std::string& schema,
                          const std::string& name) {
    return ObserveItem{Address{"test.file_format", name}, "",
                       Value{{"database", db}, {"schema", schema}, {"name", name}}};
  }

  StatementServer server_;
  testing::FakeClock clock_;
  std::unique_ptr<SnowflakeClient> client_;
  SnowflakeContext ctx_;
  std::unique_ptr<KindHandler> handler_ = NewObjectHandler(FileFormatLike());
};

TEST_F(ObjectHandlerTest, SchemaIsPartOfTheNaturalKey) {
  EXPECT_EQ(handler_->Schema().natural_key,
            (std::vector<std::string>{"database", "schema", "name"}));
}

TEST_F(ObjectHandlerTest, BulkReadsOnePagedShowPerSchema) {
  server_.results["SHOW FILE FORMATS IN SCHEMA \"D\".\"S\" LIMIT 2"] =
      Value::array({Row("A", "D", "S", "a"), Row("B", "D", "S", "")});
  server_.results["SHOW FILE FORMATS IN SCHEMA \"D\".\"S\" LIMIT 2 FROM 'B'"] =
      Value::array({Row("c", "D", "S", "lower")});
  server_.errors["SHOW FILE FORMATS IN SCHEMA \"D\".\"GONE\" LIMIT 2"] = "002003";
  ObserveBatch batch({"test.file_format"});
  std::vector<ObserveItem> items = {Item("d", "s", "a"), Item("D", "S", "\"c\""),
                                    Item("d", "s", "zz"), Item("d", "gone", "a"),
                                    Item("d", "", "a")};
  auto seen = handler_->ObserveBulk(ctx_, batch, items);
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_TRUE((*seen)[0].exists);
  EXPECT_EQ((*seen)[0].id, "D.S.A");
  EXPECT_EQ((*seen)[0].attributes["comment"], "a");
  EXPECT_EQ((*seen)[0].attributes["schema"], "S");
  EXPECT_TRUE((*seen)[1].exists) << "the second page is read";
  EXPECT_EQ((*seen)[1].attributes["name"], "\"c\"");
  EXPECT_EQ((*seen)[1].id, "D.S.\"c\"");
  EXPECT_FALSE((*seen)[2].exists);
  EXPECT_FALSE((*seen)[3].exists) << "a missing schema holds nothing";
  EXPECT_FALSE((*seen)[4].exists) << "a schema not known yet holds nothing";
  std::sort(server_.statements.begin(), server_.statements.end());
  EXPECT_EQ(server_.statements,
            (std::vector<std::string>{"SHOW FILE FORMATS IN SCHEMA \"D\".\"GONE\" LIMIT 2",
                                      "SHOW FILE FORMATS IN SCHEMA \"D\".\"S\" LIMIT 2",
                                      "SHOW FILE FORMATS IN SCHEMA \"D\".\"S\" LIMIT 2 FROM 'B'"}));
}

TEST_F(ObjectHandlerTest, PerResourceReadsOneShowLikePerObject) {
  server_.results["SHOW FILE FORMATS LIKE 'A' IN SCHEMA \"D\".\"S\""] =
      Value::array({Row("A", "D", "S", "")});
  auto one = handler_->ObserveOne(ctx_, Item("d", "s", "a"));
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_TRUE(one->exists);
  EXPECT_EQ(server_.statements.size(), 1u);
}

TEST_F(ObjectHandlerTest, CreateAdoptsAndAltersWhatDiffers) {
  server_.results["SHOW FILE FORMATS LIKE 'F' IN SCHEMA \"my db\".\"S\""] =
      Value::array({Row("F", "my db", "S", "made by hand")});
  auto r = handler_->Create(
      ctx_,
      CreateRequest{
          Address{"test.file_format", "f"},
          {{"database", "my db"}, {"schema", "s"}, {"name", "f"}, {"comment", "it's managed"}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "\"my db\".S.F");
  ASSERT_GE(server_.statements.size(), 3u);
  EXPECT_EQ(server_.statements[0],
            "CREATE FILE FORMAT IF NOT EXISTS \"my db\".\"S\".\"F\" TYPE = CSV");
  EXPECT_EQ(server_.statements[2],
            "ALTER FILE FORMAT \"my db\".\"S\".\"F\" SET COMMENT = 'it''s managed'");
}

TEST_F(ObjectHandlerTest, DeleteDropsIfExistsAndAMissingSchemaIsFine) {
  server_.errors["DROP FILE FORMAT IF EXISTS \"D\".\"GONE\".\"F\""] = "002003";
  EXPECT_TRUE(
      handler_
          ->Delete(ctx_, DeleteRequest{Address{"test.file_format", "f"},
                                       "",
                                       {{"database", "d"}, {"schema", "gone"}, {"name", "f"}}})
          .ok());
  EXPECT_EQ(server_.statements.back(), "DROP FILE FORMAT IF EXISTS \"D\".\"GONE\".\"F\"");
}

TEST_F(ObjectHandlerTest, ListOfADatabaseReadsEachSchema) {
  // Names repeat across schemas, so the database is listed schema by schema.
  server_.results["SHOW SCHEMAS IN DATABASE \"D\" LIMIT 2"] =
      Value::array({Row("INFORMATION_SCHEMA", "D", "", ""), Row("S1", "D", "", "")});
  server_.results["SHOW SCHEMAS IN DATABASE \"D\" LIMIT 2 FROM 'S1'"] =
      Value::array({Row("S2", "D", "", "")});
  server_.results["SHOW FILE FORMATS IN SCHEMA \"D\".\"S1\" LIMIT 2"] =
      Value::array({Row("A", "D", "S1", "")});
  server_.results["SHOW FILE FORMATS IN SCHEMA \"D\".\"S2\" LIMIT 2"] =
      Value::array({Row("A", "D", "S2", "x")});
  auto listed = handler_->List(ctx_, ListRequest{"test.file_format", {{"database", "d"}}});
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, "D.S1.A");
  EXPECT_EQ((*listed)[1].id, "D.S2.A");
  EXPECT_EQ((*listed)[1].attributes["comment"], "x");
  EXPECT_EQ(std::count_if(server_.statements.begin(), server_.statements.end(),
                          [](const std::string& s) {
                            return s.find("INFORMATION_SCHEMA") != std::string::npos;
                          }),
            0);
}

}  // namespace
}  // namespace causeway::snowflake
