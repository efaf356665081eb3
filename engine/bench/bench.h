// `kasane bench`: drives cases through a realistic flow against a temporary
// database with production settings, and in the same run measures the raw
// SQLite ceiling — the same rows written by bare prepared statements with the
// same pragmas — so the engine's own cost is a ratio, not a guess.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace kasane {

struct BenchOptions {
  std::string synchronous = "FULL";  // FULL | NORMAL
  int64_t existing_cases = 10000;    // seeded before measuring
  int cases = 2000;                  // driven through the whole flow (9 transitions each, creation included)
  std::string workflow_path = "scripts/bench/bench_flow.yaml";
  std::string plugins_dir = "scripts/bench/plugins";
  std::string db_dir;                // empty: a fresh directory under $TMPDIR, removed afterwards
};

struct BenchReport {
  std::string synchronous;
  int64_t existing_cases = 0;
  int cases = 0;
  int64_t transitions = 0;
  double transitions_per_s = 0;     // engine creates and fires / time spent inside them
  double sqlite_ceiling_per_s = 0;  // the same rows replayed through bare prepared statements, same pragmas
  double ratio = 0;                 // transitions_per_s / sqlite_ceiling_per_s
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  double rss_mb = 0;       // peak resident set size during the measured run (seeding excluded)
  double seed_seconds = 0;  // time to seed the existing cases (not part of the figures above)

  std::string ToJson() const;
};

Result<BenchReport> RunBench(const BenchOptions& options);

}  // namespace kasane
