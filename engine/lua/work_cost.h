// What a Lua library function written in C will cost, estimated before it
// starts. The count hook cannot see inside C, so sandbox.cpp charges these
// estimates against the call's CPU budget: work that costs more than a whole
// budget is refused with an error naming the function, work that would end
// past the deadline ends the call as a time-out before it starts.
//
// Nanoseconds per unit, measured on the reference machine (docs/plugins.md §9)
// and doubled, so that a real call takes at most about the estimate.
#pragma once

namespace kasane::work_cost {

inline constexpr double kPatternStep = 2.5;   // one step of the matcher's bound (pattern_cost.h); measured 1.2
inline constexpr double kGsubStart = 40;      // per position gsub tries, building its result; measured 20
inline constexpr double kRepCopy = 8;         // string.rep per copy; measured 3.7
inline constexpr double kCopiedByte = 0.2;    // string.rep per byte copied
inline constexpr double kCaseMappedByte = 10; // string.upper/lower per byte; measured 4.9
inline constexpr double kScannedByte = 4;     // string.reverse, utf8.len/codepoint/offset per byte; measured 1.7
inline constexpr double kSortCompare = 90;    // table.sort per comparison (n log2 n of them); measured 25-45
inline constexpr double kComparedByte = 0.06; // per byte of the longest string compared; measured 0.027
inline constexpr double kTableElement = 20;   // table.concat/insert/remove/move/unpack per element touched

}  // namespace kasane::work_cost
