// Bilingual text: Japanese first, English alongside.
#pragma once

#include <string>

namespace kasane {

struct LocalizedText {
  std::string ja;
  std::string en;

  // Japanese unless empty; falls back to English, then to `fallback` (usually the id).
  const std::string& Preferred(const std::string& fallback) const {
    if (!ja.empty()) return ja;
    if (!en.empty()) return en;
    return fallback;
  }
  const std::string& In(const std::string& lang, const std::string& fallback) const {
    if (lang == "en" && !en.empty()) return en;
    return Preferred(fallback);
  }
  bool empty() const { return ja.empty() && en.empty(); }
};

}  // namespace kasane
