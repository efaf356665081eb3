#include "diagram/dot_text.h"

namespace kasane {

namespace {
// ASCII control characters other than the line breaks handled by the callers;
// Graphviz rejects some of them and none of them are meaningful in a label.
bool IsDroppedControl(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
}
}  // namespace

std::string DotQuoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;  // CRLF: the \n follows
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\t') {
      out += ' ';
    } else if (!IsDroppedControl(c)) {
      out += c;
    }
  }
  return out;
}

std::string DotHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': out += ' '; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;
        out += "<BR/>";
        break;
      case '\n': out += "<BR/>"; break;
      default:
        if (!IsDroppedControl(c)) out += c;
    }
  }
  return out;
}

}  // namespace kasane
