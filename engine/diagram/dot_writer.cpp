// ToDot: a Definition as a Graphviz digraph.
#include <string>
#include <utility>
#include <vector>

#include "diagram/diagram.h"
#include "diagram/dot_text.h"

namespace kasane {

namespace {

class DotWriter {
 public:
  DotWriter(const Definition& def, const DiagramOptions& opts)
      : def_(def), opts_(opts), en_(opts.lang == "en") {}

  std::string Write() {
    out_ += "digraph \"" + DotQuoted(def_.id) + "\" {\n";
    WriteDefaults();
    WriteStartPoint();
    for (const State& state : def_.states) WriteState(state);
    for (const Transition& t : def_.transitions) {
      if (Everywhere(t)) continue;  // drawn once, in the note below
      if (t.to.empty()) continue;   // listed inside its states' boxes
      for (const std::string& from : t.from) WriteTransition(t, from, from);
    }
    WriteEverywhereNote();
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  const std::string& Text(const LocalizedText& text, const std::string& fallback) const {
    return text.In(opts_.lang, fallback);
  }

  std::string Font() const { return "fontname=\"" + DotQuoted(opts_.font) + "\""; }

  void WriteDefaults() {
    out_ += "  graph [" + Font() + ", charset=\"UTF-8\", rankdir=" + (opts_.left_to_right ? "LR" : "TB") +
            ", labelloc=t, fontsize=16, nodesep=0.5, ranksep=0.6";
    const std::string& title = Text(def_.title, def_.id);
    if (!title.empty()) {
      out_ += ", label=<" + DotHtml(title);
      if (title != def_.id) out_ += "<BR/><FONT POINT-SIZE=\"10\">" + DotHtml(def_.id) + "</FONT>";
      out_ += ">";
    }
    out_ += "];\n";
    out_ += "  node [" + Font() +
            ", shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#37474f\", fontsize=12];\n";
    out_ += "  edge [" + Font() + ", fontsize=10, color=\"#455a64\", fontcolor=\"#263238\"];\n";
  }

  // A small filled start point with an arrow into every initial state. Its
  // name is chosen not to collide with any state id.
  void WriteStartPoint() {
    std::vector<const State*> initial;
    for (const State& s : def_.states) {
      if (s.initial) initial.push_back(&s);
    }
    if (initial.empty()) return;
    std::string start = "__start__";
    while (def_.FindState(start) != nullptr) start += "_";
    out_ += "  \"" + DotQuoted(start) + "\" [shape=point, width=0.15, style=filled, fillcolor=\"#37474f\"" +
            ", label=\"\", tooltip=\"" + (en_ ? "start" : "開始") + "\"];\n";
    for (const State* s : initial) {
      out_ += "  \"" + DotQuoted(start) + "\" -> \"" + DotQuoted(s->id) + "\";\n";
    }
  }

  // A transition offered in every non-final state (`from: "*"`), when there
  // are enough states for repeating it on each to clutter the picture.
  bool Everywhere(const Transition& t) const {
    size_t non_final = 0;
    for (const State& s : def_.states) {
      if (s.final) continue;
      ++non_final;
      if (!t.From(s.id)) return false;
    }
    return non_final > 2;
  }

  // "・記録を追加" lines: what can be done within a state without leaving it.
  std::string InternalActions(const State& state) const {
    std::string lines;
    for (const Transition& t : def_.transitions) {
      if (!t.to.empty() || Everywhere(t) || !t.From(state.id)) continue;
      lines += "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#546e7a\">・" + std::string(t.guards.empty() ? "" : "◆ ") +
               DotHtml(Text(t.label, t.event));
      if (const TimerSpec* timer = TimerFiring(state.id, t.event)) {
        lines += " (" + std::string(en_ ? "timer " : "タイマー ") + DotHtml(DurationText(timer->after)) + ")";
      }
      lines += "</FONT>";
    }
    return lines;
  }

  void WriteState(const State& state) {
    const std::string& label = Text(state.label, state.id);
    out_ += "  \"" + DotQuoted(state.id) + "\" [id=\"" + DotQuoted("state-" + state.id) + "\", label=<" +
            DotHtml(label);
    if (label != state.id) {
      out_ += "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"#607d8b\">" + DotHtml(state.id) + "</FONT>";
    }
    out_ += InternalActions(state);
    out_ += ">, tooltip=\"" + DotQuoted(state.id) + "\"";
    if (state.initial) out_ += ", penwidth=2.5";
    if (state.final) out_ += ", shape=doubleoctagon, style=filled, fillcolor=\"#eceff1\"";
    out_ += "];\n";
  }

  std::string RoleName(const std::string& role_id) const {
    if (const Role* role = def_.FindRole(role_id)) return Text(role->label, role_id);
    if (role_id == kSystemRole && !en_) return "システム";
    return role_id;
  }

  std::string DurationText(const Duration& d) const {
    if (en_) return d.ToString();
    const char* unit = "";
    switch (d.unit) {
      case Duration::Unit::kMinutes: unit = "分"; break;
      case Duration::Unit::kHours: unit = "時間"; break;
      case Duration::Unit::kDays: unit = "日"; break;
      case Duration::Unit::kWeeks: unit = "週間"; break;
      case Duration::Unit::kBusinessDays: unit = "営業日"; break;
    }
    return std::to_string(d.amount) + unit;
  }

  // The timer of `state_id` that fires `event`, if any.
  const TimerSpec* TimerFiring(const std::string& state_id, const std::string& event) const {
    const State* state = def_.FindState(state_id);
    if (state == nullptr) return nullptr;
    for (const TimerSpec& timer : state->timers) {
      if (timer.fire == event) return &timer;
    }
    return nullptr;
  }

  // One note for what every non-final state offers; those that change state
  // get an edge from the note to their target.
  void WriteEverywhereNote() {
    std::vector<const Transition*> everywhere;
    for (const Transition& t : def_.transitions)
      if (Everywhere(t)) everywhere.push_back(&t);
    if (everywhere.empty()) return;
    std::string note = "__everywhere__";
    while (def_.FindState(note) != nullptr) note += "_";
    out_ += "  \"" + DotQuoted(note) + "\" [shape=note, style=filled, fillcolor=\"#fffde7\", color=\"#bcaaa4\", label=<" +
            std::string(en_ ? "In every state" : "すべての状態で");
    for (const Transition* t : everywhere) {
      out_ += "<BR/><FONT POINT-SIZE=\"10\">・" + std::string(t->guards.empty() ? "" : "◆ ") +
              DotHtml(Text(t->label, t->event)) + " [" + DotHtml(RoleNames(*t)) + "]</FONT>";
    }
    out_ += ">];\n";
    for (const Transition* t : everywhere)
      if (!t->to.empty()) WriteTransition(*t, note, "");
  }

  std::string RoleNames(const Transition& t) const {
    std::string roles;
    for (const std::string& role : t.roles) {
      if (!roles.empty()) roles += ", ";
      roles += RoleName(role);
    }
    return roles;
  }

  // An edge `from` -> t.to; `state` is the source state whose timers label it (may be empty).
  void WriteTransition(const Transition& t, const std::string& from, const std::string& state) {
    const bool guarded = !t.guards.empty();
    const std::string& to = t.to;

    std::string label = guarded ? "◆ " : "";
    label += DotHtml(Text(t.label, t.event));
    if (!t.roles.empty()) label += "<BR/><FONT POINT-SIZE=\"9\">[" + DotHtml(RoleNames(t)) + "]</FONT>";
    if (const TimerSpec* timer = TimerFiring(state, t.event)) {
      label += "<BR/><FONT POINT-SIZE=\"9\">" + std::string(en_ ? "timer: " : "タイマー: ") +
               DotHtml(DurationText(timer->after)) + "</FONT>";
    }

    std::string tooltip = t.event;
    if (guarded) {
      tooltip += en_ ? "\nguards: " : "\nガード: ";
      for (size_t i = 0; i < t.guards.size(); ++i) {
        if (i > 0) tooltip += ", ";
        tooltip += t.guards[i].QualifiedName();
      }
    }

    out_ += "  \"" + DotQuoted(from) + "\" -> \"" + DotQuoted(to) + "\" [label=<" + label + ">, tooltip=\"" +
            DotQuoted(tooltip) + "\"";
    if (guarded) out_ += ", style=dashed";
    out_ += "];\n";
  }

  const Definition& def_;
  const DiagramOptions& opts_;
  const bool en_;
  std::string out_;
};

}  // namespace

std::string ToDot(const Definition& def, const DiagramOptions& opts) { return DotWriter(def, opts).Write(); }

}  // namespace kasane
