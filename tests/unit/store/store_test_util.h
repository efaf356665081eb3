// Shared fixtures for the store tests: a scratch directory and small builders
// for definitions, new cases and commit requests. Backend-independent; the
// SQLite tests add sqlite_test_util.h.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace kasane::testing_util {

inline std::string Describe(const Status& s) { return s.ToString(); }
template <typename T>
std::string Describe(const Result<T>& r) {
  return r.status().ToString();
}

// Fails the test (and returns from it) unless `expr` (a Status or Result) is OK.
#define KASANE_ASSERT_OK(expr)                                                                  \
  do {                                                                                          \
    const auto& kasane_assert_ok_ = (expr);                                                     \
    ASSERT_TRUE(kasane_assert_ok_.ok()) << ::kasane::testing_util::Describe(kasane_assert_ok_); \
  } while (0)

// A fresh directory under the test temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = ::testing::TempDir() + "kasane_store_XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline StoredDefinition MakeDefinition(const std::string& hash, const std::string& workflow = "toyonaka") {
  StoredDefinition d;
  d.tenant = "toyonaka-city";
  d.workflow = workflow;
  d.content_hash = hash;
  d.bundle = R"({"yaml":"workflow: )" + workflow + R"("})";
  d.deployed_at = 1693526400;
  d.deployed_by = "admin";
  return d;
}

inline NewCase MakeNewCase(DefinitionVersionId def, const std::string& state = "referred") {
  NewCase c;
  c.tenant = "toyonaka-city";
  c.workflow = "toyonaka";
  c.definition_version = def;
  c.state = state;
  c.data["main_complaint"] = Value("生活困窮");
  c.now = 1693530000;
  c.event.at = c.now;
  c.event.actor = "sato";
  c.event.role = "secretariat";
  c.event.agency = "chiiki_kyosei";
  c.event.event = "create";
  c.event.to_state = state;
  c.event.payload["main_complaint"] = Value("生活困窮");
  c.event.decisions = Value(Array{});
  c.event.definition_version = def;
  return c;
}

// A transition of `c` from its current state and version to `to`.
inline CommitRequest MakeCommit(const CaseRecord& c, const std::string& to, const std::string& event_name) {
  CommitRequest r;
  r.case_id = c.id;
  r.expected_version = c.version;
  r.from_state = c.state;
  r.to_state = to;
  r.data = c.data;
  r.now = c.updated_at + 60;
  r.event.at = r.now;
  r.event.actor = "sato";
  r.event.role = "secretariat";
  r.event.agency = "chiiki_kyosei";
  r.event.event = event_name;
  r.event.from_state = c.state;
  r.event.to_state = to;
  r.event.payload = Value(Object{});
  r.event.decisions = Value(Array{});
  r.event.definition_version = c.definition_version;
  return r;
}

}  // namespace kasane::testing_util
