#include "bench/bench.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "bench/recording_store.h"
#include "runtime/engine.h"
#include "store/sqlite/open_sqlite.h"
#include "store/sqlite/raw_ceiling.h"

namespace fs = std::filesystem;

namespace kasane {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Starts peak-RSS accounting afresh (Linux: clear_refs 5 resets VmHWM), so the
// seeding phase does not count towards the measured run.
void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return 0;
}

double Percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  auto idx = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[idx];
}

Value Map(std::initializer_list<std::pair<const std::string, Value>> kv) {
  Object o;
  for (const auto& [k, v] : kv) o[k] = v;
  return Value(std::move(o));
}

struct Step {
  const char* event;
  Actor actor;
  Value payload;
};

// The path every benchmark case takes: 8 transitions through forms, guards, actions and timers.
std::vector<Step> FlowSteps() {
  Actor window{"u-window", "window", "fukushi", "bench"};
  Actor csw{"u-csw", "takikan", "shakyo", "bench"};
  return {
      {"refer", window, Value()},
      {"accept", csw, Map({{"consent_share", Value(true)}, {"referral_reason", Value("世帯全体の課題整理が必要")}})},
      {"draft_plan", csw, Value()},
      {"convene", csw, Map({{"goal", Value("介護と就労の両立、本人の社会参加")}})},
      {"agree", csw, Map({{"lead_agency", Value("shakyo")}})},
      {"monitor", csw, Map({{"monitoring_note", Value("訪問時、生活状況は安定")}})},
      {"monitor", csw, Map({{"monitoring_note", Value("就労体験を開始")}})},
      {"close", csw, Value()},
  };
}

// Seeds the existing cases in a child process, so the seeding's memory does
// not count towards the measured run. The parent holds no transaction meanwhile
// and the child never touches the parent's connection.
Result<double> SeedInChild(const std::string& db_path, const StoreOptions& options, const BulkCaseTemplate& seed,
                           int64_t count) {
  int fds[2];
  if (pipe(fds) != 0) return Status::IOError("cannot create a pipe for the seeding process");
  pid_t pid = fork();
  if (pid < 0) return Status::IOError("cannot fork the seeding process");
  if (pid == 0) {
    close(fds[0]);
    auto seeded = BulkInsertCases(db_path, options, seed, count);
    double seconds = seeded.ok() ? seeded->seconds : -1;
    if (!seeded.ok()) std::fprintf(stderr, "kasane bench: seeding failed: %s\n", seeded.status().ToString().c_str());
    ssize_t written = write(fds[1], &seconds, sizeof seconds);
    _exit(seeded.ok() && written == sizeof seconds ? 0 : 1);
  }
  close(fds[1]);
  double seconds = -1;
  ssize_t got = read(fds[0], &seconds, sizeof seconds);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (got != sizeof seconds || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || seconds < 0)
    return Status::IOError("seeding " + std::to_string(count) + " cases into " + db_path + " failed");
  return seconds;
}

class TempDir {
 public:
  explicit TempDir(const std::string& given) {
    if (!given.empty()) {
      path_ = given;
      fs::create_directories(path_);
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "kasane-bench-XXXXXX").string();
    if (mkdtemp(tmpl.data())) {
      path_ = tmpl;
      owned_ = true;
    }
  }
  ~TempDir() {
    std::error_code ec;
    if (owned_) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool owned_ = false;
};

}  // namespace

std::string BenchReport::ToJson() const {
  Object o;
  o["synchronous"] = Value(synchronous);
  o["existing_cases"] = Value(existing_cases);
  o["cases"] = Value(cases);
  o["transitions"] = Value(transitions);
  o["transitions_per_s"] = Value(transitions_per_s);
  o["sqlite_ceiling_per_s"] = Value(sqlite_ceiling_per_s);
  o["ratio"] = Value(ratio);
  o["p50_us"] = Value(p50_us);
  o["p99_us"] = Value(p99_us);
  o["max_us"] = Value(max_us);
  o["rss_mb"] = Value(rss_mb);
  o["seed_seconds"] = Value(seed_seconds);
  return Value(std::move(o)).ToJson();
}

