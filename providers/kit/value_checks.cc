// The generic value checks: each returns "" or what was expected.
#include "providers/kit/value_checks.h"

#include <algorithm>
#include <cctype>

namespace causeway::kit {

ValueCheck OneOfIgnoringCase(std::vector<std::string> words) {
  std::string expected;
  for (size_t i = 0; i < words.size(); ++i) {
    expected += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  }
  return [words, expected](const Value& v) -> std::string {
    if (!v.is_string()) return expected;
    const std::string& s = v.get_ref<const std::string&>();
    for (const auto& w : words) {
      if (w.size() == s.size() && std::equal(w.begin(), w.end(), s.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        return "";
      }
    }
    return expected;
  };
}

ValueCheck AtLeast(double min) {
  return [min](const Value& v) -> std::string {
    if (v.is_number() && v.get<double>() >= min) return "";
    std::string text = std::to_string(min);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return "a number of at least " + text;
  };
}

ValueCheck IntegerBetween(int64_t min, int64_t max) {
  return [min, max](const Value& v) -> std::string {
    const std::string expected =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (v.is_number_unsigned()) {
      return v.get<uint64_t>() >= static_cast<uint64_t>(std::max<int64_t>(min, 0)) &&
                     v.get<uint64_t>() <= static_cast<uint64_t>(max)
                 ? ""
                 : expected;
    }
    if (v.is_number_integer()) {
      return v.get<int64_t>() >= min && v.get<int64_t>() <= max ? "" : expected;
    }
    return expected;
  };
}

}  // namespace causeway::kit
