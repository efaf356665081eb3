// An upper bound on the work of one Lua pattern match, computed before the
// match runs. Lua's matcher runs in C, outside the instruction-count hook that
// enforces the CPU budget, so sandbox.cpp charges string.find/match/gmatch/gsub
// calls their bound (work_cost.h) before they start. The rule (also in
// docs/plugins.md):
//
//   cost = starts * width * product of the factors of the pattern's items
//     starts = 1 if the pattern is anchored with '^' (find, match, gsub),
//              else (subject length + 1): a match is tried at every position
//     width  = pattern length in bytes (at least 1)
//     factor = (longest run of subject bytes the item's class matches) + 1
//                for an item repeated with '*', '+' or '-'
//              2 for an item made optional with '?'
//              subject length + 1 for %b (balanced) and %1..%9 (back-reference)
//              1 for anything else
//
// The run length replaces the subject length for repeated items when the
// subject is at most kMaxScannedSubject bytes and the pattern has at most
// kMaxScannedItems repeated items; beyond that every repeated item counts as
// subject length + 1. Plain finds (4th argument true) cost starts * width.
#pragma once

#include <cstddef>
#include <string_view>

namespace kasane {

// The estimate stops growing past this: no CPU budget affords such a match.
inline constexpr double kMaxPatternCost = 1e15;
inline constexpr size_t kMaxScannedSubject = size_t{1} << 20;
inline constexpr int kMaxScannedItems = 16;

// `anchor_allowed` is false for gmatch, where a leading '^' is not an anchor.
double EstimatePatternCost(std::string_view subject, std::string_view pattern, bool anchor_allowed);

// The cost of a plain (non-pattern) find.
double EstimatePlainFindCost(std::string_view subject, std::string_view needle);

}  // namespace kasane
