// Value's destructor (reconciler/core/value_destroy.cc): recursion is bounded, so that any
// nesting depth is destroyed without overflowing the stack, and values are still released
// completely at every depth.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "reconciler/core/value.h"

namespace causeway {
namespace {

// A chain of `depth` arrays (or objects) nested in one another around `leaf`.
Value Nested(int depth, bool objects, Value leaf) {
  Value v = std::move(leaf);
  for (int i = 0; i < depth; ++i) {
    Value outer = objects ? Value::object() : Value::array();
    if (objects) {
      outer["k"] = std::move(v);
    } else {
      outer.push_back(std::move(v));
    }
    v = std::move(outer);
  }
  return v;
}

TEST(ValueDestroyTest, DestroysAMillionLevelsWithoutOverflowingTheStack) {
  // Far deeper than any stack could recurse (8 MB / a million frames); past
  // kMaxRecursiveDestroyDepth the destructor must switch to its heap stack.
  for (bool objects : {false, true}) {
    Value v = Nested(1000000, objects, Value("leaf"));
    v = Value();  // destroys the chain
    EXPECT_TRUE(v.is_null());
  }
}

TEST(ValueDestroyTest, ReleasesEverythingAtEveryDepth) {
  // Around the depth where the destructor stops recursing: destroying one value leaves an
  // independent copy intact down to its leaf (a leak would show under AddressSanitizer).
  for (int depth : {0, 1, kMaxRecursiveDestroyDepth - 1, kMaxRecursiveDestroyDepth,
                    kMaxRecursiveDestroyDepth + 1, 3 * kMaxRecursiveDestroyDepth}) {
    SCOPED_TRACE(depth);
    Value leaf = Value::object({{"s", std::string(100, 'x')}, {"a", Value::array({1, "two"})}});
    Value v = Nested(depth, depth % 2 == 0, leaf);
    Value copy = v;
    v = Value();
    // The copy is intact after the original was destroyed, down to its leaf.
    const Value* p = &copy;
    for (int i = 0; i < depth; ++i) p = p->is_object() ? &p->at("k") : &p->at(0);
    EXPECT_EQ(*p, leaf);
  }
}

}  // namespace
}  // namespace causeway
