// KindProvider: an exception a handler lets through (here nlohmann's type_error, what a reply
// read with a throwing accessor raised in issue 17) comes back from every provider call, bulk
// and per-resource observe on their worker threads included, as an Internal error naming the
// provider and the call, instead of terminating the process.
#include "providers/kit/kind_provider.h"

#include <gtest/gtest.h>

namespace causeway::kit {
namespace {

struct FakeContext {};

// Every call reads a string member as an integer, as careless reply code would.
class ThrowingHandler : public KindHandler<FakeContext> {
 public:
  KindSchema Schema() const override {
    KindSchema s;
    s.kind = "fake.thing";
    return s;
  }
  Result<std::vector<Observation>> ObserveBulk(FakeContext&, ObserveBatch&,
                                               const std::vector<ObserveItem>&) override {
    return Throw<std::vector<Observation>>();
  }
  Result<Observation> ObserveOne(FakeContext&, const ObserveItem&) override {
    return Throw<Observation>();
  }
  Result<ResourceResult> Create(FakeContext&, const CreateRequest&) override {
    return Throw<ResourceResult>();
  }
  Result<ResourceResult> Update(FakeContext&, const UpdateRequest&) override {
    return Throw<ResourceResult>();
  }
  Status Delete(FakeContext&, const DeleteRequest&) override { return Throw<bool>().status(); }
  Result<std::vector<Observation>> List(FakeContext&, const ListRequest&) override {
    return Throw<std::vector<Observation>>();
  }

 private:
  template <typename T>
  static Result<T> Throw() {
    Value reply = {{"Count", "seven"}};
    (void)reply.at("Count").get<int>();  // throws nlohmann::json::type_error
    return Status::Internal("not reached");
  }
};

class FakeProvider : public KindProvider<FakeContext> {
 public:
  explicit FakeProvider(bool per_resource) {
    AddHandlers(MakeHandlers<FakeContext, ThrowingHandler>());
    per_resource_ = per_resource;
  }
  std::string name() const override { return "fake"; }
  Status configure(const Value&) override {
    configured_ = true;
    return Status::Ok();
  }
};

void ExpectGuarded(const Status& s, const std::string& call) {
  EXPECT_EQ(s.code(), StatusCode::kInternal) << call << ": " << s.ToString();
  EXPECT_NE(s.message().find("fake: " + call + ": unexpected error ("), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("type must be number"), std::string::npos) << s.message();
}

TEST(KindProviderTest, AnExceptionFromAHandlerIsAnErrorNotAnAbort) {
  const Address a{"fake.thing", "x"};
  for (bool per_resource : {false, true}) {
    SCOPED_TRACE(per_resource ? "per-resource" : "bulk");
    FakeProvider p(per_resource);
    ASSERT_TRUE(p.configure(Value::object()).ok());
    auto observed = p.observe({{a, "x", Value::object()}});
    ASSERT_FALSE(observed.ok());
    ExpectGuarded(observed.status(), per_resource ? "observe fake.thing.x" : "observe fake.thing");
    if (per_resource) continue;
    ExpectGuarded(p.create({a, Value::object()}).status(), "create fake.thing.x");
    ExpectGuarded(p.update({a, "x", Value::object(), Value::object(), {}}).status(),
                  "update fake.thing.x");
    ExpectGuarded(p.remove({a, "x", Value::object()}), "delete fake.thing.x");
    ExpectGuarded(p.list({"fake.thing"}).status(), "list fake.thing");
  }
}

}  // namespace
}  // namespace causeway::kit
