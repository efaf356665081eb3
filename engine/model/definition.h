// Definition: one town's workflow, as loaded from YAML and validated.
//
// Plain data, no I/O. A Definition is immutable once loaded and shared
// read-only between threads (std::shared_ptr<const Definition>). Its identity
// is the content hash of its sources (YAML files and plugin sources), so every
// deployed version can be stored and a case can pin the version it started on.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/duration.h"
#include "model/localized_text.h"
#include "model/source_pos.h"
#include "util/value.h"

namespace kasane {

// The role every timer event is fired as. Definitions need not declare it.
inline constexpr const char* kSystemRole = "system";

struct Role {
  std::string id;
  LocalizedText label;
  SourcePos pos;
};

// A part of the town's organisation: a window, a division, a contracted body.
struct Agency {
  std::string id;
  LocalizedText label;
  std::string kind;                     // free text: window, division, contracted, council...
  std::vector<std::string> roles;       // role ids its staff hold
  std::vector<std::string> categories;  // consultation categories it takes (for routing)
  SourcePos pos;
};

enum class FieldType { kText, kInteger, kBoolean, kDate, kChoice, kMultiChoice, kRecords };

// "text", "integer", "boolean", "date", "choice", "multi_choice", "records".
const char* FieldTypeName(FieldType t);
bool ParseFieldType(const std::string& name, FieldType* out);

struct Choice {
  std::string id;
  LocalizedText label;
};

struct Field {
  std::string id;
  FieldType type = FieldType::kText;
  bool required = false;
  LocalizedText label;
  std::vector<Choice> choices;       // kChoice, kMultiChoice
  std::vector<Field> record_fields;  // kRecords: the columns of each record
  std::optional<int64_t> min;        // kInteger: value bounds; kRecords: count bounds
  std::optional<int64_t> max;
  std::optional<int64_t> max_length;  // kText: bytes
  SourcePos pos;

  const Choice* FindChoice(const std::string& choice_id) const;
};

struct Form {
  std::string id;
  LocalizedText label;
  std::vector<Field> fields;
  SourcePos pos;
  // Loading only (`extends`): a child's form written with `merge: true` adds to
  // the base's form of that id field by field instead of replacing it, and
  // removes the fields listed here (written as `field: ~`).
  bool merge = false;
  std::vector<std::string> removed_fields;

  const Field* FindField(const std::string& field_id) const;
};

// A reference to a plugin function, "consent.given", with optional arguments
// (`{ call: consent.given, with: {...} }` in YAML).
struct CallRef {
  std::string plugin;
  std::string function;
  Value args;  // null or a map
  SourcePos pos;

  std::string QualifiedName() const { return plugin + "." + function; }
};

// A timer armed when its state is entered and cancelled when it is left.
struct TimerSpec {
  std::string id;  // unique within the state; defaults to the event name
  Duration after;
  std::string fire;  // event fired as role `system` when due
  SourcePos pos;
};

// A task created declaratively by a transition.
struct TaskSpec {
  std::string kind;  // identifies the task for closing it later
  std::string agency;
  std::string role;
  LocalizedText title;
  std::optional<Duration> due;
  SourcePos pos;
};

// A linked child case opened by a transition (an outreach or participation
// sub-flow running alongside the main case).
struct SpawnSpec {
  std::string workflow;           // id of another workflow of the same tenant
  std::string state;              // an initial state of it; empty: its first initial state
  std::string relation;           // the child's relation to the parent; empty: the workflow id
  std::vector<std::string> copy;  // parent fields copied into the child's data
  SourcePos pos;

  const std::string& Relation() const { return relation.empty() ? workflow : relation; }
};

struct State {
  std::string id;
  LocalizedText label;
  bool initial = false;
  bool final = false;
  std::string form;  // form whose fields are edited in this state; may be empty
  std::vector<CallRef> on_enter;
  std::vector<CallRef> on_exit;
  std::vector<TimerSpec> timers;
  SourcePos pos;
};

struct Transition {
  std::vector<std::string> from;  // one or several states
  std::string to;                 // empty: stays in the current state (no exit/entry)
  std::string event;
  LocalizedText label;
  std::vector<std::string> roles;  // roles allowed to fire it; never empty after validation
  std::vector<CallRef> guards;     // all must allow
  std::vector<CallRef> actions;    // run in order; they only return changes
  std::vector<std::string> requires_fields;  // must hold a value after the payload is merged
  std::string form;                // payload form; defaults to the source state's form
  std::vector<TaskSpec> tasks;     // created when the transition commits
  std::vector<std::string> close_tasks;  // task kinds closed when it commits
  std::vector<SpawnSpec> spawns;         // child cases opened when it commits
  Object set;                            // field values written when it commits (`set:`)
  SourcePos pos;

  bool From(const std::string& state) const;
};

// A plugin used by the definition, with its config (already checked against
// the plugin's schema and completed with defaults).
struct PluginUse {
  std::string name;
  Value config;
  SourcePos pos;
};

// A case meeting of the town (支援会議, 重層的支援会議): the form its record is
// entered with and the confidentiality rules for what is shared there. The
// loader checks the references; the runtime decides visibility from them.
struct MeetingSpec {
  std::string id;
  LocalizedText label;
  std::string form;       // the form the meeting's record is entered with (one meeting per form)
  std::string attendees;  // a records field of `form` with an `agency` column
  // A boolean field: agencies that became members of the case through this
  // meeting see it only once the field is true. Empty: no consent condition.
  std::string consent_field;
  // What is shared there is confidential (守秘義務): the fields of `form`, in the
  // case data and in each event's payload, are shown only to the agencies
  // listed in that record's attendees.
  bool restricted = false;
  SourcePos pos;
};

struct Definition {
  std::string id;
  LocalizedText title;
  std::string extends;  // id of the base definition, resolved at load time
  std::string description;
  std::vector<Role> roles;
  std::vector<Agency> agencies;
  std::vector<Form> forms;
  std::vector<State> states;
  std::vector<Transition> transitions;
  std::vector<PluginUse> plugins;
  std::vector<MeetingSpec> meetings;
  Value settings;  // free map of town-level settings, kept with the definition (plugins use `with:`)

  std::string source_file;   // the top file it was loaded from
  std::string content_hash;  // hex SHA-256 of the canonical bundle of its sources

  const Role* FindRole(const std::string& role_id) const;
  const Agency* FindAgency(const std::string& agency_id) const;
  const Form* FindForm(const std::string& form_id) const;
  const State* FindState(const std::string& state_id) const;
  const PluginUse* FindPlugin(const std::string& name) const;
  const MeetingSpec* FindMeeting(const std::string& meeting_id) const;
  // The meeting whose record is entered with `form_id`, or nullptr.
  const MeetingSpec* MeetingForForm(const std::string& form_id) const;
  const State* InitialState() const;
  // Transitions leaving `state` on `event`, in definition order.
  std::vector<const Transition*> TransitionsFor(const std::string& state, const std::string& event) const;
  std::vector<const Transition*> TransitionsFrom(const std::string& state) const;
  // The field of that name in any form, or nullptr. Field ids are unique per definition.
  const Field* FindField(const std::string& field_id) const;
};

using DefinitionPtr = std::shared_ptr<const Definition>;

}  // namespace kasane
