#include "lua/pattern_cost.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace kasane {
namespace {

// The classes below mirror lstrlib.c (match_class, matchbracketclass,
// classEnd) so the estimate sees the pattern exactly as Lua will.
bool MatchClass(int c, int cl) {
  bool res = false;
  switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c) != 0; break;
    case 'c': res = std::iscntrl(c) != 0; break;
    case 'd': res = std::isdigit(c) != 0; break;
    case 'g': res = std::isgraph(c) != 0; break;
    case 'l': res = std::islower(c) != 0; break;
    case 'p': res = std::ispunct(c) != 0; break;
    case 's': res = std::isspace(c) != 0; break;
    case 'u': res = std::isupper(c) != 0; break;
    case 'w': res = std::isalnum(c) != 0; break;
    case 'x': res = std::isxdigit(c) != 0; break;
    default: return cl == c;
  }
  return std::isupper(cl) != 0 ? !res : res;
}

int Byte(std::string_view p, size_t i) { return static_cast<unsigned char>(p[i]); }

// `p[begin]` is '[' and `p[end - 1]` is the closing ']'.
bool MatchBracketClass(int c, std::string_view p, size_t begin, size_t end) {
  size_t close = end - 1;
  size_t i = begin + 1;
  bool sig = true;
  if (i < close && p[i] == '^') {
    sig = false;
    ++i;
  }
  for (; i < close; ++i) {
    if (p[i] == '%') {
      ++i;
      if (i < close && MatchClass(c, Byte(p, i))) return sig;
    } else if (i + 2 < close && p[i + 1] == '-') {
      if (Byte(p, i) <= c && c <= Byte(p, i + 2)) return sig;
      i += 2;
    } else if (Byte(p, i) == c) {
      return sig;
    }
  }
  return !sig;
}

// End (exclusive) of the single-character class starting at `i`, or npos if
// the pattern is malformed there (Lua will then raise its own error).
size_t ClassEnd(std::string_view p, size_t i) {
  if (i >= p.size()) return std::string_view::npos;
  char c = p[i++];
  if (c == '%') return i < p.size() ? i + 1 : std::string_view::npos;
  if (c != '[') return i;
  if (i < p.size() && p[i] == '^') ++i;
  do {  // the first character after '[' or '[^' is never the closing ']'
    if (i >= p.size()) return std::string_view::npos;
    char d = p[i++];
    if (d == '%' && i < p.size()) ++i;
  } while (i >= p.size() || p[i] != ']');
  return i + 1;
}

bool SingleMatch(int c, std::string_view p, size_t begin, size_t end) {
  switch (p[begin]) {
    case '.': return true;
    case '%': return MatchClass(c, Byte(p, begin + 1));
    case '[': return MatchBracketClass(c, p, begin, end);
    default: return Byte(p, begin) == c;
  }
}

// Longest run of consecutive subject bytes matched by the class p[begin, end).
double LongestRun(std::string_view subject, std::string_view p, size_t begin, size_t end) {
  std::array<bool, 256> matches{};
  for (int c = 0; c < 256; ++c) matches[static_cast<size_t>(c)] = SingleMatch(c, p, begin, end);
  size_t best = 0;
  size_t run = 0;
  for (char ch : subject) {
    run = matches[static_cast<unsigned char>(ch)] ? run + 1 : 0;
    best = std::max(best, run);
  }
  return static_cast<double>(best);
}

}  // namespace

double EstimatePatternCost(std::string_view subject, std::string_view pattern, bool anchor_allowed) {
  const double n1 = static_cast<double>(subject.size()) + 1.0;
  size_t i = 0;
  bool anchored = false;
  if (anchor_allowed && !pattern.empty() && pattern[0] == '^') {
    anchored = true;
    i = 1;
  }
  double cost = (anchored ? 1.0 : n1) * static_cast<double>(std::max<size_t>(pattern.size(), 1));
  int scanned = 0;
  while (i < pattern.size() && cost <= kMaxPatternCost) {
    char c = pattern[i];
    if (c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (c == '%' && i + 1 < pattern.size()) {
      char d = pattern[i + 1];
      if (d == 'b') {  // %bxy scans ahead for the balancing y
        cost *= n1;
        i += 4;
        continue;
      }
      if (d == 'f') {  // %f[set]: a frontier test, no repetition
        size_t end = ClassEnd(pattern, i + 2);
        if (end == std::string_view::npos) break;
        i = end;
        continue;
      }
      if (d >= '0' && d <= '9') {  // back-reference: compares a whole capture
        cost *= n1;
        i += 2;
        continue;
      }
    }
    size_t end = ClassEnd(pattern, i);
    if (end == std::string_view::npos) break;
    if (end < pattern.size()) {
      char q = pattern[end];
      if (q == '*' || q == '+' || q == '-') {
        bool scan = subject.size() <= kMaxScannedSubject && scanned < kMaxScannedItems;
        if (scan) ++scanned;
        cost *= scan ? LongestRun(subject, pattern, i, end) + 1.0 : n1;
        i = end + 1;
        continue;
      }
      if (q == '?') {
        cost *= 2.0;
        i = end + 1;
        continue;
      }
    }
    i = end;
  }
  return cost;
}

double EstimatePlainFindCost(std::string_view subject, std::string_view needle) {
  return (static_cast<double>(subject.size()) + 1.0) * static_cast<double>(std::max<size_t>(needle.size(), 1));
}

}  // namespace kasane
