#include <cctype>
#include <cstdio>
#include <string>

#include "bench/bench.h"
#include "bench/sandbox_attacks.h"
#include "cli/cli_args.h"
#include "cli/commands.h"

namespace kasane::cli {
namespace {

// A whole non-negative decimal number, or -1.
long long ParseCount(const std::string& text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(text);
}

// kasane bench sandbox [--json|--markdown] [--repeat N] [--max-overrun-ms M]:
// exits 1 when an attack ends otherwise than expected or a call runs past its
// budget by more than M ms.
int RunSandboxBench(int argc, char** argv) {
  Args args(argc, argv, 3, {"repeat", "max-overrun-ms"}, {"json", "markdown"});
  long long repeats = ParseCount(args.get("repeat", "5"));
  long long max_overrun = ParseCount(args.get("max-overrun-ms", "50"));
  if (!args.error().empty() || !args.positional().empty() || repeats < 1 || repeats > 1000 || max_overrun < 0) {
    std::fprintf(stderr,
                 "kasane bench sandbox: %s\nusage: kasane bench sandbox [--json|--markdown] [--repeat N] "
                 "[--max-overrun-ms M]\n",
                 args.error().empty() ? "invalid arguments" : args.error().c_str());
    return 2;
  }
  auto report = RunSandboxAttacks(static_cast<int>(repeats));
  if (!report.ok()) {
    std::fprintf(stderr, "kasane bench sandbox: %s\n", report.status().ToString().c_str());
    return 1;
  }
  if (args.has("json")) {
    std::printf("%s\n", report->ToJson().c_str());
  } else {
    std::printf("%s", report->ToTable().c_str());
  }
  int failures = 0;
  for (const SandboxAttackResult& r : report->attacks) {
    if (!r.as_expected) {
      std::fprintf(stderr, "attack '%s' ended with %s, expected %s\n", r.name.c_str(), r.outcome.c_str(),
                   r.expected.c_str());
      ++failures;
    }
  }
  if (report->worst_overrun_ms > static_cast<double>(max_overrun)) {
    std::fprintf(stderr, "attack '%s' ran %.1f ms past its budget (allowed: %lld ms)\n", report->worst_attack.c_str(),
                 report->worst_overrun_ms, max_overrun);
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace

int RunBench(int argc, char** argv) {
  if (argc > 2 && std::string(argv[2]) == "sandbox") return RunSandboxBench(argc, argv);
  Args args(argc, argv, 2, {"synchronous", "existing", "cases", "workflow", "plugins", "db-dir"}, {"json"});
  BenchOptions options;
  std::string sync = args.get("synchronous", "full");
  for (auto& ch : sync) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  options.synchronous = sync;
  options.existing_cases = ParseCount(args.get("existing", "10000"));
  long long cases = ParseCount(args.get("cases", "2000"));
  options.cases = cases > 10'000'000 ? -1 : static_cast<int>(cases);
  options.workflow_path = args.get("workflow", options.workflow_path);
  options.plugins_dir = args.get("plugins", options.plugins_dir);
  options.db_dir = args.get("db-dir");
  if (!args.error().empty() || !args.positional().empty() || (sync != "FULL" && sync != "NORMAL") ||
      options.cases < 1 || options.existing_cases < 0) {
    std::fprintf(stderr,
                 "kasane bench: %s\nusage: kasane bench [--json] [--synchronous full|normal] [--existing N] "
                 "[--cases N] [--workflow FILE] [--plugins DIR] [--db-dir DIR]\n",
                 args.error().empty() ? "invalid arguments" : args.error().c_str());
    return 2;
  }
  auto report = RunBench(options);
  if (!report.ok()) {
    std::fprintf(stderr, "kasane bench: %s\n", report.status().ToString().c_str());
    return 1;
  }
  if (args.has("json")) {
    std::printf("%s\n", report->ToJson().c_str());
  } else {
    std::printf("synchronous=%s existing=%lld cases=%d transitions=%lld\n", report->synchronous.c_str(),
                static_cast<long long>(report->existing_cases), report->cases,
                static_cast<long long>(report->transitions));
    std::printf("engine  %.0f transitions/s (p50 %.0f us, p99 %.0f us)\n", report->transitions_per_s,
                report->p50_us, report->p99_us);
    std::printf("sqlite  %.0f transitions/s (bare prepared statements)\nratio   %.2f\nrss     %.1f MB\n",
                report->sqlite_ceiling_per_s, report->ratio, report->rss_mb);
  }
  return 0;
}

}  // namespace kasane::cli
