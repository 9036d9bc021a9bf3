// SortedMap: the container behind Value's JSON objects. Members live in one vector kept sorted
// by key, where std::map (nlohmann::json's default) allocates one tree node per member.
//
// Why: a plan of 100k resources holds millions of small JSON objects (every resource's
// attributes, several times over). With std::map, copying or destroying one costs an allocation
// per member and a pointer chase per step; here it is one allocation and a linear walk, lookups
// are a binary search over contiguous memory, and the objects take about half the memory.
// nlohmann::json takes the object container as a template parameter for this purpose (its own
// ordered_map is the other example); no Debian package offers a sorted vector map that fits that
// interface, so this file writes the ~150 lines by hand.
//
// Same observable behaviour as std::map: iteration in key order (so dump() still sorts keys),
// equality independent of insertion order, unique keys. Differences a caller must know:
//  - Inserting or erasing a member moves the others: a reference, pointer or iterator to a
//    member of an object is invalidated by any insertion into or erasure from that same object
//    (std::map kept them valid). Re-look a member up after changing its object.
//  - Insertion in the middle is linear in the object's size. Objects here are small (one
//    resource's attributes); large ones are built in key order (parsing dump() output,
//    Interpolate, the state), which appends.
// Thread-safety: as std::vector.
#pragma once

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <utility>
#include <vector>

namespace causeway {

template <class Key, class T, class Compare = std::less<>, class IgnoredAllocator = void>
class SortedMap : public std::vector<std::pair<Key, T>> {
 public:
  using Container = std::vector<std::pair<Key, T>>;
  using key_type = Key;
  using mapped_type = T;
  using value_type = typename Container::value_type;
  using iterator = typename Container::iterator;
  using const_iterator = typename Container::const_iterator;
  using size_type = typename Container::size_type;
  // Transparent: nlohmann::json then looks keys up as const char* / string_view without copies.
  using key_compare = std::less<>;

  SortedMap() = default;
  template <class It>
  SortedMap(It first, It last) {
    insert(first, last);
  }
  SortedMap(std::initializer_list<value_type> init) { insert(init.begin(), init.end()); }

  template <class K>
  iterator find(const K& key) {
    auto it = LowerBound(key);
    return it != this->end() && !Less(key, it->first) ? it : this->end();
  }
  template <class K>
  const_iterator find(const K& key) const {
    auto it = LowerBound(key);
    return it != this->end() && !Less(key, it->first) ? it : this->end();
  }
  template <class K>
  size_type count(const K& key) const {
    return find(key) != this->end() ? 1 : 0;
  }

  template <class K>
  T& at(const K& key) {
    auto it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }
  template <class K>
  const T& at(const K& key) const {
    auto it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }

  template <class K>
  T& operator[](K&& key) {
    return emplace(std::forward<K>(key), T{}).first->second;
  }
  template <class K>
  const T& operator[](const K& key) const {
    return at(key);
  }

  // Inserts (key, T(args...)) unless the key is present; appending is O(1) when the key sorts
  // after every member.
  template <class K, class... Args>
  std::pair<iterator, bool> emplace(K&& key, Args&&... args) {
    iterator pos = this->end();
    if (!this->empty() && !Less(this->back().first, key)) {
      pos = LowerBound(key);
      if (pos != this->end() && !Less(key, pos->first)) return {pos, false};
    }
    pos = Container::emplace(pos, std::piecewise_construct,
                             std::forward_as_tuple(std::forward<K>(key)),
                             std::forward_as_tuple(std::forward<Args>(args)...));
    return {pos, true};
  }
  // std::map's hinted form; the hint is only a hint (emplace finds the position).
  template <class K, class... Args>
  iterator emplace_hint(const_iterator /*hint*/, K&& key, Args&&... args) {
    return emplace(std::forward<K>(key), std::forward<Args>(args)...).first;
  }

  std::pair<iterator, bool> insert(const value_type& v) { return emplace(v.first, v.second); }
  std::pair<iterator, bool> insert(value_type&& v) {
    return emplace(std::move(v.first), std::move(v.second));
  }
  template <class It,
            class = std::enable_if_t<std::is_convertible_v<
                typename std::iterator_traits<It>::iterator_category, std::input_iterator_tag>>>
  void insert(It first, It last) {
    for (; first != last; ++first) insert(*first);
  }

  template <class K, class = std::enable_if_t<!std::is_convertible_v<K, const_iterator> &&
                                              !std::is_convertible_v<K, iterator>>>
  size_type erase(const K& key) {
    auto it = find(key);
    if (it == this->end()) return 0;
    Container::erase(it);
    return 1;
  }
  iterator erase(const_iterator pos) { return Container::erase(pos); }
  iterator erase(iterator pos) { return Container::erase(pos); }
  iterator erase(const_iterator first, const_iterator last) {
    return Container::erase(first, last);
  }

 private:
  template <class A, class B>
  static bool Less(const A& a, const B& b) {
    return std::less<>()(a, b);
  }
  template <class K>
  iterator LowerBound(const K& key) {
    return std::lower_bound(this->begin(), this->end(), key,
                            [](const value_type& m, const K& k) { return Less(m.first, k); });
  }
  template <class K>
  const_iterator LowerBound(const K& key) const {
    return std::lower_bound(this->begin(), this->end(), key,
                            [](const value_type& m, const K& k) { return Less(m.first, k); });
  }
};

}  // namespace causeway
