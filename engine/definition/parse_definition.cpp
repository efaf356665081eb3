#include "definition/parse_definition.h"

#include <map>
#include <string_view>

#include "definition/parse_common.h"
#include "definition/parse_forms.h"
#include "definition/parse_section.h"
#include "definition/parse_transitions.h"
#include "definition/yaml_value.h"

namespace kasane {
namespace {

std::string At(const SourcePos& pos) { return std::to_string(pos.line) + ":" + std::to_string(pos.column); }

bool ParseRole(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node, Role* role) {
  role->id = id;
  role->pos = pos;
  if (node.IsScalar()) {
    role->label.ja = node.Scalar();
    return true;
  }
  MapReader map(reader, node, "role '" + id + "'", {{"label"}, {"ja"}, {"en"}});
  if (map.ok()) ReadInlineLabel(&map, &role->label);
  return true;  // a role is usable by id even when its label is broken
}

bool ParseAgency(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node,
                 AgencyDraft* draft) {
  Agency& agency = draft->agency;
  agency.id = id;
  agency.pos = pos;
  MapReader map(reader, node, "agency '" + id + "'", {{"label"}, {"ja"}, {"en"}, {"kind"}, {"roles"}, {"categories"}});
  if (!map.ok()) return true;
  ReadInlineLabel(&map, &agency.label);
  map.ReadString("kind", &agency.kind);
  std::vector<std::string> roles;
  std::vector<SourcePos> role_pos;
  map.ReadStringList("roles", &roles, &role_pos);
  for (size_t i = 0; i < roles.size(); ++i) {
    if (!CheckId(reader, role_pos[i], "role", roles[i])) continue;
    agency.roles.push_back(roles[i]);
    draft->role_pos.push_back(role_pos[i]);
  }
  map.ReadStringList("categories", &agency.categories, nullptr);
  return true;
}

// Reads a referenced id under `key`; a malformed one is reported and left
// empty, so validation does not report it again.
void ReadIdRef(MapReader* map, std::string_view key, std::string_view kind, std::string* out) {
  if (map->ReadString(key, out) && !CheckId(map->reader(), map->ValuePos(key), kind, *out)) out->clear();
}

bool ParseMeeting(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node,
                  MeetingSpec* meeting) {
  meeting->id = id;
  meeting->pos = pos;
  MapReader map(reader, node, "meeting '" + id + "'",
                {{"label"}, {"ja"}, {"en"}, {"form", true}, {"attendees", true}, {"consent_field"}, {"restricted"}});
  if (!map.ok()) return true;
  ReadInlineLabel(&map, &meeting->label);
  ReadIdRef(&map, "form", "form", &meeting->form);
  ReadIdRef(&map, "attendees", "field", &meeting->attendees);
  ReadIdRef(&map, "consent_field", "field", &meeting->consent_field);
  map.ReadBool("restricted", &meeting->restricted);
  return true;  // problems are already reported; validation skips the references left empty
}

void ReadTimers(MapReader* map, State* state) {
  if (!map->HasValue("timers")) return;
  YamlReader* reader = map->reader();
  YAML::Node list = map->Get("timers");
  if (!list.IsSequence()) {
    map->ValueError("timers", "must be a list of timers, got " + YamlReader::Describe(list));
    return;
  }
  std::map<std::string, SourcePos> seen;
  for (const YAML::Node& node : list) {
    MapReader timer_map(reader, node, "timer", {{"after", true}, {"fire", true}, {"id"}});
    if (!timer_map.ok()) continue;
    TimerSpec timer;
    timer.pos = timer_map.pos();
    bool ok = ReadDuration(&timer_map, "after", &timer.after);
    if (timer_map.ReadString("fire", &timer.fire))
      ok = CheckEventName(reader, timer_map.ValuePos("fire"), timer.fire) && ok;
    else
      ok = false;
    SourcePos id_pos = timer_map.ValuePos("fire");
    if (timer_map.ReadString("id", &timer.id)) {
      id_pos = timer_map.ValuePos("id");
      ok = CheckId(reader, id_pos, "timer", timer.id) && ok;
    } else {
      timer.id = timer.fire;
    }
    if (!timer.id.empty()) {
      auto [it, inserted] = seen.emplace(timer.id, id_pos);
      if (!inserted) {
        reader->Error(id_pos, "duplicate timer id '" + timer.id + "' in state '" + state->id + "' (first defined at " +
                                  At(it->second) + "; give each timer its own 'id')");
        ok = false;
      }
    }
    if (ok) state->timers.push_back(std::move(timer));
  }
}

bool ParseState(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node,
                StateDraft* draft) {
  size_t before = reader->diagnostic_count();
  State& state = draft->state;
  state.id = id;
  state.pos = pos;
  MapReader map(reader, node, "state '" + id + "'",
                {{"label"}, {"initial"}, {"final"}, {"form"}, {"on_enter"}, {"on_exit"}, {"timers"}});
  if (map.ok()) {
    ReadText(&map, "label", &state.label);
    map.ReadBool("initial", &state.initial);
    map.ReadBool("final", &state.final);
    if (map.ReadString("form", &state.form)) draft->form_pos = map.ValuePos("form");
    ReadCalls(&map, "on_enter", &state.on_enter);
    ReadCalls(&map, "on_exit", &state.on_exit);
    ReadTimers(&map, &state);
    if (state.initial && state.final) reader->Error(pos, "state '" + id + "' cannot be both initial and final");
    if (state.final && map.HasValue("timers")) {
      reader->Error(map.KeyPos("timers"), "final state '" + id + "' cannot have timers");
      state.timers.clear();  // already reported; their events need no transition
    }
  }
  draft->malformed = reader->diagnostic_count() != before;
  return true;  // kept even when malformed, so references to it still resolve
}

void ParsePlugins(MapReader* top, DefinitionDraft* draft) {
  if (!top->HasValue("plugins")) return;
  YamlReader* reader = top->reader();
  YAML::Node list = top->Get("plugins");
  if (!list.IsSequence()) {
    top->ValueError("plugins", "must be a list of { use: name, with: {config} }, got " + YamlReader::Describe(list));
    return;
  }
  std::map<std::string, SourcePos> seen;
  for (const YAML::Node& node : list) {
    MapReader map(reader, node, "plugin entry", {{"use", true}, {"with"}});
    if (!map.ok()) continue;
    PluginDraft plugin;
    if (!map.ReadString("use", &plugin.use.name)) continue;
    plugin.use.pos = map.ValuePos("use");
    if (!CheckId(reader, plugin.use.pos, "plugin", plugin.use.name)) continue;
    auto [it, inserted] = seen.emplace(plugin.use.name, plugin.use.pos);
    if (!inserted) {
      reader->Error(plugin.use.pos,
                    "duplicate plugin '" + plugin.use.name + "' (first listed at " + At(it->second) + ")");
      continue;
    }
    plugin.with_pos = plugin.use.pos;
    if (map.HasValue("with")) {
      YAML::Node with = map.Get("with");
      plugin.with_pos = map.KeyPos("with");
      if (with.IsMap())
        plugin.use.config = YamlToValue(*reader, with, &plugin.config_pos);
      else
        map.ValueError("with", "must be a map (the plugin's config), got " + YamlReader::Describe(with));
    }
    draft->plugins.push_back(std::move(plugin));
  }
}

void ParseHeader(MapReader* top, DefinitionDraft* draft) {
  YamlReader* reader = top->reader();
  if (top->ReadString("workflow", &draft->id)) {
    draft->id_pos = top->ValuePos("workflow");
    if (!CheckId(reader, draft->id_pos, "workflow", draft->id)) draft->id.clear();
  }
  if (top->ReadString("extends", &draft->extends)) {
    draft->extends_pos = top->ValuePos("extends");
    if (!CheckId(reader, draft->extends_pos, "workflow", draft->extends)) draft->extends.clear();
  }
  if (draft->extends.empty() && !top->Has("extends")) {
    // A base-less definition must be complete; a child inherits these.
    top->Require("title");
    top->Require("states");
    top->Require("transitions");
  }
  draft->has_title = ReadText(top, "title", &draft->title);
  draft->has_description = top->ReadString("description", &draft->description);
  if (top->HasValue("settings")) {
    YAML::Node settings = top->Get("settings");
    if (settings.IsMap())
      draft->settings = YamlToValue(*reader, settings);
    else
      top->ValueError("settings", "must be a map, got " + YamlReader::Describe(settings));
  }
}

}  // namespace

DefinitionDraft ParseDefinition(YamlReader* reader, const YAML::Node& root) {
  DefinitionDraft draft;
  draft.file = reader->file();
  draft.pos = SourcePos{reader->file(), 1, 1};
  if (root.IsNull()) {
    reader->Error(draft.pos, "the file is empty; a definition needs 'workflow', 'title', 'states' and 'transitions'");
    draft.graph_incomplete = true;
    return draft;
  }
  MapReader top(reader, root, "the definition",
                {{"workflow", true}, {"title"}, {"description"}, {"extends"}, {"settings"}, {"roles"},
                 {"agencies"}, {"meetings"}, {"forms"}, {"states"}, {"transitions"}, {"plugins"}},
                "at the top level");
  if (!top.ok()) {
    draft.graph_incomplete = true;
    return draft;
  }
  draft.pos = top.pos();
  ParseHeader(&top, &draft);
  ReadSection(&top, "roles", "role", &draft.roles,
              [&](const std::string& id, const SourcePos& pos, const YAML::Node& node, Role* role) {
                return ParseRole(reader, id, pos, node, role);
              });
  ReadSection(&top, "agencies", "agency", &draft.agencies,
              [&](const std::string& id, const SourcePos& pos, const YAML::Node& node, AgencyDraft* agency) {
                return ParseAgency(reader, id, pos, node, agency);
              });
  ParseForms(&top, &draft);
  ReadSection(&top, "states", "state", &draft.states,
              [&](const std::string& id, const SourcePos& pos, const YAML::Node& node, StateDraft* state) {
                return ParseState(reader, id, pos, node, state);
              });
  ParseTransitions(&top, &draft);
  ParsePlugins(&top, &draft);
  ReadSection(&top, "meetings", "meeting", &draft.meetings,
              [&](const std::string& id, const SourcePos& pos, const YAML::Node& node, MeetingSpec* meeting) {
                return ParseMeeting(reader, id, pos, node, meeting);
              });
  return draft;
}

}  // namespace kasane
