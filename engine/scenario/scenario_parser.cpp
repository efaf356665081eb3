#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "definition/yaml_document.h"
#include "definition/yaml_value.h"
#include "scenario/scenario.h"
#include "util/text.h"

namespace kasane {

bool Expectation::any() const {
  return state || !data.is_null() || !tasks.is_null() || !no_tasks.is_null() || !timers.is_null() ||
         !no_timers.is_null() || !available.empty() || !unavailable.empty() || !decisions.is_null() ||
         !members.is_null() || !history.empty() || !children.is_null() || !no_children.is_null() ||
         !visible_to.empty() || !hidden_from.empty() || !shown_fields.empty() || !hidden_fields.empty();
}

std::string ScenarioStep::Describe() const {
  switch (kind) {
    case Kind::kCreate: return "create as " + actor;
    case Kind::kFire: return "fire " + event + " as " + actor;
    case Kind::kAdvance: return "advance " + advance;
    case Kind::kExpect: return "expect";
  }
  return "?";
}

namespace {

// Collects problems with positions; parsing goes on after a problem so that
// every problem of a file is reported at once.
class ScenarioParser {
 public:
  ScenarioParser(std::string file, std::vector<std::string>* errors) : file_(std::move(file)), errors_(errors) {}

  std::vector<Scenario> ParseFile(const YAML::Node& root) {
    std::vector<Scenario> out;
    if (!root.IsMap()) {
      Error(root, "a scenario file must be a map with 'scenario:' or 'scenarios:'");
      return out;
    }
    if (root["scenarios"]) {
      CheckKeys(root, {"scenarios"}, "scenario file");
      const YAML::Node list = root["scenarios"];
      if (!list.IsSequence()) {
        Error(list, "'scenarios' must be a list");
        return out;
      }
      for (const auto& item : list) out.push_back(ParseScenario(item));
    } else {
      out.push_back(ParseScenario(root));
    }
    return out;
  }

 private:
  SourcePos Pos(const YAML::Node& n) const {
    return SourcePos{file_, n.Mark().line + 1, n.Mark().column + 1};
  }
  void Error(const YAML::Node& n, const std::string& msg) {
    errors_->push_back(Pos(n).ToString() + ": error: " + msg);
  }

  void CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& where) {
    for (const auto& kv : map) {
      auto key = kv.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        Error(kv.first, "unknown key '" + key + "' in " + where + DidYouMeanSuffix(key, allowed));
    }
  }

  std::string Scalar(const YAML::Node& n, const std::string& what) {
    if (!n.IsScalar()) {
      Error(n, "'" + what + "' must be a single value");
      return {};
    }
    return n.Scalar();
  }

  Scenario ParseScenario(const YAML::Node& node) {
    Scenario sc;
    sc.pos = Pos(node);
    if (!node.IsMap()) {
      Error(node, "a scenario must be a map");
      return sc;
    }
    CheckKeys(node, {"scenario", "title", "workflow", "start", "actors", "steps", "source"}, "scenario");
    if (node["scenario"]) sc.id = Scalar(node["scenario"], "scenario");
    else Error(node, "missing 'scenario' (the scenario id, e.g. MAI-01)");
    if (node["title"]) sc.title = Scalar(node["title"], "title");
    if (node["workflow"]) sc.workflow = Scalar(node["workflow"], "workflow");
    else Error(node, "missing 'workflow' (a workflow id or a path to its YAML file)");
    ParseTimestamp("2024-04-01T09:00:00+09:00", &sc.start);
    if (node["start"] && !ParseTimestamp(Scalar(node["start"], "start"), &sc.start))
      Error(node["start"], "'start' must be a date or date-time such as 2024-04-01T09:00");
    if (node["actors"]) ParseActors(node["actors"], &sc);
    if (!node["steps"] || !node["steps"].IsSequence()) {
      Error(node, "missing 'steps' (a list)");
      return sc;
    }
    for (const auto& step : node["steps"]) sc.steps.push_back(ParseStep(step, sc));
    return sc;
  }

