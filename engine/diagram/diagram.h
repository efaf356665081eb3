// State diagrams of a workflow Definition: Graphviz DOT text, and SVG rendered
// by the Graphviz `dot` program.
//
// ToDot is pure and thread-safe. RenderSvg runs `dot` as a child process (no
// shell) and is safe to call from several threads at once.
#pragma once

#include <string>

#include "model/definition.h"
#include "util/status.h"

namespace kasane {

struct DiagramOptions {
  std::string lang = "ja";        // "ja" or "en": which label of states/transitions/roles to show
  bool left_to_right = false;     // rankdir LR instead of TB
  std::string font = "Noto Sans CJK JP";  // installed by the fonts-noto-cjk package
};

// A Graphviz digraph of the definition's states and transitions:
// - one node per state, labelled with its label and its id in small type;
//   initial states get a bold border and an arrow from a start point, final
//   states are drawn as double octagons;
// - one edge per (source state, transition), labelled "label [role, ...]";
//   guarded transitions are dashed, prefixed with ◆ and list their guards in
//   the tooltip; a transition fired by a timer of its source state shows the
//   timer's duration;
// - internal transitions (empty `to`) are listed inside their state's box;
// - transitions offered in every non-final state (`from: "*"`) appear once,
//   in a note, with edges from the note when they change state.
// Every text taken from the definition is escaped, so any label is safe.
std::string ToDot(const Definition& def, const DiagramOptions& opts = {});

struct RenderOptions {
  std::string dot_program = "dot";  // looked up on PATH unless it contains a '/'
  int timeout_ms = 10000;           // the child is killed after this long
  size_t max_output_bytes = 64u << 20;
};

// Runs `dot -Tsvg`, feeding `dot` on stdin, and returns the SVG document.
// Errors: NotFound when the program is missing ("Graphviz 'dot' not found;
// install the graphviz package"), DeadlineExceeded on time-out,
// InvalidArgument when dot rejects the input (with its stderr),
// ResourceExhausted when the output exceeds max_output_bytes, IOError when
// the process cannot be run.
Result<std::string> RenderSvg(const std::string& dot, const RenderOptions& opts = {});

}  // namespace kasane
