// Benchmark support for the SQLite store: the ceiling SQLite itself puts on
// transition throughput, and fast seeding of databases with many cases.
//
// Both open their own connection to a file database with the same pragmas as
// the store (see ConfigureConnection), so they can run while a Store has the
// same file open, between its transactions.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/case.h"
#include "store/sqlite/open_sqlite.h"
#include "store/store.h"
#include "util/status.h"

namespace kasane {

// A write the store made, as recorded for replay: a case creation or a commit.
using RecordedWrite = std::variant<NewCase, CommitRequest>;

// Writes, for each recorded write in order, exactly the rows SqliteStore wrote
// for it — the case insert or update, the event with its payload and
// decisions, members, tasks and timers — through bare prepared statements in
// one write transaction each, with every text serialised before the clock
// starts. This is the ceiling the engine is measured against: the same rows,
// nothing else (no case read, no Lua, no validation, no JSON building, no
// mutex). Commits must be of cases in the database at `db_path`; each is
// applied one version further (idempotency keys get a "~replay" suffix to stay
// unique); creations insert new cases. A commit's consumed timer is not
// deleted again: the recorded commit already did. Returns replayed writes per
// second.
Result<double> MeasureReplayPerSecond(const std::string& db_path, const StoreOptions& options,
                                      const std::vector<RecordedWrite>& writes);

// What every case seeded by BulkInsertCases looks like.
struct BulkCaseTemplate {
  std::string tenant;
  std::string workflow;
  DefinitionVersionId definition_version = 0;  // must already be saved
  std::string state;                           // e.g. the initial state
  Value data;                                  // a map; the same for every case
  std::string actor = "bulk-seed";             // of the creation event
  std::string role = "system";
  std::string event = "create";
  Timestamp now = 0;
};

struct BulkInsertResult {
  CaseId first_id = 0;  // the new cases are first_id..last_id, contiguous
  CaseId last_id = 0;
  double seconds = 0;  // wall time of the insert, checkpoint included
};

// Appends `count` cases at version 1, each with its creation event (seq 1), to
// the database at `db_path` (created and migrated if needed) in ONE transaction
// through prepared statements, then checkpoints the WAL so the file is compact.
// No tasks, timers or members are written. The write lock is held throughout,
// so seed before measuring, not during. Seeding 1,000,000 cases needs about as
// much free disk again as the resulting database, for the WAL.
Result<BulkInsertResult> BulkInsertCases(const std::string& db_path, const StoreOptions& options,
                                         const BulkCaseTemplate& spec, int64_t count);

}  // namespace kasane
