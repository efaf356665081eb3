#include <cstdio>

#include "cli/commands.h"
#include "cli/loader_flags.h"
#include "scenario/scenario_runner.h"

namespace kasane::cli {

int RunTest(int argc, char** argv) {
  Args args(argc, argv, 2, WithLoaderFlags({}), {"verbose"});
  if (!args.error().empty() || args.positional().empty()) {
    std::fprintf(stderr, "kasane test: %s\nusage: kasane test FILE_OR_DIR... [--workflows DIR] [--plugins DIR]\n",
                 args.error().empty() ? "give at least one scenario file or directory" : args.error().c_str());
    return 2;
  }
  ScenarioRunOptions options;
  options.loader = LoaderOptionsFrom(args);
  ScenarioReport report = RunScenarioPaths(args.positional(), options);
  for (const auto& e : report.errors) std::printf("ERROR %s\n", e.c_str());
  for (const auto& o : report.outcomes) {
    if (o.passed) {
      if (args.has("verbose")) std::printf("PASS  %s  (%s)\n", o.id.c_str(), o.file.c_str());
    } else {
      std::printf("FAIL  %s  (%s)\n      %s\n", o.id.c_str(), o.file.c_str(), o.failure.c_str());
    }
  }
  std::printf("%d passed, %d failed\n", report.passed, report.failed);
  return report.failed == 0 && report.passed > 0 ? 0 : 1;
}

}  // namespace kasane::cli
