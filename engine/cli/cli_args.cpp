#include "cli/cli_args.h"

#include "util/text.h"

namespace kasane::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& value_flags,
           const std::set<std::string>& bool_flags) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    bool short_flag = arg.size() == 2 && arg[0] == '-' && arg[1] != '-';  // "-o"
    if (!short_flag && (arg.size() < 3 || arg.rfind("--", 0) != 0)) {
      positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(short_flag ? 1 : 2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    if (bool_flags.count(name)) {
      values_[name] = "true";
    } else if (value_flags.count(name)) {
      if (!inline_value) {
        if (i + 1 >= argc) {
          error_ = "option --" + name + " needs a value";
          return;
        }
        value = argv[++i];
      }
      values_[name] = value;
    } else {
      std::vector<std::string> known(value_flags.begin(), value_flags.end());
      known.insert(known.end(), bool_flags.begin(), bool_flags.end());
      error_ = "unknown option --" + name + DidYouMeanSuffix(name, known);
      return;
    }
  }
}

std::string Args::get(const std::string& flag, const std::string& fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() ? fallback : it->second;
}

}  // namespace kasane::cli
