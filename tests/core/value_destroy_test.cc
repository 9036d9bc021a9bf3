// Value's destructor (reconciler/core/value_destroy.cc): recursion is bounded, so that any
// nesting depth is destroyed without overflowing the stack, and values are still released
// completely at every depth.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "reconciler/core/value.h"

// Every allocation of this test program is counted, so that a test can tell whether destroying a
// value gave back everything it took (the replaceable global operator new / delete).
namespace {
std::atomic<long> live_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  ++live_allocations;
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  --live_allocations;
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

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
  // Around the depth where the destructor stops recursing and uses its heap stack instead: every
  // allocation a value made is given back, and an independent copy is left intact down to its
  // leaf.
  const Value leaf = Value::object({{"s", std::string(100, 'x')}, {"a", Value::array({1, "two"})}});
  for (int depth : {0, 1, kMaxRecursiveDestroyDepth - 1, kMaxRecursiveDestroyDepth,
                    kMaxRecursiveDestroyDepth + 1, 3 * kMaxRecursiveDestroyDepth}) {
    const bool objects = depth % 2 == 0;
    const long before = live_allocations;
    { Value v = Nested(depth, objects, leaf); }
    EXPECT_EQ(live_allocations, before) << "depth " << depth << ": allocations not released";

    Value v = Nested(depth, objects, leaf);
    Value copy = v;
    v = Value();
    const Value* p = &copy;
    for (int i = 0; i < depth; ++i) p = p->is_object() ? &p->at("k") : &p->at(0);
    EXPECT_EQ(*p, leaf) << "depth " << depth;
  }
}

}  // namespace
}  // namespace causeway
