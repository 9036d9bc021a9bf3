// Attribute diff semantics: normalisers, defaults, ignore_changes, sensitive hashes, unknowns,
// force_new, computed attributes; and SensitiveValues extraction.
#include "reconciler/plan/diff.h"

#include <gtest/gtest.h>

#include "providers/memory/memory_provider.h"
#include "reconciler/plan/sensitive.h"
#include "tests/plan/plan_fixtures.h"

namespace causeway {
namespace {

const KindSchema* MemKind(const std::string& kind) {
  static const std::vector<KindSchema> schemas = MemoryProvider().schemas();
  for (const auto& k : schemas) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

struct Case {
  std::string reason;
  std::string kind;
  std::string spec;
  std::string live;  // "" means the object does not exist
  std::vector<std::string> ignore;
  std::map<std::string, std::string> hashes;
  std::vector<std::string> changed;  // expected changed attribute names
  std::vector<std::string> replace;  // expected replace reasons
};

DiffResult RunDiff(const Case& c, const Value& desired_override = Value()) {
  Value spec = Value::parse(c.spec);
  Value desired = desired_override.is_null() ? spec : desired_override;
  Value live = c.live.empty() ? Value() : Value::parse(c.live);
  DiffInput in;
  in.schema = MemKind(c.kind);
  in.spec = &spec;
  in.desired = &desired;
  in.live = c.live.empty() ? nullptr : &live;
  in.sensitive_hashes = &c.hashes;
  in.ignore_changes = &c.ignore;
  return DiffAttributes(in);
}

std::vector<std::string> Names(const DiffResult& d) {
  std::vector<std::string> out;
  for (const auto& c : d.changes) out.push_back(c.name);
  return out;
}

TEST(DiffTest, Semantics) {
  const std::string salt_hash = SensitiveHash(Value("s3cret"), "salt");
  Case cases[] = {
      {"privilege lists compare as case-insensitive sets",
       "mem.grant",
       R"({"principal": "p", "on": "db", "privileges": ["select", "usage"]})",
       R"({"principal": "p", "on": "db", "privileges": ["USAGE", "SELECT"]})",
       {},
       {},
       {},
       {}},
      {"one statement object equals a one-element list; Version defaults",
       "mem.role",
       R"({"role_name": "r", "trust_policy": {"Statement": {"Effect": "Allow"}}})",
       R"({"role_name": "r", "trust_policy": {"Version": "2012-10-17",
           "Statement": [{"Effect": "Allow"}]}, "description": "", "path": "/"})",
       {},
       {},
       {},
       {}},
      {"an attribute left out of the spec is compared with its schema default",
       "mem.role",
       R"({"role_name": "r", "trust_policy": {"Statement": []}})",
       R"({"role_name": "r", "trust_policy": {"Statement": []}, "description": "hand-edited",
           "path": "/"})",
       {},
       {},
       {"description"},
       {}},
      {"a live object without a defaulted attribute has the default",
       "mem.bucket",
       R"({"bucket": "b"})",
       R"({"bucket": "b"})",
       {},
       {},
       {},
       {}},
      {"attributes without default and not in the spec are not compared",
       "mem.integration",
       R"({"name": "i", "role_arn": "arn"})",
       R"({"name": "I", "role_arn": "arn", "allowed_locations": [], "enabled": true,
           "comment": "", "extra": 1})",
       {},
       {},
       {},
       {}},
      {"ignore_changes skips drift",
       "mem.role",
       R"({"role_name": "r", "trust_policy": {"Statement": []}, "description": "managed"})",
       R"({"role_name": "r", "trust_policy": {"Statement": []}, "description": "edited",
           "path": "/"})",
       {"description"},
       {},
       {},
       {}},
      {"a force_new change is a replacement",
       "mem.table",
       R"({"database": "raw", "name": "trips", "columns": [], "location": "s3://new"})",
       R"({"database": "RAW", "name": "TRIPS", "columns": [], "comment": "",
           "location": "s3://old"})",
       {},
       {},
       {"location"},
       {"location"}},
      {"sensitive value matching the stored hash is unchanged",
       "mem.secret",
       R"({"name": "s", "value": "s3cret"})",
       R"({"name": "s"})",
       {},
       {{"value", salt_hash}},
       {},
       {}},
      {"sensitive value not matching the stored hash changes",
       "mem.secret",
       R"({"name": "s", "value": "rotated"})",
       R"({"name": "s"})",
       {},
       {{"value", salt_hash}},
       {"value"},
       {}},
      {"sensitive value without a stored hash is set to be sure",
       "mem.secret",
       R"({"name": "s", "value": "s3cret"})",
       R"({"name": "s"})",
       {},
       {},
       {"value"},
       {}},
      {"computed attributes in a spec are never diffed",
       "mem.bucket",
       R"({"bucket": "b", "arn": "arn:other"})",
       R"({"bucket": "b", "versioning": false, "tags": {}})",
       {},
       {},
       {},
       {}},
      {"create lists every compared attribute, ignore_changes does not apply",
       "mem.bucket",
       R"({"bucket": "b", "versioning": true})",
       "",
       {"versioning"},
       {},
       {"bucket", "tags", "versioning"},
       {}},
  };
  for (const auto& c : cases) {
    DiffResult d = RunDiff(c);
    EXPECT_EQ(Names(d), c.changed) << c.reason;
    EXPECT_EQ(d.replace_reasons, c.replace) << c.reason;
  }
}

