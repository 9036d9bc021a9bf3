// S3 Tables kinds: the handler list, the calls and pagination, ARNs and name checks.
#include "providers/aws/s3tables_common.h"

#include <set>

namespace causeway::aws {

namespace s3tables {

namespace {

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

ValueCheck NameRule(size_t min, size_t max, char extra, std::string expected,
                    std::vector<std::string> bad_prefixes, std::vector<std::string> bad_suffixes) {
  return [=](const Value& v) -> std::string {
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.size() < min || s.size() > max) return expected;
    for (char c : s) {
      if (!IsLowerOrDigit(c) && c != extra) return expected;
    }
    if (!IsLowerOrDigit(s.front()) || !IsLowerOrDigit(s.back())) return expected;
    for (const auto& p : bad_prefixes) {
      if (s.rfind(p, 0) == 0) return expected;
    }
    for (const auto& x : bad_suffixes) {
      if (s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0) {
        return expected;
      }
    }
    return "";
  };
}

}  // namespace

Result<Value> Call(AwsContext& ctx, const std::string& operation, const std::string& method,
                   const std::string& path, const Value& body, const std::string& query) {
  return ctx.client->RestJson("s3tables", operation, method, path, body,
                              Idempotency::kInferFromName, query);
}

Status Paginate(AwsContext& ctx, const std::string& operation, const std::string& path,
                const std::string& query, const std::string& result_key,
                const std::function<Status(const kit::ReplyReader&)>& each) {
  std::string token;
  std::set<std::string> seen;
  while (true) {
    std::string q = query;
    if (!token.empty())
      q += (q.empty() ? "" : "&") + std::string("continuationToken=") + UriEncode(token);
    CW_ASSIGN_OR_RETURN(Value page, Call(ctx, operation, "GET", path, Value(), q));
    kit::ReplyReader reply(page, "s3tables " + operation);
    CW_RETURN_IF_ERROR(reply.ForEach(result_key, each));
    CW_ASSIGN_OR_RETURN(token, reply.StringOr("continuationToken", ""));
    if (token.empty()) return Status::Ok();
    if (!seen.insert(token).second) {
      return Status::ProviderError("s3tables " + operation + ": continuationToken repeated");
    }
  }
}

std::string Label(const std::string& bucket_arn) { return UriEncode(bucket_arn); }

std::string BucketArn(const AwsContext& ctx, const std::string& name) {
  return "arn:aws:s3tables:" + ctx.region + ":" + ctx.account_id + ":bucket/" + name;
}

Status ForEachBucket(AwsContext& ctx,
                     const std::function<Status(const std::string&, const std::string&)>& each) {
  return Paginate(ctx, "ListTableBuckets", "/buckets", "", "tableBuckets",
                  [&](const kit::ReplyReader& b) -> Status {
                    CW_ASSIGN_OR_RETURN(std::string arn, b.RequiredString("arn"));
                    CW_ASSIGN_OR_RETURN(std::string name, b.RequiredString("name"));
                    return each(arn, name);
                  });
}

Result<std::vector<std::string>> BucketsInScope(AwsContext& ctx, const ListRequest& req) {
  std::vector<std::string> buckets;
  std::string only = req.scope.value("table_bucket_arn", std::string());
  if (!only.empty()) return std::vector<std::string>{only};
  CW_RETURN_IF_ERROR(ForEachBucket(ctx, [&](const std::string& arn, const std::string&) {
    buckets.push_back(arn);
    return Status::Ok();
  }));
  return buckets;
}

ValueCheck TableBucketName() {
  return NameRule(3, 63, '-',
                  "a table bucket name: 3-63 lowercase letters, digits and hyphens, beginning and "
                  "ending with a letter or digit, without the reserved prefixes xn--, sthree-, "
                  "amzn-s3-demo- and suffixes -s3alias, --ol-s3, --x-s3, --table-s3",
                  {"xn--", "sthree-", "amzn-s3-demo-"},
                  {"-s3alias", "--ol-s3", "--x-s3", "--table-s3"});
}

ValueCheck NamespaceName() {
  return NameRule(1, 255, '_',
                  "a namespace name: 1-255 lowercase letters, digits and underscores, beginning "
                  "and ending with a letter or digit, not starting with aws",
                  {"aws"}, {});
}

ValueCheck TableName() {
  return NameRule(1, 255, '_',
                  "a table name: 1-255 lowercase letters, digits and underscores, beginning and "
                  "ending with a letter or digit",
                  {}, {});
}

ValueCheck TableBucketArnCheck() {
  return [](const Value& v) -> std::string {
    const std::string expected =
        "a table bucket ARN, arn:aws:s3tables:<region>:<account>:bucket/<name>";
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    if (s.rfind("arn:aws:s3tables:", 0) != 0) return expected;
    size_t b = s.find(":bucket/");
    if (b == std::string::npos || s.find('/', b + 8) != std::string::npos || b + 8 >= s.size()) {
      return expected;
    }
    return "";
  };
}

}  // namespace s3tables

KindHandlers MakeS3TablesHandlers() {
  KindHandlers handlers;
  handlers.push_back(s3tables::NewTableBucketHandler());
  handlers.push_back(s3tables::NewNamespaceHandler());
  handlers.push_back(s3tables::NewTableHandler());
  handlers.push_back(s3tables::NewPolicyHandler());
  return handlers;
}

}  // namespace causeway::aws
