// Where something was written: every loaded element keeps its position so that
// errors can be reported as FILE:LINE:COL.
#pragma once

#include <string>

namespace kasane {

struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown

  // "workflows/toyonaka.yaml:12:5"
  std::string ToString() const {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
    return out;
  }
};

}  // namespace kasane