TEST(DiffTest, NullDefaultMeansOmittedIsAbsent) {
  // An attribute whose default is null ("omitted means none", e.g. a bucket policy): a create
  // lists nothing for it, and a live value it no longer names is planned away.
  KindSchema kind;
  kind.kind = "test.bucket";
  AttributeSchema name;
  name.name = "name";
  name.required = true;
  AttributeSchema policy;
  policy.name = "policy";
  policy.type = AttrType::kObject;
  policy.default_value = Value();
  kind.attributes = {name, policy};
  Value spec = {{"name", "b"}};
  DiffInput create;
  create.schema = &kind;
  create.spec = &spec;
  create.desired = &spec;
  DiffResult created = DiffAttributes(create);
  ASSERT_EQ(created.changes.size(), 1u);
  EXPECT_EQ(created.changes[0].name, "name");

  Value live = {{"name", "b"}, {"policy", {{"Statement", Value::array()}}}};
  DiffInput update = create;
  update.live = &live;
  DiffResult updated = DiffAttributes(update);
  ASSERT_EQ(updated.changes.size(), 1u);
  EXPECT_EQ(updated.changes[0].name, "policy");
  EXPECT_TRUE(updated.changes[0].after.is_null());

  Value bare = {{"name", "b"}};
  update.live = &bare;
  EXPECT_TRUE(DiffAttributes(update).changes.empty()) << "absent and null are the same";
}

TEST(DiffTest, SensitiveValuesNeverAppearInChanges) {
  Case c{"", "mem.secret", R"({"name": "s", "value": "hunter2"})", R"({"name": "s"})", {}, {}, {},
         {}};
  DiffResult d = RunDiff(c);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_TRUE(d.changes[0].sensitive);
  EXPECT_EQ(d.changes[0].before, "(sensitive)");
  EXPECT_EQ(d.changes[0].after, "(sensitive)");
  c.live = "";
  d = RunDiff(c);
  for (const auto& a : d.changes) {
    EXPECT_EQ(a.after.dump().find("hunter2"), std::string::npos) << a.name;
  }
}

TEST(DiffTest, UnknownDesiredValueIsAChange) {
  Case c{"",
         "mem.integration",
         R"({"name": "i", "role_arn": "${mem.role.r.arn}"})",
         R"({"name": "I", "role_arn": "arn:old", "allowed_locations": [], "enabled": true,
             "comment": ""})",
         {},
         {},
         {},
         {}};
  Value desired = Value::parse(c.spec);
  desired["role_arn"] = UnknownValue();
  DiffResult d = RunDiff(c, desired);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].name, "role_arn");
  EXPECT_EQ(d.changes[0].before, "arn:old");
  EXPECT_TRUE(IsUnknown(d.changes[0].after));
}

TEST(DiffTest, AttributeEqualNormalisesBothSides) {
  const AttributeSchema* name = MemKind("mem.database")->Find("name");
  EXPECT_TRUE(AttributeEqual(name, "RAW", "raw"));
  EXPECT_FALSE(AttributeEqual(name, "RAW", "curated"));
  EXPECT_FALSE(AttributeEqual(name, "RAW", UnknownValue()));
  EXPECT_TRUE(AttributeEqual(nullptr, Value::array({1}), Value::array({1})));
}

TEST(SensitiveValuesTest, ExtractsOnlySensitiveAttributes) {
  SchemaSet schemas;
  for (const auto& k : MemoryProvider().schemas()) schemas[k.kind] = k;
  ManifestSet m = testing_plan::Manifests({
      testing_plan::Res("mem.secret.api", R"({"name": "api", "value": "tok"})"),
      testing_plan::Res("mem.secret.unset", R"({"name": "unset"})"),
      testing_plan::Res("mem.bucket.b", R"({"bucket": "b"})"),
  });
  auto values = SensitiveValues(m, schemas);
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values.at("mem.secret.api"), Value::parse(R"({"value": "tok"})"));
}

}  // namespace
}  // namespace causeway