  void ParseActors(const YAML::Node& node, Scenario* sc) {
    if (!node.IsMap()) {
      Error(node, "'actors' must be a map: name -> { role, agency }");
      return;
    }
    for (const auto& kv : node) {
      auto name = kv.first.as<std::string>();
      const YAML::Node& a = kv.second;
      if (!a.IsMap() || !a["role"]) {
        Error(kv.second, "actor '" + name + "' needs at least a 'role'");
        continue;
      }
      CheckKeys(a, {"role", "agency", "id"}, "actor '" + name + "'");
      Actor actor;
      actor.id = a["id"] ? Scalar(a["id"], "id") : name;
      actor.role = Scalar(a["role"], "role");
      if (a["agency"]) actor.agency = Scalar(a["agency"], "agency");
      sc->actors[name] = actor;
    }
  }

  void RequireActor(const YAML::Node& node, const Scenario& sc, ScenarioStep* step) {
    if (!node["as"]) {
      Error(node, "step '" + step->Describe() + "' needs 'as: <actor>'");
      return;
    }
    step->actor = Scalar(node["as"], "as");
    if (!sc.actors.count(step->actor)) {
      std::vector<std::string> names;
      for (const auto& [n, a] : sc.actors) names.push_back(n);
      Error(node["as"], "unknown actor '" + step->actor + "'" + DidYouMeanSuffix(step->actor, names));
    }
  }

  ScenarioStep ParseStep(const YAML::Node& node, const Scenario& sc) {
    ScenarioStep step;
    step.pos = Pos(node);
    if (!node.IsMap()) {
      Error(node, "a step must be a map (create, fire, advance or expect)");
      return step;
    }
    CheckKeys(node, {"create", "fire", "advance", "expect", "expect_error", "as", "data", "case", "note"}, "step");
    int kinds = (node["create"] ? 1 : 0) + (node["fire"] ? 1 : 0) + (node["advance"] ? 1 : 0);
    if (kinds > 1) Error(node, "a step does one thing: create, fire or advance");
    if (node["case"]) step.case_name = Scalar(node["case"], "case");
    if (node["data"]) step.data = YamlToValue(node["data"]);
    if (node["create"]) {
      step.kind = ScenarioStep::Kind::kCreate;
      const YAML::Node c = node["create"];
      if (c.IsMap()) {
        CheckKeys(c, {"state", "data"}, "create");
        if (c["state"]) step.initial_state = Scalar(c["state"], "state");
        if (c["data"]) step.data = YamlToValue(c["data"]);
      } else if (c.IsScalar() && !c.Scalar().empty()) {
        step.initial_state = c.Scalar();
      }
      RequireActor(node, sc, &step);
    } else if (node["fire"]) {
      step.kind = ScenarioStep::Kind::kFire;
      step.event = Scalar(node["fire"], "fire");
      RequireActor(node, sc, &step);
    } else if (node["advance"]) {
      step.kind = ScenarioStep::Kind::kAdvance;
      const YAML::Node a = node["advance"];
      if (a.IsMap() && a["to"]) {
        Timestamp t = 0;
        std::string text = Scalar(a["to"], "to");
        if (!ParseTimestamp(text, &t)) Error(a["to"], "'to' must be a date or date-time");
        step.advance_to = t;
        step.advance = "to " + text;
      } else {
        step.advance = Scalar(a, "advance");
        Duration d;
        std::string err;
        if (!ParseDuration(step.advance, &d, &err)) Error(a, err);
      }
    } else if (node["as"]) {
      step.actor = Scalar(node["as"], "as");
    }
    if (node["expect_error"]) ParseExpectedError(node["expect_error"], &step);
    if (node["expect"]) ParseExpect(node["expect"], sc, &step);
    if (step.kind == ScenarioStep::Kind::kExpect && !step.expect.any())
      Error(node, "step does nothing: give create, fire, advance or expect");
    return step;
  }

