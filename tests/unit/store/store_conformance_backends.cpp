// The backends the conformance suite runs against.
#include <utility>

#include "store/open_store.h"
#include "store_conformance.h"

namespace kasane::testing_util {
namespace {

// Opens `url`, failing the test when it cannot.
std::unique_ptr<Store> OpenOrFail(const std::string& url) {
  Result<std::unique_ptr<Store>> s = OpenStore(url);
  EXPECT_TRUE(s.ok()) << url << ": " << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

// A new scratch directory, removed when the program ends (after every store
// opened in it has been closed by its test).
const ScratchDir& NewScratchDir() {
  static std::vector<std::unique_ptr<ScratchDir>> dirs;
  dirs.push_back(std::make_unique<ScratchDir>());
  return *dirs.back();
}

}  // namespace

std::vector<StoreBackend> StoreBackends() {
  return {
      {"SqliteFile", [] { return OpenOrFail("sqlite://" + NewScratchDir().File("kasane.db") + "?synchronous=OFF"); }},
      {"SqliteMemory", [] { return OpenOrFail("sqlite::memory:"); }},
  };
}

}  // namespace kasane::testing_util
