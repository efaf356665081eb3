// The store conformance suite: tests of the Store contract (store.h) that
// every backend must pass, run once per backend.
//
// Each store_conformance_*_test.cpp declares its own suite with
// KASANE_STORE_CONFORMANCE_SUITE(Name) and writes TEST_P(Name, ...); the
// suite runs against every entry of StoreBackends(). A new backend adds one
// entry there (store_conformance_backends.cpp) and passes the whole suite.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_util.h"

namespace kasane::testing_util {

struct StoreBackend {
  std::string name;  // the test-name suffix: letters, digits and '_'
  // Opens a fresh, empty store, owned by the caller. Whatever else the store
  // needs (a scratch directory) lives at least until the program ends.
  std::function<std::unique_ptr<Store>()> open;
};

// Every backend the suite runs against.
std::vector<StoreBackend> StoreBackends();
// The backend's name, for gtest's test names.
inline std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackend>& param) { return param.param.name; }
// How gtest prints a backend in messages.
inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

// A fresh store with one definition version saved (def_), and readers that
// fail the test on an error status.
class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;

  CaseRecord Create(const NewCase& c);
  CaseRecord Get(CaseId id);
  std::vector<EventRecord> HistoryOf(CaseId id);
  std::vector<TimerRecord> TimersOf(CaseId id);
  std::vector<TaskRecord> TasksOf(CaseId id, bool open_only);
  std::vector<std::string> DueIds(Timestamp now, int limit = 100);
  // Every audit entry of `tenant`, in seq order.
  std::vector<AuditEntry> AuditOf(const std::string& tenant);
  AuditVerification Verify(const std::string& tenant);

  static std::vector<std::string> TimerIds(const std::vector<TimerRecord>& timers);
  // An audit entry of tenant "toyonaka-city" by "sato".
  static AuditEntry Entry(const std::string& action, const std::string& detail = "");

  std::unique_ptr<Store> store_;
  DefinitionVersionId def_ = 0;
};

}  // namespace kasane::testing_util

// Declares conformance suite `suite` and runs it against every backend.
#define KASANE_STORE_CONFORMANCE_SUITE(suite)                                                             \
  class suite : public ::kasane::testing_util::StoreConformanceTest {};                                   \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::ValuesIn(::kasane::testing_util::StoreBackends()), \
                           ::kasane::testing_util::StoreBackendName)
