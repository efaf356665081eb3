// ValidateGraph (declared in validate_definition.h): the shape of the state graph.
#include <map>
#include <set>

#include "definition/validate_definition.h"

namespace kasane {
namespace {

using Graph = std::map<std::string, std::set<std::string>>;

// Edges between different states (internal transitions and self-loops stay).
void BuildGraphs(const DefinitionDraft& d, Graph* forward, Graph* backward) {
  for (const TransitionDraft& t : d.transitions) {
    const std::string& to = t.transition.to;
    if (to.empty()) continue;
    for (const std::string& from : t.transition.from) {
      if (from == to) continue;
      (*forward)[from].insert(to);
      (*backward)[to].insert(from);
    }
  }
}

std::set<std::string> Reach(const Graph& graph, const std::vector<std::string>& starts) {
  std::set<std::string> seen(starts.begin(), starts.end());
  std::vector<std::string> work(starts.begin(), starts.end());
  while (!work.empty()) {
    std::string s = std::move(work.back());
    work.pop_back();
    auto it = graph.find(s);
    if (it == graph.end()) continue;
    for (const std::string& next : it->second)
      if (seen.insert(next).second) work.push_back(next);
  }
  return seen;
}

}  // namespace

void ValidateGraph(const DefinitionDraft& d, std::vector<Diagnostic>* diags) {
  const auto& states = d.states.items;
  SourcePos section = d.states.present ? d.states.pos : d.pos;
  if (states.empty()) {
    if (d.states.present) diags->push_back({section, "no states defined"});
    return;
  }
  std::vector<std::string> initials, finals;
  bool any_malformed = false;
  for (const StateDraft& s : states) {
    if (s.state.initial) initials.push_back(s.state.id);
    if (s.state.final) finals.push_back(s.state.id);
    any_malformed = any_malformed || s.malformed;
  }
  if (initials.empty() && !any_malformed)
    diags->push_back({section, "no initial state (mark the state where a case starts with 'initial: true')"});
  if (finals.empty() && !any_malformed)
    diags->push_back({section, "no final state (mark the states where a case ends with 'final: true')"});
  if (d.graph_incomplete || initials.empty()) return;

  Graph forward, backward;
  BuildGraphs(d, &forward, &backward);
  std::set<std::string> reachable = Reach(forward, initials);
  std::set<std::string> can_finish = Reach(backward, finals);
  for (const StateDraft& s : states) {
    const std::string& id = s.state.id;
    if (s.malformed || s.state.final) {
      if (!s.malformed && !reachable.count(id))
        diags->push_back({s.state.pos, "state '" + id + "' is unreachable from the initial state"});
      continue;
    }
    if (!reachable.count(id)) {
      diags->push_back({s.state.pos, "state '" + id + "' is unreachable from the initial state"});
    } else if (!forward.count(id)) {
      diags->push_back(
          {s.state.pos, "state '" + id + "' is a dead end: it is not final and no transition leads out of it"});
    } else if (!finals.empty() && !can_finish.count(id)) {
      diags->push_back({s.state.pos, "state '" + id + "' cannot reach any final state"});
    }
  }
}

}  // namespace kasane