  void ParseExpectedError(const YAML::Node& n, ScenarioStep* step) {
    ExpectedError e;
    if (n.IsScalar()) {
      e.code = n.Scalar();
    } else if (n.IsMap()) {
      CheckKeys(n, {"code", "message"}, "expect_error");
      if (n["code"]) e.code = Scalar(n["code"], "code");
      if (n["message"]) e.message = Scalar(n["message"], "message");
    } else {
      Error(n, "'expect_error' must be a code or { code, message }");
    }
    Status::Code code;
    if (!e.code.empty() && !Status::ParseCodeName(e.code, &code))
      Error(n, "unknown error code '" + e.code + "'" +
                   DidYouMeanSuffix(e.code, {"invalid_argument", "not_found", "permission_denied", "guard_denied",
                                             "conflict", "plugin_error", "deadline_exceeded", "resource_exhausted"}));
    step->expect_error = e;
  }

  std::vector<std::string> StringList(const YAML::Node& n, const std::string& what) {
    std::vector<std::string> out;
    if (!n.IsSequence()) {
      Error(n, "'" + what + "' must be a list");
      return out;
    }
    for (const auto& item : n) out.push_back(Scalar(item, what));
    return out;
  }

  Value MapList(const YAML::Node& n, const std::string& what) {
    if (!n.IsSequence()) {
      Error(n, "'" + what + "' must be a list of maps");
      return {};
    }
    for (const auto& item : n)
      if (!item.IsMap()) Error(item, "each entry of '" + what + "' must be a map");
    return YamlToValue(n);
  }

  // An actor named in an expectation; reported with a did-you-mean when unknown.
  std::string ActorName(const YAML::Node& n, const Scenario& sc) {
    const std::string name = Scalar(n, "actor");
    if (!sc.actors.count(name)) {
      std::vector<std::string> names;
      for (const auto& [a, actor] : sc.actors) names.push_back(a);
      Error(n, "unknown actor '" + name + "'" + DidYouMeanSuffix(name, names));
    }
    return name;
  }

  // visible_to: [actor, ...] (any visibility) or { actor: full | meeting_only }.
  void ParseVisibleTo(const YAML::Node& n, const Scenario& sc, Expectation* e) {
    if (n.IsSequence()) {
      for (const auto& item : n) e->visible_to[ActorName(item, sc)] = "";
      return;
    }
    if (!n.IsMap()) {
      Error(n, "'visible_to' must be a list of actors or a map actor -> full | meeting_only");
      return;
    }
    for (const auto& kv : n) {
      const std::string how = kv.second.IsNull() ? "" : Scalar(kv.second, "visible_to");
      if (!how.empty() && how != "full" && how != "meeting_only")
        Error(kv.second, "visibility must be 'full' or 'meeting_only', not '" + how + "'");
      e->visible_to[ActorName(kv.first, sc)] = how;
    }
  }

  // shown_fields / hidden_fields: { actor: [field, ...] }.
  void ParseFieldsByActor(const YAML::Node& n, const Scenario& sc, const std::string& what,
                          std::map<std::string, std::vector<std::string>>* out) {
    if (!n.IsMap()) {
      Error(n, "'" + what + "' must be a map actor -> list of fields");
      return;
    }
    for (const auto& kv : n) (*out)[ActorName(kv.first, sc)] = StringList(kv.second, what);
  }

