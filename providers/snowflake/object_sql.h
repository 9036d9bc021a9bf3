// What the storage kinds' ObjectSpecs (object_handler.h) share: their name and comment rows, the
// COMMENT clauses, string lists as SQL, and qualified names ("DB"."S"."F" or db.s.f) read into
// parts so that two spellings of one name compare equal.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "providers/kit/attribute_table.h"
#include "reconciler/core/value.h"

namespace causeway::snowflake {

// A required, force-new identifier attribute (name, database, schema).
kit::Attribute IdentifierAttr(const std::string& name, const std::string& what);
// comment, default "".
kit::Attribute CommentAttribute();

bool Contains(const std::vector<std::string>& v, const std::string& s);

// " COMMENT = '..'" or "" for an empty comment.
std::string CommentSql(const Value& attrs);
// ALTER <keyword> <qname> SET COMMENT = '..' | UNSET COMMENT.
std::string AlterCommentSql(const std::string& keyword, const std::string& qname,
                            const Value& attrs);

// ('a', 'b') from a list of strings; () when empty.
std::string StringListSql(const Value& list);
// The strings of a list attribute ({} when absent).
std::vector<std::string> StringList(const Value& attrs, const std::string& name);

// The parts of a qualified name as written (a.b."C d"), each by Snowflake's identifier rules;
// {} when it is not a well-formed name.
std::vector<std::string> SplitQualifiedName(const std::string& text);
// A qualified name in its quoted form ("A"."B"."C d"): the normaliser of attributes naming an
// object; anything that is not a name passes through.
Value QualifiedNameValue(const Value& v);

// ObjectSpec::read's way to name the object of row `r` of a SHOW: "DB"."S"."NAME".
std::string QualifiedNameOfRow(const class RowSet& rows, size_t r);

}  // namespace causeway::snowflake

namespace causeway::snowflake {

// SQL text in one spelling for comparison: runs of whitespace outside quotes become one space
// (none next to punctuation), the ends trimmed, a trailing ';' dropped.
std::string CompactSql(const std::string& sql);
// True when `sql` has a ';' outside quotes and comments: more than one statement.
bool HasStatementSeparator(const std::string& sql);

}  // namespace causeway::snowflake
