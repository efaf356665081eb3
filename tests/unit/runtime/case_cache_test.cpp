#include "runtime/case_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace kasane {
namespace {

CaseCache::Snapshot Snapshot(CaseId id, int64_t version) {
  auto c = std::make_shared<CaseRecord>();
  c->id = id;
  c->version = version;
  return c;
}

// The cached version of `id`, or -1 when it is not cached.
int64_t VersionOf(CaseCache& cache, CaseId id) {
  CaseCache::Snapshot c = cache.Get(id);
  return c ? c->version : -1;
}

TEST(CaseCacheTest, AnOlderSnapshotNeverReplacesANewerOne) {
  CaseCache cache(8);
  cache.Put(Snapshot(1, 6));
  cache.Put(Snapshot(1, 5));  // a commit that finished first but reports last
  EXPECT_EQ(VersionOf(cache, 1), 6);
  cache.Put(Snapshot(1, 7));
  EXPECT_EQ(VersionOf(cache, 1), 7);
}

TEST(CaseCacheTest, TheLeastRecentlyUsedGoesFirst) {
  CaseCache cache(2);
  cache.Put(Snapshot(1, 1));
  cache.Put(Snapshot(2, 1));
  ASSERT_NE(cache.Get(1), nullptr);  // 2 is now the least recently used
  cache.Put(Snapshot(3, 1));
  EXPECT_NE(cache.Get(1), nullptr);
  EXPECT_EQ(cache.Get(2), nullptr);
  EXPECT_NE(cache.Get(3), nullptr);
  cache.Evict(1);
  EXPECT_EQ(cache.Get(1), nullptr);
}

TEST(CaseCacheTest, ConcurrentPutsKeepTheNewestVersion) {
  CaseCache cache(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int v = t; v < 4000; v += 4) {
        cache.Put(Snapshot(1, v));
        (void)cache.Get(1);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(VersionOf(cache, 1), 3999);
}

}  // namespace
}  // namespace kasane