Result<BenchReport> RunBench(const BenchOptions& options) {
  TempDir dir(options.db_dir);
  if (dir.path().empty()) return Status::IOError("cannot create a temporary directory for the benchmark database");
  const std::string db_path = dir.path() + "/bench.db";
  StoreOptions store_options;
  store_options.synchronous = options.synchronous;

  auto store = OpenSqliteStore(db_path, store_options);
  if (!store.ok()) return store.status();
  LoaderOptions loader;
  loader.plugins_dir = options.plugins_dir;
  std::vector<Diagnostic> diags;
  auto workflow = LoadWorkflowFile(options.workflow_path, loader, &diags);
  if (!workflow.ok()) {
    std::string msg = "benchmark workflow does not load";
    for (const auto& d : diags) msg += "\n  " + d.ToString();
    return Status::InvalidArgument(msg);
  }
  Timestamp start = 0;
  ParseTimestamp("2024-04-01T09:00", &start);
  ManualClock clock(start);
  BusinessCalendar calendar;
  RecordingStore recording(store->get());
  WorkflowRegistry registry(&recording, loader);
  auto version = registry.Deploy("bench", *workflow, "bench", start);
  if (!version.ok()) return version.status();
  Engine engine(&recording, &registry, &clock, &calendar);

  BenchReport report;
  report.synchronous = options.synchronous;
  report.existing_cases = options.existing_cases;
  report.cases = options.cases;
  Value intake_data = Map({{"main_complaint", Value("親の介護と本人のひきこもり")}, {"category", Value("p8050")},
                           {"household_size", Value(3)}});
  if (options.existing_cases > 0) {
    BulkCaseTemplate seed{"bench", "bench_flow", *version, "intake", intake_data};
    seed.now = start;
    auto seeded = SeedInChild(db_path, store_options, seed, options.existing_cases);
    if (!seeded.ok()) return seeded.status();
    report.seed_seconds = *seeded;
  }
  ResetPeakRss();

  // Engine and raw writes alternate in rounds, so both see the same disk and
  // cache conditions (fsync times drift over a run).
  const auto steps = FlowSteps();
  constexpr int kRounds = 20;
  std::vector<double> latencies_us;  // of every Create and Fire
  latencies_us.reserve(static_cast<size_t>(options.cases) * steps.size());
  double inside_fire_s = 0;
  double raw_s = 0;
  int64_t key = 0;
  for (int round = 0; round < kRounds; ++round) {
    int first = options.cases * round / kRounds, last = options.cases * (round + 1) / kRounds;
    if (first == last) continue;
    for (int i = first; i < last; ++i) {
      // Opening the case is the flow's first transition (start -> intake).
      auto created_at = SteadyClock::now();
      auto created = engine.Create({"bench", "bench_flow", "", steps[0].actor, intake_data});
      double create_us = std::chrono::duration<double, std::micro>(SteadyClock::now() - created_at).count();
      if (!created.ok()) return created.status().WithContext("create");
      latencies_us.push_back(create_us);
      inside_fire_s += create_us / 1e6;
      for (const Step& step : steps) {
        FireRequest req;
        req.case_id = created->id;
        req.event = step.event;
        req.actor = step.actor;
        req.payload = step.payload;
        req.idempotency_key = "bench-" + std::to_string(++key);
        auto t0 = SteadyClock::now();
        auto fired = engine.Fire(req);
        auto t1 = SteadyClock::now();
        if (!fired.ok()) return fired.status().WithContext(std::string("fire ") + step.event);
        double us = std::chrono::duration<double, std::micro>(t1 - t0).count();
        latencies_us.push_back(us);
        inside_fire_s += us / 1e6;
      }
      clock.Advance(600);
    }
    std::vector<RecordedWrite> writes = recording.TakeWrites();
    auto ceiling = MeasureReplayPerSecond(db_path, store_options, writes);
    if (!ceiling.ok()) return ceiling.status().WithContext("raw ceiling");
    raw_s += static_cast<double>(writes.size()) / *ceiling;
  }
  report.transitions = static_cast<int64_t>(latencies_us.size());
  report.transitions_per_s = static_cast<double>(report.transitions) / inside_fire_s;
  report.sqlite_ceiling_per_s = static_cast<double>(report.transitions) / raw_s;
  report.ratio = report.transitions_per_s / report.sqlite_ceiling_per_s;

  std::sort(latencies_us.begin(), latencies_us.end());
  report.p50_us = Percentile(latencies_us, 0.50);
  report.p99_us = Percentile(latencies_us, 0.99);
  report.max_us = latencies_us.empty() ? 0 : latencies_us.back();
  report.rss_mb = PeakRssMb();
  return report;
}

}  // namespace kasane
