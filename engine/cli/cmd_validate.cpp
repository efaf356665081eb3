#include <cstdio>

#include "cli/commands.h"
#include "cli/loader_flags.h"

namespace kasane::cli {

int RunValidate(int argc, char** argv) {
  Args args(argc, argv, 2, WithLoaderFlags({}), {"quiet"});
  if (!args.error().empty() || args.positional().empty()) {
    std::fprintf(stderr, "kasane validate: %s\nusage: kasane validate FILE_OR_DIR... [--plugins DIR]\n",
                 args.error().empty() ? "give at least one file or directory" : args.error().c_str());
    return 2;
  }
  int files = 0;
  auto diags = ValidatePaths(args.positional(), LoaderOptionsFrom(args), &files);
  for (const auto& d : diags) std::printf("%s\n", d.ToString().c_str());
  if (!args.has("quiet"))
    std::fprintf(stderr, "%d file(s) checked, %zu error(s)\n", files, diags.size());
  return diags.empty() ? 0 : 1;
}

}  // namespace kasane::cli
