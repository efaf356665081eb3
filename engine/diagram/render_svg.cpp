// RenderSvg: DOT text to SVG through the Graphviz `dot` program.
#include <string>
#include <utility>
#include <vector>

#include "diagram/diagram.h"
#include "diagram/subprocess.h"

namespace kasane {

namespace {
constexpr size_t kMaxStderrInMessage = 2000;
}  // namespace

Result<std::string> RenderSvg(const std::string& dot, const RenderOptions& opts) {
  ProcessLimits limits;
  limits.timeout_ms = opts.timeout_ms;
  limits.max_output_bytes = opts.max_output_bytes;
  Result<ProcessResult> run = RunProcess({opts.dot_program, "-Tsvg"}, dot, limits);
  if (!run.ok()) {
    const Status& s = run.status();
    if (s.code() == Status::Code::kNotFound) {
      return Status::NotFound("Graphviz 'dot' not found; install the graphviz package (tried '" +
                              opts.dot_program + "')");
    }
    return s.WithContext("Graphviz dot");
  }
  ProcessResult& r = *run;
  if (r.term_signal != 0) {
    return Status::Internal("Graphviz dot was killed by signal " + std::to_string(r.term_signal));
  }
  if (r.exit_code != 0) {
    std::string detail = r.err.substr(0, kMaxStderrInMessage);
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return Status::InvalidArgument("Graphviz dot failed (exit " + std::to_string(r.exit_code) + "): " + detail);
  }
  if (r.out.find("<svg") == std::string::npos) {
    return Status::Internal("Graphviz dot produced no SVG document");
  }
  return std::move(r.out);
}

}  // namespace kasane
