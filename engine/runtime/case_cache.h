// CaseCache: the latest snapshot of recently used cases, so a fire on a case
// the engine has just written needs no database read.
//
// A snapshot may be stale when something else wrote the case (another
// process, another Engine on the same store). That is safe: every commit is
// version-checked, and the engine drops the snapshot and retries from the
// database on a conflict. Bounded (least recently used out); thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "model/case.h"

namespace kasane {

class CaseCache {
 public:
  explicit CaseCache(size_t capacity) : capacity_(capacity) {}

  using Snapshot = std::shared_ptr<const CaseRecord>;

  // The cached snapshot, or nullptr.
  Snapshot Get(CaseId id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  // Keeps the newer of `c` and the cached snapshot: two commits finishing in
  // the other order never leave the older one cached.
  void Put(Snapshot c) {
    if (capacity_ == 0 || !c) return;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(c->id);
    if (it != index_.end()) {
      if (it->second->second->version <= c->version) it->second->second = std::move(c);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    CaseId id = c->id;
    order_.emplace_front(id, std::move(c));
    index_[id] = order_.begin();
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  void Evict(CaseId id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return;
    order_.erase(it->second);
    index_.erase(it);
  }

 private:
  using Entry = std::pair<CaseId, Snapshot>;
  const size_t capacity_;
  std::mutex mu_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<CaseId, std::list<Entry>::iterator> index_;
};

}  // namespace kasane
