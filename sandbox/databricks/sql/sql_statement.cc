// Recursive-descent parser over SqlLexer's tokens for the statements in sql_statement.h.
#include "sandbox/databricks/sql/sql_statement.h"

#include <utility>

#include "sandbox/databricks/sql/sql_lexer.h"

namespace causeway::sandbox {

namespace {

class SqlParser {
 public:
  SqlParser(const std::string& sql, std::vector<SqlToken> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  Result<SqlStatement> Statement() {
    if (Accept("CREATE")) {
      if (Peek().Is("OR")) return Unsupported("CREATE OR REPLACE");
      Accept("EXTERNAL");
      if (!Accept("TABLE")) return Unsupported("CREATE " + Peek().text);
      return CreateTable();
    }
    if (Accept("ALTER")) {
      if (!Accept("TABLE")) return Unsupported("ALTER " + Peek().text);
      return AlterTable();
    }
    if (Accept("MSCK")) {
      CW_RETURN_IF_ERROR(Expect("REPAIR"));
      CW_RETURN_IF_ERROR(Expect("TABLE"));
      SqlRepairTable repair;
      CW_ASSIGN_OR_RETURN(repair.name, Name());
      if (Accept("SYNC")) {
        repair.drop = true;
        CW_RETURN_IF_ERROR(Expect("PARTITIONS"));
      } else if (Accept("DROP")) {
        repair.add = false;
        repair.drop = true;
        CW_RETURN_IF_ERROR(Expect("PARTITIONS"));
      } else if (Accept("ADD")) {
        CW_RETURN_IF_ERROR(Expect("PARTITIONS"));
      }
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(repair);
    }
    if (Accept("DESCRIBE") || Accept("DESC")) {
      Accept("TABLE");
      Accept("EXTENDED");
      SqlDescribeTable describe;
      CW_ASSIGN_OR_RETURN(describe.name, Name());
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(describe);
    }
    if (Accept("SHOW")) {
      if (Accept("PARTITIONS")) {
        SqlShowPartitions show;
        CW_ASSIGN_OR_RETURN(show.name, Name());
        CW_RETURN_IF_ERROR(End());
        return SqlStatement(show);
      }
      if (!Accept("TABLES")) return Unsupported("SHOW " + Peek().text);
      SqlShowTables show;
      if (Accept("IN") || Accept("FROM")) {
        CW_ASSIGN_OR_RETURN(show.schema, Name());
      }
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(show);
    }
    if (Accept("COMMENT")) {
      CW_RETURN_IF_ERROR(Expect("ON"));
      if (!Accept("TABLE")) return Unsupported("COMMENT ON " + Peek().text);
      SqlCommentOnTable comment;
      CW_ASSIGN_OR_RETURN(comment.name, Name());
      CW_RETURN_IF_ERROR(Expect("IS"));
      if (!Accept("NULL")) {
        CW_ASSIGN_OR_RETURN(comment.comment, String());
      }
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(comment);
    }
    if (Accept("SELECT")) {
      // Only the validation query: SELECT COUNT(*) FROM <table>.
      if (!Accept("COUNT") || !AcceptPunct('(') || !AcceptPunct('*') || !AcceptPunct(')')) {
        return Unsupported("SELECT other than SELECT COUNT(*) FROM <table>");
      }
      CW_RETURN_IF_ERROR(Expect("FROM"));
      SqlSelectCount count;
      CW_ASSIGN_OR_RETURN(count.name, Name());
      if (Peek().kind != SqlToken::Kind::kEnd && !Peek().IsPunct(';')) {
        return Unsupported("SELECT COUNT(*) with " + Peek().text);
      }
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(count);
    }
    if (Accept("DROP")) {
      if (!Accept("TABLE")) return Unsupported("DROP " + Peek().text);
      SqlDropTable drop;
      if (Accept("IF")) {
        CW_RETURN_IF_ERROR(Expect("EXISTS"));
        drop.if_exists = true;
      }
      CW_ASSIGN_OR_RETURN(drop.name, Name());
      CW_RETURN_IF_ERROR(End());
      return SqlStatement(drop);
    }
    return Unsupported(Peek().text);
  }

 private:
  const SqlToken& Peek() const { return tokens_[pos_]; }
  bool Accept(const char* keyword) {
    if (!Peek().Is(keyword)) return false;
    ++pos_;
    return true;
  }
  bool AcceptPunct(char c) {
    if (!Peek().IsPunct(c)) return false;
    ++pos_;
    return true;
  }
  Status Error(const std::string& expected) const {
    const SqlToken& t = Peek();
    return Status::InvalidArgument(
        "[PARSE_SYNTAX_ERROR] Syntax error at or near " +
        (t.kind == SqlToken::Kind::kEnd ? std::string("end of input") : "'" + t.text + "'") +
        " (position " + std::to_string(t.offset) + "): expected " + expected + ".");
  }
  Status Unsupported(const std::string& what) const {
    return Status::InvalidArgument(
        "[UNSUPPORTED_STATEMENT] causeway-sandbox does not run '" + what +
        "' statements; it runs CREATE TABLE, SHOW TABLES, DROP TABLE, ALTER TABLE, COMMENT ON "
        "TABLE, MSCK REPAIR TABLE, SHOW PARTITIONS, DESCRIBE TABLE and SELECT COUNT(*) FROM "
        "<table>.");
  }
  Status Expect(const char* keyword) { return Accept(keyword) ? Status::Ok() : Error(keyword); }
  Status ExpectPunct(char c) {
    return AcceptPunct(c) ? Status::Ok() : Error(std::string("'") + c + "'");
  }
  Status End() {
    AcceptPunct(';');
    return Peek().kind == SqlToken::Kind::kEnd ? Status::Ok() : Error("end of statement");
  }
  Result<std::string> Identifier() {
    if (!Peek().IsIdentifier()) return Error("an identifier");
    return tokens_[pos_++].text;
  }
  Result<std::string> String() {
    if (Peek().kind != SqlToken::Kind::kString) return Error("a string literal");
    return tokens_[pos_++].text;
  }
  Result<std::vector<std::string>> Name() {
    std::vector<std::string> parts;
    do {
      CW_ASSIGN_OR_RETURN(std::string part, Identifier());
      parts.push_back(std::move(part));
    } while (AcceptPunct('.'));
    if (parts.size() > 3) return Error("a name of at most three parts");
    return parts;
  }
  // A type as written, up to the next ',' or ')' outside brackets, or a column keyword.
  Result<std::string> Type() {
    if (Peek().kind != SqlToken::Kind::kWord) return Error("a type");
    size_t start = Peek().offset;
    int depth = 0;
    ++pos_;
    while (Peek().kind != SqlToken::Kind::kEnd) {
      const SqlToken& t = Peek();
      if (depth == 0 && (t.IsPunct(',') || t.IsPunct(')') || t.Is("NOT") || t.Is("COMMENT"))) {
        break;
      }
      if (t.IsPunct('(') || t.IsPunct('<')) ++depth;
      if (t.IsPunct(')') || t.IsPunct('>')) --depth;
      ++pos_;
    }
    if (depth != 0) return Error("a closed type");
    std::string text = sql_.substr(start, Peek().offset - start);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) {
      text.pop_back();
    }
    return text;
  }
  Result<SqlColumn> Column(bool type_required) {
    SqlColumn col;
    CW_ASSIGN_OR_RETURN(col.name, Identifier());
    if (!type_required && (Peek().IsPunct(',') || Peek().IsPunct(')'))) return col;
    CW_ASSIGN_OR_RETURN(col.type_text, Type());
    if (Accept("NOT")) {
      CW_RETURN_IF_ERROR(Expect("NULL"));
      col.nullable = false;
    }
    if (Accept("COMMENT")) {
      CW_ASSIGN_OR_RETURN(col.comment, String());
    }
    return col;
  }
  Result<std::vector<SqlColumn>> Columns(bool type_required) {
    std::vector<SqlColumn> out;
    CW_RETURN_IF_ERROR(ExpectPunct('('));
    do {
      CW_ASSIGN_OR_RETURN(SqlColumn col, Column(type_required));
      out.push_back(std::move(col));
    } while (AcceptPunct(','));
    CW_RETURN_IF_ERROR(ExpectPunct(')'));
    return out;
  }
  Result<std::map<std::string, std::string>> Properties() {
    std::map<std::string, std::string> out;
    CW_RETURN_IF_ERROR(ExpectPunct('('));
    do {
      CW_ASSIGN_OR_RETURN(std::string key, String());
      CW_RETURN_IF_ERROR(ExpectPunct('='));
      CW_ASSIGN_OR_RETURN(std::string value, String());
      out[key] = value;
    } while (AcceptPunct(','));
    CW_RETURN_IF_ERROR(ExpectPunct(')'));
    return out;
  }
  Result<SqlStatement> AlterTable() {
    SqlAlterTable alter;
    CW_ASSIGN_OR_RETURN(alter.name, Name());
    if (Accept("SET")) {
      if (Accept("TBLPROPERTIES")) {
        CW_ASSIGN_OR_RETURN(alter.set_properties, Properties());
      } else if (Accept("LOCATION")) {
        CW_ASSIGN_OR_RETURN(alter.location, String());
      } else if (Accept("OWNER")) {
        CW_RETURN_IF_ERROR(Expect("TO"));
        CW_ASSIGN_OR_RETURN(alter.owner, Identifier());
      } else {
        return Error("TBLPROPERTIES, LOCATION or OWNER");
      }
    } else if (Accept("OWNER")) {
      CW_RETURN_IF_ERROR(Expect("TO"));
      CW_ASSIGN_OR_RETURN(alter.owner, Identifier());
    } else if (Accept("UNSET")) {
      CW_RETURN_IF_ERROR(Expect("TBLPROPERTIES"));
      if (Accept("IF")) {
        CW_RETURN_IF_ERROR(Expect("EXISTS"));
        alter.unset_if_exists = true;
      }
      CW_RETURN_IF_ERROR(ExpectPunct('('));
      do {
        CW_ASSIGN_OR_RETURN(std::string key, String());
        alter.unset_properties.push_back(key);
      } while (AcceptPunct(','));
      CW_RETURN_IF_ERROR(ExpectPunct(')'));
    } else if (Accept("ALTER") || Accept("CHANGE")) {
      Accept("COLUMN");
      CW_ASSIGN_OR_RETURN(alter.comment_column, Identifier());
      if (!Accept("COMMENT")) return Unsupported("ALTER TABLE ALTER COLUMN " + Peek().text);
      CW_ASSIGN_OR_RETURN(alter.column_comment, String());
    } else if (Accept("ADD")) {
      if (!Accept("COLUMNS")) CW_RETURN_IF_ERROR(Expect("COLUMN"));
      if (Peek().IsPunct('(')) {
        CW_ASSIGN_OR_RETURN(alter.add_columns, Columns(/*type_required=*/true));
      } else {
        do {
          CW_ASSIGN_OR_RETURN(SqlColumn col, Column(/*type_required=*/true));
          alter.add_columns.push_back(std::move(col));
        } while (AcceptPunct(','));
      }
    } else {
      return Unsupported("ALTER TABLE " + Peek().text);
    }
    CW_RETURN_IF_ERROR(End());
    return SqlStatement(alter);
  }
  Result<SqlStatement> CreateTable() {
    SqlCreateTable create;
    if (Accept("IF")) {
      CW_RETURN_IF_ERROR(Expect("NOT"));
      CW_RETURN_IF_ERROR(Expect("EXISTS"));
      create.if_not_exists = true;
    }
    CW_ASSIGN_OR_RETURN(create.name, Name());
    if (Peek().IsPunct('(')) {
      CW_ASSIGN_OR_RETURN(create.columns, Columns(/*type_required=*/true));
    }
    while (true) {
      if (Accept("USING")) {
        CW_ASSIGN_OR_RETURN(create.format, Identifier());
      } else if (Accept("PARTITIONED")) {
        CW_RETURN_IF_ERROR(Expect("BY"));
        CW_ASSIGN_OR_RETURN(create.partitioned_by, Columns(/*type_required=*/false));
      } else if (Accept("LOCATION")) {
        CW_ASSIGN_OR_RETURN(create.location, String());
      } else if (Accept("COMMENT")) {
        CW_ASSIGN_OR_RETURN(create.comment, String());
      } else if (Accept("TBLPROPERTIES")) {
        CW_ASSIGN_OR_RETURN(create.properties, Properties());
      } else {
        break;
      }
    }
    CW_RETURN_IF_ERROR(End());
    return SqlStatement(create);
  }

  const std::string& sql_;
  std::vector<SqlToken> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<SqlStatement> ParseSql(const std::string& sql) {
  CW_ASSIGN_OR_RETURN(std::vector<SqlToken> tokens, LexSql(sql));
  SqlParser parser(sql, std::move(tokens));
  return parser.Statement();
}

}  // namespace causeway::sandbox
