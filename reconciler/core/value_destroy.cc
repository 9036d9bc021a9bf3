// Value's destructor: nlohmann::basic_json<SortedMap>::json_value::destroy, explicitly
// specialised (declared in value.h) for the std::allocator that Value uses.
//
// nlohmann's destroy() never recurses, so that a hostile, deeply nested document cannot overflow
// the stack: it moves the children of every array and object it destroys into a heap-allocated
// std::vector and empties them from there, one allocation and one move per container and member.
// Engine values are shallow (attribute maps a few levels deep) and there are millions of them: in
// a 100k-resource state load that churn was 13 % of CPU, and destroying plans was ~15 % of a plan.
// This version destroys a container by plain recursion while fewer than
// kMaxRecursiveDestroyDepth destructions are in progress on this thread, and falls back to
// nlohmann's algorithm below that, so stack use stays bounded for any input
// (value_destroy_test checks a document nested a million levels deep).
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

#include "reconciler/core/value.h"

namespace {
// Containers being destroyed recursively on this thread.
thread_local int recursive_destroy_depth = 0;

// Destroys and frees what a json_value points to, as nlohmann does with Value's std::allocator;
// a container's members are destroyed one level deeper.
template <typename T>
void Release(T* p, bool container) {
  std::allocator<T> alloc;
  if (container) ++recursive_destroy_depth;
  std::allocator_traits<std::allocator<T>>::destroy(alloc, p);
  if (container) --recursive_destroy_depth;
  std::allocator_traits<std::allocator<T>>::deallocate(alloc, p, 1);
}
}  // namespace

template <>
void nlohmann::basic_json<causeway::SortedMap>::json_value::destroy(nlohmann::detail::value_t t) {
  if ((t == value_t::array || t == value_t::object) &&
      recursive_destroy_depth >= causeway::kMaxRecursiveDestroyDepth) {
    // Too deep to recurse further: nlohmann's own iterative destruction of this subtree. Every
    // container it lets go of has been emptied first, so no destructor below recurses.
    std::vector<basic_json> stack;
    if (t == value_t::array) {
      stack.reserve(array->size());
      std::move(array->begin(), array->end(), std::back_inserter(stack));
    } else {
      stack.reserve(object->size());
      for (auto&& it : *object) stack.push_back(std::move(it.second));
    }
    while (!stack.empty()) {
      basic_json current(std::move(stack.back()));
      stack.pop_back();
      if (current.is_array()) {
        std::move(current.m_value.array->begin(), current.m_value.array->end(),
                  std::back_inserter(stack));
        current.m_value.array->clear();
      } else if (current.is_object()) {
        for (auto&& it : *current.m_value.object) stack.push_back(std::move(it.second));
        current.m_value.object->clear();
      }
    }
  }
  switch (t) {
    case value_t::object:
      Release(object, /*container=*/true);
      break;
    case value_t::array:
      Release(array, /*container=*/true);
      break;
    case value_t::string:
      Release(string, /*container=*/false);
      break;
    case value_t::binary:
      Release(binary, /*container=*/false);
      break;
    case value_t::null:
    case value_t::boolean:
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
    case value_t::discarded:
    default:
      break;
  }
}
