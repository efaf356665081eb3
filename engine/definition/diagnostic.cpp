#include "definition/diagnostic.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "definition/utf8.h"

namespace kasane {

std::string Diagnostic::ToString() const { return pos.ToString() + ": error: " + message; }

void SortDiagnostics(std::vector<Diagnostic>* diags) {
  auto key = [](const Diagnostic& d) { return std::tie(d.pos.file, d.pos.line, d.pos.column); };
  std::stable_sort(diags->begin(), diags->end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  auto same = [&](const Diagnostic& a, const Diagnostic& b) { return key(a) == key(b) && a.message == b.message; };
  diags->erase(std::unique(diags->begin(), diags->end(), same), diags->end());
}

std::string SanitizeMessage(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t len = Utf8SequenceLength(text, i);
    if (len > 1 || (len == 1 && c >= 0x20 && c != 0x7f)) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    out += buf;
    ++i;
  }
  return out;
}

}  // namespace kasane