  void ParseExpect(const YAML::Node& n, const Scenario& sc, ScenarioStep* step) {
    if (!n.IsMap()) {
      Error(n, "'expect' must be a map");
      return;
    }
    CheckKeys(n, {"state", "data", "tasks", "no_tasks", "timers", "no_timers", "available", "unavailable",
                  "decisions", "members", "history", "children", "no_children", "visible_to", "hidden_from",
                  "shown_fields", "hidden_fields"},
              "expect");
    Expectation& e = step->expect;
    if (n["state"]) e.state = Scalar(n["state"], "state");
    if (n["data"]) {
      if (!n["data"].IsMap()) Error(n["data"], "'data' must be a map");
      e.data = YamlToValue(n["data"]);
    }
    if (n["tasks"]) e.tasks = MapList(n["tasks"], "tasks");
    if (n["no_tasks"]) e.no_tasks = MapList(n["no_tasks"], "no_tasks");
    if (n["timers"]) e.timers = MapList(n["timers"], "timers");
    if (n["no_timers"]) e.no_timers = MapList(n["no_timers"], "no_timers");
    if (n["members"]) e.members = MapList(n["members"], "members");
    if (n["children"]) e.children = MapList(n["children"], "children");
    if (n["no_children"]) e.no_children = MapList(n["no_children"], "no_children");
    if (n["available"]) e.available = StringList(n["available"], "available");
    if (n["history"]) e.history = StringList(n["history"], "history");
    if (n["unavailable"]) {
      const YAML::Node u = n["unavailable"];
      if (u.IsSequence()) {
        for (const auto& ev : StringList(u, "unavailable")) e.unavailable[ev] = "";
      } else if (u.IsMap()) {
        for (const auto& kv : u) e.unavailable[kv.first.as<std::string>()] = kv.second.IsNull() ? "" : Scalar(kv.second, "unavailable");
      } else {
        Error(u, "'unavailable' must be a list of events or a map event -> reason fragment");
      }
    }
    if (n["visible_to"]) ParseVisibleTo(n["visible_to"], sc, &e);
    if (n["hidden_from"]) {
      if (!n["hidden_from"].IsSequence()) Error(n["hidden_from"], "'hidden_from' must be a list of actors");
      else
        for (const auto& item : n["hidden_from"]) e.hidden_from.push_back(ActorName(item, sc));
    }
    if (n["shown_fields"]) ParseFieldsByActor(n["shown_fields"], sc, "shown_fields", &e.shown_fields);
    if (n["hidden_fields"]) ParseFieldsByActor(n["hidden_fields"], sc, "hidden_fields", &e.hidden_fields);
    if (n["decisions"]) {
      if (!n["decisions"].IsMap()) Error(n["decisions"], "'decisions' must be a map");
      e.decisions = YamlToValue(n["decisions"]);
    }
    if ((!e.available.empty() || !e.unavailable.empty()) && step->actor.empty())
      Error(n, "'available'/'unavailable' need the step's 'as: <actor>'");
  }

  std::string file_;
  std::vector<std::string>* errors_;
};

}  // namespace

Result<std::vector<Scenario>> ParseScenarioFile(const std::string& path, std::vector<std::string>* errors) {
  std::string text, err;
  if (!ReadFileLimited(path, 1 << 20, &text, &err)) {
    errors->push_back(path + ": error: " + err);
    return Status::InvalidArgument(err);
  }
  // The same safe loading as definitions: size, depth and alias limits, and
  // duplicate keys reported (a repeated `expect:` would otherwise be dropped silently).
  YAML::Node root;
  std::vector<Diagnostic> diags;
  bool loaded = LoadYamlDocument(text, path, YamlLimits{}, &diags, &root);
  for (const auto& d : diags) errors->push_back(d.ToString());
  if (!loaded || !diags.empty()) return Status::InvalidArgument("invalid scenario file");
  size_t before = errors->size();
  std::vector<Scenario> scenarios;
  try {
    scenarios = ScenarioParser(path, errors).ParseFile(root);
  } catch (const YAML::Exception& e) {
    errors->push_back(path + ": error: " + e.what());
  }
  if (errors->size() != before) return Status::InvalidArgument("invalid scenario file");
  return scenarios;
}

}  // namespace kasane
