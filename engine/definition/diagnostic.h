// Diagnostic: one problem found while loading a workflow definition.
#pragma once

#include <string>
#include <vector>

#include "model/source_pos.h"

namespace kasane {

struct Diagnostic {
  SourcePos pos;
  std::string message;

  // "FILE:LINE:COL: error: MESSAGE" ("FILE: error: MESSAGE" when the line is unknown).
  std::string ToString() const;
};

// Sorts by file, line and column (stable: problems at one position keep their
// order) and drops exact duplicates.
void SortDiagnostics(std::vector<Diagnostic>* diags);

// Makes text from third-party messages safe to print: bytes outside printable
// ASCII and valid UTF-8 become "\xNN".
std::string SanitizeMessage(std::string_view text);

}  // namespace kasane
