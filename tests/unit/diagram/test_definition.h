// A small consultation workflow built in code for the diagram tests.
#pragma once

#include <string>
#include <vector>

#include "model/definition.h"

namespace kasane {
namespace testing_diagram {

// How often `needle` occurs in `haystack` (overlapping occurrences count).
inline size_t CountOf(const std::string& haystack, const std::string& needle) {
  size_t count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++count;
  return count;
}

inline State MakeState(std::string id, std::string ja, std::string en) {
  State s;
  s.id = std::move(id);
  s.label = LocalizedText{std::move(ja), std::move(en)};
  return s;
}

inline Transition MakeTransition(std::vector<std::string> from, std::string to, std::string event,
                                 std::string ja, std::string en, std::vector<std::string> roles) {
  Transition t;
  t.from = std::move(from);
  t.to = std::move(to);
  t.event = std::move(event);
  t.label = LocalizedText{std::move(ja), std::move(en)};
  t.roles = std::move(roles);
  return t;
}

// States: intake (initial) -> assess -> support -> closed (final).
// Edges: start->intake, accept, plan (guarded), close x2 (two sources),
// remind (timer of `support`): 6 edges; `note` (internal) is listed inside `support`.
inline Definition ConsultationDefinition() {
  Definition def;
  def.id = "sample_town";
  def.title = LocalizedText{"サンプル町 相談支援", "Sample town consultation"};
  def.roles = {Role{"caseworker", LocalizedText{"相談員", "Caseworker"}, {}},
               Role{"supervisor", LocalizedText{"主任", "Supervisor"}, {}}};

  State intake = MakeState("intake", "受付", "Intake");
  intake.initial = true;
  State support = MakeState("support", "支援中", "Supporting");
  TimerSpec timer;
  timer.id = "remind";
  timer.after = Duration{14, Duration::Unit::kDays};
  timer.fire = "remind";
  support.timers.push_back(timer);
  State closed = MakeState("closed", "終結", "Closed");
  closed.final = true;
  def.states = {intake, MakeState("assess", "アセスメント", "Assessment"), support, closed};

  Transition plan = MakeTransition({"assess"}, "support", "plan", "支援計画を承認", "Approve plan", {"supervisor"});
  CallRef consent;
  consent.plugin = "consent";
  consent.function = "given";
  plan.guards.push_back(consent);
  def.transitions = {
      MakeTransition({"intake"}, "assess", "accept", "受理する", "Accept", {"caseworker"}),
      plan,
      MakeTransition({"assess", "support"}, "closed", "close", "終結する", "Close", {"caseworker", "supervisor"}),
      MakeTransition({"support"}, "", "note", "記録を追加", "Add note", {"caseworker"}),
      MakeTransition({"support"}, "assess", "remind", "再アセスメント", "Reassess", {kSystemRole}),
  };
  return def;
}

}  // namespace testing_diagram
}  // namespace kasane
