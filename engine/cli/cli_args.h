// A small command-line parser shared by the subcommands:
// `--flag value`, `--flag=value`, `-f value` (one-letter flags), boolean `--flag`,
// and positional arguments.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace kasane::cli {

class Args {
 public:
  // `value_flags` take a value; `bool_flags` do not. Anything else starting
  // with "--" is an error, reported by error().
  Args(int argc, char** argv, int first, const std::set<std::string>& value_flags,
       const std::set<std::string>& bool_flags);

  const std::vector<std::string>& positional() const { return positional_; }
  bool has(const std::string& flag) const { return values_.count(flag) > 0; }
  std::string get(const std::string& flag, const std::string& fallback = "") const;
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> values_;
  std::string error_;
};

}  // namespace kasane::cli
