#include "definition/parse_transitions.h"

#include "definition/parse_common.h"

namespace kasane {
namespace {

const std::vector<MapReader::Key> kTransitionKeys = {
    {"from"},   {"to"},       {"on"},      {"label"},    {"roles"},       {"guard"},    {"guards"},
    {"actions"}, {"requires"}, {"form"},   {"tasks"},    {"close_tasks"}, {"replaces"}, {"remove"}, {"spawn"},
    {"set"}};

// "transition 'accept'" when `on` is readable, else "transition #3".
std::string TransitionName(const YamlReader& reader, const YAML::Node& node, size_t index) {
  for (const MapEntry& e : MapEntries(reader, node))
    if (e.key == "on" && e.value.IsScalar() && !e.value.Scalar().empty())
      return "transition '" + SanitizeMessage(e.value.Scalar()) + "'";
  return "transition #" + std::to_string(index + 1);
}

void ReadFrom(MapReader* map, TransitionDraft* d, DefinitionDraft* draft) {
  YamlReader* reader = map->reader();
  d->from_key_pos = map->KeyPos("from");
  std::vector<std::string> states;
  std::vector<SourcePos> positions;
  if (!map->ReadStringList("from", &states, &positions, /*allow_single=*/true)) {
    draft->graph_incomplete = true;
    return;
  }
  for (size_t i = 0; i < states.size(); ++i) {
    if (states[i] == "*") {
      if (states.size() > 1) {
        reader->Error(positions[i], "'*' (every non-final state) must be used alone in 'from'");
        draft->graph_incomplete = true;
      }
      d->from_all = true;
      continue;
    }
    if (!CheckId(reader, positions[i], "state", states[i])) {
      draft->graph_incomplete = true;
      continue;
    }
    d->transition.from.push_back(states[i]);
    d->from_pos.push_back(positions[i]);
  }
  if (d->from_all) {
    d->transition.from.clear();
    d->from_pos.clear();
  }
  if (states.empty()) {
    map->ValueError("from", "must name at least one state");
    draft->graph_incomplete = true;
  }
}

void ReadTasks(MapReader* map, TransitionDraft* d) {
  if (!map->HasValue("tasks")) return;
  YamlReader* reader = map->reader();
  YAML::Node list = map->Get("tasks");
  if (!list.IsSequence()) {
    map->ValueError("tasks", "must be a list of tasks, got " + YamlReader::Describe(list));
    return;
  }
  for (const YAML::Node& node : list) {
    MapReader task_map(reader, node, "task", {{"kind", true}, {"agency"}, {"role"}, {"title"}, {"due"}});
    if (!task_map.ok()) continue;
    TaskSpec task;
    TaskDraft pos;
    task.pos = task_map.pos();
    if (task_map.ReadString("kind", &task.kind)) CheckId(reader, task_map.ValuePos("kind"), "task kind", task.kind);
    if (task_map.ReadString("agency", &task.agency)) pos.agency_pos = task_map.ValuePos("agency");
    if (task_map.ReadString("role", &task.role)) pos.role_pos = task_map.ValuePos("role");
    ReadText(&task_map, "title", &task.title);
    Duration due;
    if (ReadDuration(&task_map, "due", &due)) task.due = due;
    d->transition.tasks.push_back(std::move(task));
    d->task_pos.push_back(pos);
  }
}

void ReadSpawns(MapReader* map, TransitionDraft* d) {
  if (!map->HasValue("spawn")) return;
  YamlReader* reader = map->reader();
  YAML::Node list = map->Get("spawn");
  if (!list.IsSequence()) {
    map->ValueError("spawn", "must be a list of child workflows, got " + YamlReader::Describe(list));
    return;
  }
  for (const YAML::Node& node : list) {
    MapReader spawn_map(reader, node, "spawn", {{"workflow", true}, {"state"}, {"relation"}, {"copy"}});
    if (!spawn_map.ok()) continue;
    SpawnSpec spawn;
    spawn.pos = spawn_map.pos();
    if (spawn_map.ReadString("workflow", &spawn.workflow))
      CheckId(reader, spawn_map.ValuePos("workflow"), "workflow", spawn.workflow);
    if (spawn_map.ReadString("state", &spawn.state))
      CheckId(reader, spawn_map.ValuePos("state"), "state", spawn.state);
    if (spawn_map.ReadString("relation", &spawn.relation))
      CheckId(reader, spawn_map.ValuePos("relation"), "relation", spawn.relation);
    std::vector<SourcePos> copy_pos;
    spawn_map.ReadStringList("copy", &spawn.copy, &copy_pos, /*allow_single=*/true);
    d->transition.spawns.push_back(std::move(spawn));
    d->spawn_copy_pos.push_back(std::move(copy_pos));
  }
}

// `set: { field: value }`: values recorded on the case when the transition commits.
void ReadSet(MapReader* map, TransitionDraft* d) {
  if (!map->HasValue("set")) return;
  YAML::Node node = map->Get("set");
  if (!node.IsMap()) {
    map->ValueError("set", "must be a map of field -> value, got " + YamlReader::Describe(node));
    return;
  }
  for (const MapEntry& e : MapEntries(*map->reader(), node)) {
    d->transition.set[e.key] = YamlToValue(*map->reader(), e.value);
    d->set_pos[e.key] = e.value.IsNull() ? e.key_pos : map->reader()->Pos(e.value);
  }
}

void ReadRemoveEntry(MapReader* map, TransitionDraft* d, DefinitionDraft* draft) {
  for (const auto& key : kTransitionKeys) {
    if (key.name == "on" || key.name == "from" || key.name == "remove") continue;
    if (map->Has(key.name))
      map->reader()->Error(map->KeyPos(key.name), "a transition with 'remove: true' takes only 'on' and 'from'; '" +
                                                      std::string(key.name) + "' has no effect");
  }
  map->Require("on");
  map->Require("from");
  ReadFrom(map, d, draft);
}

std::optional<TransitionDraft> ParseTransition(YamlReader* reader, const YAML::Node& node, size_t index,
                                               DefinitionDraft* draft) {
  MapReader map(reader, node, TransitionName(*reader, node, index), kTransitionKeys);
  if (!map.ok()) {
    draft->graph_incomplete = true;
    return std::nullopt;
  }
  TransitionDraft d;
  Transition& t = d.transition;
  t.pos = map.pos();
  if (map.ReadString("on", &t.event)) {
    d.on_pos = map.ValuePos("on");
    CheckEventName(reader, d.on_pos, t.event);
  }
  map.ReadBool("remove", &d.remove);
  if (d.remove) {
    ReadRemoveEntry(&map, &d, draft);
    return d;
  }
  if (map.ReadString("replaces", &d.replaces)) {
    d.replaces_pos = map.ValuePos("replaces");
    CheckEventName(reader, d.replaces_pos, d.replaces);
    if (!map.Has("on")) {
      t.event = d.replaces;
      d.on_pos = d.replaces_pos;
    }
  } else {
    map.Require("on");
  }
  if (!map.Require("from")) draft->graph_incomplete = true;
  if (map.Has("from")) ReadFrom(&map, &d, draft);
  if (map.ReadString("to", &t.to)) {
    d.to_pos = map.ValuePos("to");
    if (!CheckId(reader, d.to_pos, "state", t.to)) {
      t.to.clear();
      draft->graph_incomplete = true;
    }
  }
  ReadText(&map, "label", &t.label);

  map.Require("roles");
  std::vector<std::string> roles;
  std::vector<SourcePos> role_pos;
  if (map.ReadStringList("roles", &roles, &role_pos, /*allow_single=*/true)) {
    if (roles.empty()) map.ValueError("roles", "must name at least one role");
  }
  for (size_t i = 0; i < roles.size(); ++i) {
    if (!CheckId(reader, role_pos[i], "role", roles[i])) continue;
    t.roles.push_back(roles[i]);
    d.role_pos.push_back(role_pos[i]);
  }

  d.has_guard = map.HasValue("guard") || map.HasValue("guards");
  if (map.Has("guard") && map.Has("guards"))
    reader->Error(map.KeyPos("guards"), "use either 'guard' or 'guards', not both");
  else
    ReadCalls(&map, map.Has("guard") ? "guard" : "guards", &t.guards);
  ReadCalls(&map, "actions", &t.actions);
  map.ReadStringList("requires", &t.requires_fields, &d.requires_pos, /*allow_single=*/true);
  if (map.ReadString("form", &t.form)) d.form_pos = map.ValuePos("form");
  ReadTasks(&map, &d);
  ReadSpawns(&map, &d);
  ReadSet(&map, &d);
  map.ReadStringList("close_tasks", &t.close_tasks, &d.close_pos, /*allow_single=*/true);
  return d;
}

}  // namespace

void ParseTransitions(MapReader* top, DefinitionDraft* draft) {
  if (!top->Has("transitions")) return;
  draft->has_transitions = true;
  draft->transitions_pos = top->KeyPos("transitions");
  YAML::Node list = top->Get("transitions");
  if (list.IsNull()) return;
  if (!list.IsSequence()) {
    top->ValueError("transitions", "must be a list of transitions, got " + YamlReader::Describe(list));
    draft->graph_incomplete = true;
    return;
  }
  size_t index = 0;
  for (const YAML::Node& node : list) {
    if (auto d = ParseTransition(top->reader(), node, index++, draft)) draft->transitions.push_back(std::move(*d));
  }
}

}  // namespace kasane
