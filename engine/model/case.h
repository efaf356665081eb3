// Case records as stored. Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/localized_text.h"
#include "util/time.h"
#include "util/value.h"

namespace kasane {

using CaseId = int64_t;
using DefinitionVersionId = int64_t;  // row id of a deployed definition version

struct Member {
  std::string agency;
  std::string relation;
};

struct CaseRecord {
  CaseId id = 0;
  std::string tenant;
  std::string workflow;                     // definition id, e.g. "toyonaka"
  DefinitionVersionId definition_version = 0;  // pinned at creation
  std::string state;
  int64_t version = 0;  // bumped by every committed transition; optimistic lock
  CaseId parent_id = 0;  // the case that spawned this one (a linked sub-flow); 0 for none
  Value data;           // a map: field -> value
  std::vector<Member> members;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

// One row of the append-only journal.
struct EventRecord {
  int64_t id = 0;
  CaseId case_id = 0;
  int64_t seq = 0;  // = case version after this event
  Timestamp at = 0;
  std::string actor;
  std::string role;
  std::string agency;
  std::string event;
  std::string from_state;
  std::string to_state;
  Value payload;
  Value decisions;  // list of {key, value, source}
  DefinitionVersionId definition_version = 0;
  std::string idempotency_key;
};

struct TaskRecord {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string kind;
  std::string agency;
  std::string role;
  LocalizedText title;
  std::optional<Timestamp> due_at;
  bool open = true;
  Timestamp created_at = 0;
  std::optional<Timestamp> closed_at;
};

struct TimerRecord {
  int64_t id = 0;
  CaseId case_id = 0;
  std::string timer_id;
  std::string event;
  Timestamp due_at = 0;
  std::string state;
  int attempts = 0;            // failed attempts to fire it so far
  Timestamp not_before = 0;    // after a failed attempt: not retried before this time
};

}  // namespace kasane
