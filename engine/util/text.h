// Small string helpers shared by the loaders and the CLI.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kasane {

// Edit distance (adjacent swaps count once) in bytes; fine for the ASCII identifiers it compares.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo
// (distance <= max(1, len/3)); empty otherwise.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string DidYouMeanSuffix(std::string_view word, const std::vector<std::string>& candidates);

// Splits "a.b" at the first dot; returns false when there is no dot or a side is empty.
bool SplitQualifiedName(std::string_view name, std::string* left, std::string* right);

bool StartsWith(std::string_view s, std::string_view prefix);

// `text` when it has at most `max_bytes` bytes; otherwise its first bytes, cut
// at a UTF-8 character boundary, with a marker saying how long it was:
// "…（以下省略: 8388608 バイト / truncated）". For messages from plugins.
std::string CutText(std::string_view text, size_t max_bytes);
std::string Trim(std::string_view s);

// Reads a whole file; returns false and sets *error on failure or if larger than max_bytes.
bool ReadFileLimited(const std::string& path, size_t max_bytes, std::string* out, std::string* error);

}  // namespace kasane
