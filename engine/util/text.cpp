#include "util/text.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kasane {

// Optimal string alignment distance: a swap of two neighbours ("lable") counts as one edit.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  size_t best = std::string::npos;
  std::string best_word;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best) {
      best = d;
      best_word = c;
    }
  }
  size_t limit = std::max<size_t>(1, word.size() / 3);
  return best <= limit ? best_word : std::string();
}

std::string DidYouMeanSuffix(std::string_view word, const std::vector<std::string>& candidates) {
  std::string guess = DidYouMean(word, candidates);
  return guess.empty() ? std::string() : " (did you mean '" + guess + "'?)";
}

bool SplitQualifiedName(std::string_view name, std::string* left, std::string* right) {
  size_t dot = name.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return false;
  *left = std::string(name.substr(0, dot));
  *right = std::string(name.substr(dot + 1));
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool ReadFileLimited(const std::string& path, size_t max_bytes, std::string* out, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot open file";
    return false;
  }
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) {
    *error = "cannot read file";
    return false;
  }
  if (static_cast<size_t>(size) > max_bytes) {
    *error = "file is " + std::to_string(static_cast<long long>(size)) + " bytes, over the limit of " +
             std::to_string(max_bytes) + " bytes";
    return false;
  }
  in.seekg(0);
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

std::string CutText(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…（以下省略: " + std::to_string(text.size()) + " バイト / truncated）";
}

}  // namespace kasane
