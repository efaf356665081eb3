// Scenario files: how a consultant proves a town's flow before deploying it.
//
// A scenario fires events as named actors, moves a manual clock, and states
// what it expects: a state, data values, tasks, timers, available actions, or
// an error with its reason. See docs/scenarios.md for the format.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/source_pos.h"
#include "runtime/engine.h"
#include "util/status.h"
#include "util/value.h"

namespace kasane {

struct ExpectedError {
  std::string code;     // Status code name, e.g. "guard_denied"; empty: any error
  std::string message;  // a fragment the message must contain; empty: any
};

// Everything a step may check. Absent parts are not checked.
struct Expectation {
  std::optional<std::string> state;
  Value data;          // map: field -> expected value (null: must be absent)
  Value tasks;         // list of maps; each must match an open task (subset of keys)
  Value no_tasks;      // list of maps; no open task may match
  Value timers;        // list of maps {event, id, due}; each must match a pending timer
  Value no_timers;     // list of maps; no pending timer may match
  std::vector<std::string> available;              // events the step's actor may fire now
  std::map<std::string, std::string> unavailable;  // event -> reason fragment ("" = any reason)
  Value decisions;     // map: key -> value of the latest decision with that key
  Value members;       // list of maps {agency, relation}; each must be a member
  std::vector<std::string> history;  // the case's event names in order (including "create")
  Value children;      // list of maps {workflow, state}; each must match a child case
  Value no_children;   // list of maps; no child case may match
  // Who sees what, judged exactly as the server judges a read
  // (runtime/case_access.h): actor -> "full", "meeting_only" or "" (either).
  std::map<std::string, std::string> visible_to;
  std::vector<std::string> hidden_from;  // actors that may not see the case at all
  // actor -> fields of the case data it must see / must not see.
  std::map<std::string, std::vector<std::string>> shown_fields;
  std::map<std::string, std::vector<std::string>> hidden_fields;
  bool any() const;
};

struct ScenarioStep {
  enum class Kind { kCreate, kFire, kAdvance, kExpect };
  Kind kind = Kind::kExpect;
  SourcePos pos;
  std::string case_name = "main";  // or "main/participation": the newest child of that workflow
  std::string actor;                 // name in `actors`
  std::string event;                 // kFire
  std::string initial_state;         // kCreate
  Value data;                        // kCreate / kFire payload
  std::string advance;               // kAdvance: a duration ("3 days") ...
  std::optional<Timestamp> advance_to;  // ... or an absolute time
  std::optional<ExpectedError> expect_error;
  Expectation expect;
  std::string Describe() const;  // "fire convene as csw"
};

struct Scenario {
  std::string id;
  std::string title;
  std::string workflow;  // id or path to the workflow file
  Timestamp start = 0;
  std::map<std::string, Actor> actors;
  std::vector<ScenarioStep> steps;
  SourcePos pos;
};

// Parses a scenario file: either one scenario (top-level `scenario:`) or a list
// under `scenarios:`. Problems are returned as "FILE:LINE:COL: error: ..." lines.
Result<std::vector<Scenario>> ParseScenarioFile(const std::string& path, std::vector<std::string>* errors);

}  // namespace kasane
