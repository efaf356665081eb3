// Comparing what a scenario expects with what the store holds.
#pragma once

#include <string>

#include "model/case.h"
#include "util/status.h"
#include "util/value.h"

namespace kasane {

// Normalises a timestamp-like string for comparison; date-only strings compare by JST date.
bool SameTime(const Value& expected, const Value& actual);
// Every key of `expected` is in `actual` with an equal value ("due"/"at" compared as times).
bool SubsetMatches(const Value& expected, const Value& actual);
// A task or timer as the map scenario files describe it.
Value TaskToValue(const TaskRecord& t);
Value TimerToValue(const TimerRecord& t);
// Checks each expected entry matches some actual one (or, when `absent`, none does).
Status CheckList(const char* what, const Value& expected, const Value& actual, bool absent);

}  // namespace kasane
