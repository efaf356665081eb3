// DefinitionDraft: one YAML file as parsed, before `extends` is merged and the
// whole is validated.
//
// The drafts wrap the model types and add what merging and validation need:
// positions of every reference (so errors point at the id as written),
// removals (`id: ~`), and the transition operations of a child definition
// (`replaces`, `remove`). Plain data.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "definition/yaml_value.h"
#include "model/definition.h"

namespace kasane {

// An id written somewhere, with its position.
struct IdRef {
  std::string id;
  SourcePos pos;
};

// A map of id -> element in a file: the elements in file order, and the ids
// written with a null value (which remove an inherited element).
template <typename T>
struct DraftSection {
  bool present = false;
  SourcePos pos;  // the section key
  std::vector<T> items;
  std::vector<IdRef> removed;
};

struct AgencyDraft {
  Agency agency;
  std::vector<SourcePos> role_pos;  // parallel to agency.roles
};

struct StateDraft {
  State state;
  SourcePos form_pos;
  bool malformed = false;  // had a problem of its own: left out of graph checks
};

struct TaskDraft {
  SourcePos agency_pos;
  SourcePos role_pos;
};

struct TransitionDraft {
  Transition transition;          // transition.from: the listed states unless from_all
  std::vector<SourcePos> from_pos;  // parallel to transition.from
  bool from_all = false;          // from: "*": every non-final state...
  std::vector<std::string> except;  // ...but these (taken by a child's replaces/remove)
  SourcePos from_key_pos;
  SourcePos to_pos;
  SourcePos on_pos;
  std::vector<SourcePos> role_pos;      // parallel to transition.roles
  SourcePos form_pos;
  std::vector<SourcePos> requires_pos;  // parallel to transition.requires_fields
  std::vector<TaskDraft> task_pos;      // parallel to transition.tasks
  std::vector<SourcePos> close_pos;     // parallel to transition.close_tasks
  std::vector<std::vector<SourcePos>> spawn_copy_pos;  // parallel to transition.spawns, then to copy
  std::map<std::string, SourcePos> set_pos;             // field -> where its `set:` value was written
  std::string replaces;                 // child only: event of the base transitions it replaces
  SourcePos replaces_pos;
  bool remove = false;                  // child only: removes base transitions
  bool has_guard = false;               // any guard written (even one that failed to parse)

  // A short name for messages: "transition 'accept'".
  std::string Name() const { return "transition '" + transition.event + "'"; }
};

struct PluginDraft {
  PluginUse use;               // use.config: the `with:` map as written (null when absent)
  SourcePos with_pos;          // the `with:` key, or the `use:` key when absent
  ValuePositions config_pos;   // positions inside `with:`
};

struct DefinitionDraft {
  std::string file;  // as shown in messages
  SourcePos pos;     // the top-level map

  std::string id;
  SourcePos id_pos;
  bool has_title = false;
  LocalizedText title;
  bool has_description = false;
  std::string description;
  std::string extends;
  SourcePos extends_pos;
  Value settings;  // null when absent

  DraftSection<Role> roles;
  DraftSection<AgencyDraft> agencies;
  DraftSection<Form> forms;
  DraftSection<StateDraft> states;
  bool has_transitions = false;
  SourcePos transitions_pos;
  std::vector<TransitionDraft> transitions;
  std::vector<PluginDraft> plugins;
  DraftSection<MeetingSpec> meetings;  // references are reported at each meeting's key

  // Set when a transition could not be read or names an undefined state: the
  // graph checks (reachability, dead ends) would then only echo that problem.
  bool graph_incomplete = false;
};

// Ids of the elements of a section, for did-you-mean suggestions and lookups.
inline const std::string& IdOf(const Role& r) { return r.id; }
inline const std::string& IdOf(const AgencyDraft& a) { return a.agency.id; }
inline const std::string& IdOf(const Form& f) { return f.id; }
inline const std::string& IdOf(const StateDraft& s) { return s.state.id; }
inline const std::string& IdOf(const MeetingSpec& m) { return m.id; }

template <typename T>
std::vector<std::string> IdsOf(const std::vector<T>& items) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const T& item : items) ids.push_back(IdOf(item));
  return ids;
}

template <typename T>
const T* FindDraft(const std::vector<T>& items, const std::string& id) {
  for (const T& item : items)
    if (IdOf(item) == id) return &item;
  return nullptr;
}

}  // namespace kasane
