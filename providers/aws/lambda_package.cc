// Lambda deployment packages: reading a zip, packaging a directory with libzip, CodeSha256.
#include "providers/aws/lambda_package.h"

#include <openssl/evp.h>
#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace causeway::aws {

namespace {

namespace fs = std::filesystem;

std::string Base64(const unsigned char* data, size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<size_t>(len));
  return out;
}

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The zip epoch in local time: libzip converts an mtime to DOS date/time with localtime(), so a
// time_t made by mktime() from the same broken-down time gives the same DOS fields in every
// time zone.
time_t ZipEpoch() {
  std::tm t{};
  t.tm_year = 80;
  t.tm_mon = 0;
  t.tm_mday = 1;
  t.tm_isdst = -1;
  return std::mktime(&t);
}

std::string ZipError(zip_error_t* e) { return zip_error_strerror(e); }

Result<std::string> ZipDirectory(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) files.push_back(it->path());
  }
  if (ec) return Status::IOError("cannot list " + dir.string() + ": " + ec.message());
  if (files.empty()) return Status::InvalidArgument(dir.string() + ": directory has no files");
  std::vector<std::pair<std::string, fs::path>> entries;
  for (const auto& f : files) entries.emplace_back(fs::relative(f, dir).generic_string(), f);
  std::sort(entries.begin(), entries.end());

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return Status::Internal("libzip: " + ZipError(&error));
  zip_source_keep(buffer);  // read back after zip_close
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(buffer, zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) return Status::Internal("libzip: " + ZipError(&error));
  const time_t epoch = ZipEpoch();
  // libzip copies data from sources at zip_close: keep the bytes alive until then.
  std::vector<std::string> contents;
  contents.reserve(entries.size());
  for (const auto& [name, path] : entries) {
    auto bytes = ReadFile(path);
    if (!bytes.ok()) {
      zip_discard(archive);
      return bytes.status();
    }
    contents.push_back(std::move(*bytes));
    const std::string& data = contents.back();
    zip_source_t* src = zip_source_buffer(archive, data.data(), data.size(), 0);
    zip_int64_t index = src == nullptr ? -1
                                       : zip_file_add(archive, name.c_str(), src,
                                                      ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      if (src != nullptr) zip_source_free(src);
      std::string why = zip_strerror(archive);
      zip_discard(archive);
      return Status::Internal("libzip: adding " + name + ": " + why);
    }
    struct stat st {};
    bool exec = ::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IXUSR) != 0;
    zip_uint32_t mode = S_IFREG | (exec ? 0755 : 0644);
    auto i = static_cast<zip_uint64_t>(index);
    if (zip_file_set_mtime(archive, i, epoch, 0) != 0 ||
        zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, mode << 16) != 0 ||
        zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, 9) != 0) {
      std::string why = zip_strerror(archive);
      zip_discard(archive);
      return Status::Internal("libzip: " + name + ": " + why);
    }
  }
  if (zip_close(archive) != 0) {
    std::string why = zip_strerror(archive);
    zip_discard(archive);
    return Status::Internal("libzip: writing the package: " + why);
  }
  if (zip_source_open(buffer) != 0) return Status::Internal("libzip: reading the package back");
  std::string out;
  char chunk[65536];
  zip_int64_t n;
  while ((n = zip_source_read(buffer, chunk, sizeof(chunk))) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer);
  if (n < 0) return Status::Internal("libzip: reading the package back");
  return out;
}

}  // namespace

Result<std::string> LambdaPackage(const std::string& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound("code_path " + path + " does not exist");
  if (fs::is_directory(st)) return ZipDirectory(path);
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() < 4 || bytes->compare(0, 2, "PK") != 0) {
    return Status::InvalidArgument("code_path " + path + " is not a zip archive");
  }
  return bytes;
}

std::string LambdaCodeSha256(const std::string& zip) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(zip.data(), zip.size(), digest, &len, EVP_sha256(), nullptr);
  return Base64(digest, len);
}

std::string LambdaZipFileMember(const std::string& zip) {
  return Base64(reinterpret_cast<const unsigned char*>(zip.data()), zip.size());
}

}  // namespace causeway::aws
