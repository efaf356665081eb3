#include "http/api_routes.h"

#include "http/audit_handlers.h"
#include "http/auth_handlers.h"
#include "http/case_handlers.h"
#include "http/directory_handlers.h"
#include "http/plugin_handlers.h"
#include "http/workflow_handlers.h"

namespace kasane::http {
namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<ApiRoute> Collect() {
  std::vector<ApiRoute> all = SessionRoutes();
  for (const auto* module : {&CaseRoutes(), &DirectoryRoutes(), &AuditRoutes(), &WorkflowRoutes(), &PluginRoutes()}) {
    all.insert(all.end(), module->begin(), module->end());
  }
  return all;
}

}  // namespace

const std::vector<ApiRoute>& ApiRoutes() {
  static const std::vector<ApiRoute> routes = Collect();
  return routes;
}

bool MatchPattern(const std::string& pattern, const std::string& path, std::vector<std::string>* params) {
  if (path.empty() || path[0] != '/') return false;
  const std::vector<std::string> want = Segments(pattern);
  const std::vector<std::string> got = Segments(path);
  if (want.size() != got.size()) return false;
  std::vector<std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    const bool is_param = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (is_param) {
      if (got[i].empty()) return false;
      found.push_back(got[i]);
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

}  // namespace kasane::http
