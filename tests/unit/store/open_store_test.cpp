// Opening a store by URL: the sqlite scheme's path forms, its options as
// query parameters, bare paths, and the errors for everything else.
#include "store/open_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "store_test_util.h"

namespace kasane {
namespace {

using testing_util::MakeDefinition;
using testing_util::MakeNewCase;
using testing_util::ScratchDir;

std::unique_ptr<Store> OpenOrDie(const std::string& url) {
  Result<std::unique_ptr<Store>> s = OpenStore(url);
  EXPECT_TRUE(s.ok()) << url << ": " << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

std::string Pragma(Store* store, const char* name) {
  auto* sqlite = dynamic_cast<SqliteStore*>(store);
  if (sqlite == nullptr) return "not a SqliteStore";
  Result<std::string> v = sqlite->PragmaValue(name);
  return v.ok() ? *v : v.status().ToString();
}

// Writes a case, so that another opening of the same database can look for it.
CaseId AddCase(Store* store) {
  Result<DefinitionVersionId> def = store->SaveDefinitionVersion(MakeDefinition("h"));
  if (!def.ok()) return 0;
  Result<CaseRecord> c = store->CreateCase(MakeNewCase(*def));
  return c.ok() ? c->id : 0;
}

TEST(OpenStoreTest, AnAbsolutePathAfterThreeSlashesIsAFile) {
  ScratchDir dir;
  const std::string path = dir.File("kasane.db");
  ASSERT_EQ(path[0], '/');
  std::unique_ptr<Store> store = OpenOrDie("sqlite://" + path);
  ASSERT_NE(store, nullptr);
  const CaseId id = AddCase(store.get());
  ASSERT_GT(id, 0);
  EXPECT_TRUE(std::filesystem::is_regular_file(path));
  EXPECT_EQ(Pragma(store.get(), "synchronous"), "2");  // the defaults: FULL, WAL, 5 s
  EXPECT_EQ(Pragma(store.get(), "journal_mode"), "wal");
  EXPECT_EQ(Pragma(store.get(), "busy_timeout"), "5000");
  store.reset();

  // A bare path is the same database.
  std::unique_ptr<Store> again = OpenOrDie(path);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->GetCase(id).ok());
}

TEST(OpenStoreTest, APathWithoutALeadingSlashIsRelativeToTheWorkingDirectory) {
  ScratchDir dir;
  const std::string rel_a = std::filesystem::relative(dir.File("a.db")).string();
  const std::string rel_b = std::filesystem::relative(dir.File("b.db")).string();
  ASSERT_NE(rel_a[0], '/');
  ASSERT_NE(OpenOrDie("sqlite://" + rel_a), nullptr);
  ASSERT_NE(OpenOrDie("SQLite:" + rel_b), nullptr);
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.File("a.db")));
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.File("b.db")));
}

TEST(OpenStoreTest, MemoryDatabasesArePrivate) {
  std::unique_ptr<Store> a = OpenOrDie("sqlite::memory:");
  std::unique_ptr<Store> b = OpenOrDie(":memory:");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(Pragma(a.get(), "journal_mode"), "memory");
  const CaseId id = AddCase(a.get());
  ASSERT_GT(id, 0);
  EXPECT_EQ(b->GetCase(id).status().code(), Status::Code::kNotFound);
}

TEST(OpenStoreTest, QueryParametersSetTheOptions) {
  ScratchDir dir;
  std::unique_ptr<Store> store =
      OpenOrDie("sqlite://" + dir.File("o.db") + "?synchronous=NORMAL&wal=0&busy_timeout_ms=100");
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(Pragma(store.get(), "synchronous"), "1");
  EXPECT_EQ(Pragma(store.get(), "journal_mode"), "delete");
  EXPECT_EQ(Pragma(store.get(), "busy_timeout"), "100");

  std::unique_ptr<Store> other = OpenOrDie("sqlite://" + dir.File("p.db") + "?wal=true&synchronous=off");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Pragma(other.get(), "synchronous"), "0");
  EXPECT_EQ(Pragma(other.get(), "journal_mode"), "wal");
}

TEST(OpenStoreTest, PercentEscapesStandForBytesInThePath) {
  ScratchDir dir;
  ASSERT_NE(OpenOrDie("sqlite://" + dir.File("what%3Fnot%25.db") + "?wal=0"), nullptr);
  EXPECT_TRUE(std::filesystem::is_regular_file(dir.File("what?not%.db")));
}

TEST(OpenStoreTest, BadUrlsAreInvalidArgumentsNamingTheProblem) {
  ScratchDir dir;
  const std::string db = "sqlite://" + dir.File("bad.db");
  const struct {
    std::string url;
    std::string named;
  } cases[] = {
      {"", "empty"},
      {"postgres://localhost/kasane", "'postgres'"},
      {"file:///tmp/kasane.db", "'file'"},
      {"sqlite:", "no database path"},
      {"sqlite://", "no database path"},
      {"sqlite://?wal=0", "no database path"},
      {db + "?cache=big", "'cache'"},
      {db + "?wal=2", "wal"},
      {db + "?wal=0&wal=1", "'wal' is given twice"},
      {db + "?synchronous=EXTRA", "synchronous"},
      {db + "?busy_timeout_ms=-1", "busy_timeout_ms"},
      {db + "?busy_timeout_ms=10s", "busy_timeout_ms"},
      {db + "?busy_timeout_ms=99999999999", "busy_timeout_ms"},
      {db + "?busy_timeout_ms=", "busy_timeout_ms"},
      {db + "?wal", "'wal' is not name=value"},
      {db + "?wal=0&", "'' is not name=value"},
      {"sqlite://" + dir.File("x%2.db"), "%-escape"},
      {db + "?synchronous=%4", "%-escape"},
  };
  for (const auto& c : cases) {
    Result<std::unique_ptr<Store>> s = OpenStore(c.url);
    ASSERT_FALSE(s.ok()) << c.url;
    EXPECT_EQ(s.status().code(), Status::Code::kInvalidArgument) << c.url << ": " << s.status().ToString();
    EXPECT_NE(s.status().message().find(c.named), std::string::npos) << c.url << ": " << s.status().message();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.File("bad.db"))) << "a refused URL must open nothing";
}

}  // namespace
}  // namespace kasane
