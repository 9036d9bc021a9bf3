// Status and Result: the cloud's error code travels beside the message and survives context;
// reading the value of a failed Result stops the program instead of reading garbage.
#include "reconciler/core/status.h"

#include <gtest/gtest.h>

#include <string>

namespace causeway {
namespace {

TEST(StatusTest, ProviderCodeSurvivesContext) {
  Status s(StatusCode::kNotFound, "iam GetRole: NoSuchEntity: role x", "NoSuchEntity");
  Status with = s.WithContext("aws.iam.role.x").WithContext("refresh");
  EXPECT_EQ(with.provider_code(), "NoSuchEntity");
  EXPECT_EQ(with.code(), StatusCode::kNotFound);
  EXPECT_EQ(with.message(), "refresh: aws.iam.role.x: iam GetRole: NoSuchEntity: role x");
}

TEST(StatusTest, ErrorsWithoutACloudCodeHaveNone) {
  EXPECT_EQ(Status::InvalidArgument("bad").provider_code(), "");
  EXPECT_EQ(Status::Ok().provider_code(), "");
}

Result<int> Fails() { return Status::NotFound("nothing here"); }

TEST(ResultDeathTest, ReadingTheValueOfAnErrorAbortsWithItsMessage) {
  EXPECT_DEATH(
      {
        Result<int> r = Fails();
        (void)r.value();
      },
      "value of a failed Result was read \\(NotFound: nothing here\\)");
  EXPECT_DEATH(
      {
        Result<std::string> r = Status::Conflict("taken");
        (void)r->size();
      },
      "Conflict: taken");
}

TEST(ResultTest, ValueOfASuccessIsReadable) {
  Result<std::string> r = std::string("ok");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);
  EXPECT_EQ(*r, "ok");
  EXPECT_EQ(std::move(r).value(), "ok");
}

}  // namespace
}  // namespace causeway
