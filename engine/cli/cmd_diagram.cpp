#include <cstdio>
#include <fstream>

#include "cli/commands.h"
#include "cli/loader_flags.h"
#include "diagram/diagram.h"

namespace kasane::cli {

int RunDiagram(int argc, char** argv) {
  Args args(argc, argv, 2, WithLoaderFlags({"format", "lang", "o", "output"}), {"lr"});
  std::string format = args.get("format", "dot");
  std::string lang = args.get("lang", "ja");
  if (!args.error().empty() || args.positional().size() != 1 || (format != "dot" && format != "svg") ||
      (lang != "ja" && lang != "en")) {
    std::fprintf(stderr,
                 "kasane diagram: %s\nusage: kasane diagram FILE [--format dot|svg] [--lang ja|en] [--lr] [-o FILE]\n",
                 !args.error().empty() ? args.error().c_str() : "give one workflow file, --format dot or svg, --lang ja or en");
    return 2;
  }
  std::vector<Diagnostic> diags;
  auto loaded = LoadWorkflowFile(args.positional()[0], LoaderOptionsFrom(args), &diags);
  if (!loaded.ok()) {
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    if (diags.empty()) std::fprintf(stderr, "kasane diagram: %s\n", loaded.status().ToString().c_str());
    return 1;
  }
  DiagramOptions options;
  options.lang = lang;
  options.left_to_right = args.has("lr");
  std::string out = ToDot(*loaded->definition, options);
  if (format == "svg") {
    auto svg = RenderSvg(out);
    if (!svg.ok()) {
      std::fprintf(stderr, "kasane diagram: %s\n", svg.status().ToString().c_str());
      return 1;
    }
    out = std::move(*svg);
  }
  std::string path = args.get("o", args.get("output"));
  if (path.empty()) {
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  }
  std::ofstream file(path, std::ios::binary);
  file << out;
  if (!file) {
    std::fprintf(stderr, "kasane diagram: cannot write %s\n", path.c_str());
    return 1;
  }
  return 0;
}

}  // namespace kasane::cli
