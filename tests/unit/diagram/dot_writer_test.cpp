#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diagram/diagram.h"
#include "test_definition.h"

namespace kasane {
namespace {

using testing_diagram::ConsultationDefinition;
using testing_diagram::CountOf;
using testing_diagram::MakeState;
using testing_diagram::MakeTransition;

// The DOT line that declares the edge `from` -> `to` (first one), or "".
std::string EdgeLine(const std::string& dot, const std::string& from, const std::string& to) {
  const std::string head = "\"" + from + "\" -> \"" + to + "\"";
  const size_t pos = dot.find(head);
  if (pos == std::string::npos) return "";
  return dot.substr(pos, dot.find('\n', pos) - pos);
}

// The DOT line that declares node `id`, or "".
std::string NodeLine(const std::string& dot, const std::string& id) {
  const std::string head = "\n  \"" + id + "\" [";
  const size_t pos = dot.find(head);
  if (pos == std::string::npos) return "";
  return dot.substr(pos + 1, dot.find('\n', pos + 1) - pos - 1);
}

TEST(DotWriterTest, JapaneseLabelsAndIds) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_EQ(dot.rfind("digraph \"sample_town\" {\n", 0), 0u);
  for (const char* text : {"受付", "アセスメント", "支援中", "終結", "受理する", "支援計画を承認", "終結する",
                           "記録を追加", "サンプル町 相談支援"}) {
    EXPECT_NE(dot.find(text), std::string::npos) << text;
  }
  // The id is shown small under the label.
  EXPECT_NE(NodeLine(dot, "intake").find("受付<BR/><FONT POINT-SIZE=\"9\""), std::string::npos);
  EXPECT_NE(NodeLine(dot, "intake").find(">intake</FONT>"), std::string::npos);
  EXPECT_EQ(dot.find("Intake"), std::string::npos);
}

TEST(DotWriterTest, EnglishLabels) {
  DiagramOptions opts;
  opts.lang = "en";
  const std::string dot = ToDot(ConsultationDefinition(), opts);
  for (const char* text : {"Intake", "Assessment", "Approve plan", "[Caseworker]", "[Caseworker, Supervisor]",
                           "[system]", "timer: 14 days"}) {
    EXPECT_NE(dot.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(dot.find("受付"), std::string::npos);
}

TEST(DotWriterTest, FontAndDirection) {
  const std::string tb = ToDot(ConsultationDefinition());
  EXPECT_NE(tb.find("rankdir=TB"), std::string::npos);
  EXPECT_NE(tb.find("  graph [fontname=\"Noto Sans CJK JP\""), std::string::npos);
  EXPECT_NE(tb.find("  node [fontname=\"Noto Sans CJK JP\""), std::string::npos);
  EXPECT_NE(tb.find("  edge [fontname=\"Noto Sans CJK JP\""), std::string::npos);
  DiagramOptions opts;
  opts.left_to_right = true;
  const std::string lr = ToDot(ConsultationDefinition(), opts);
  EXPECT_NE(lr.find("rankdir=LR"), std::string::npos);
  EXPECT_EQ(lr.find("rankdir=TB"), std::string::npos);
}

TEST(DotWriterTest, OneEdgePerSourceState) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_EQ(CountOf(dot, " -> "), 6u);  // the internal transition is listed in its box, not drawn
  EXPECT_NE(EdgeLine(dot, "intake", "assess"), "");
  EXPECT_NE(EdgeLine(dot, "assess", "closed"), "");
  EXPECT_NE(EdgeLine(dot, "support", "closed"), "");
  EXPECT_NE(EdgeLine(dot, "support", "assess"), "");
  EXPECT_EQ(EdgeLine(dot, "intake", "closed"), "");
}

TEST(DotWriterTest, EdgeLabelsCarryRoles) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_NE(EdgeLine(dot, "intake", "assess").find("受理する<BR/><FONT POINT-SIZE=\"9\">[相談員]</FONT>"),
            std::string::npos);
  EXPECT_NE(EdgeLine(dot, "support", "closed").find("[相談員, 主任]"), std::string::npos);
  EXPECT_NE(EdgeLine(dot, "support", "assess").find("[システム]"), std::string::npos);
  // The label falls back to the event name.
  Definition def = ConsultationDefinition();
  def.transitions[0].label = LocalizedText{};
  EXPECT_NE(EdgeLine(ToDot(def), "intake", "assess").find("label=<accept<BR/>"), std::string::npos);
}

TEST(DotWriterTest, InitialAndFinalStatesAreMarked) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_NE(NodeLine(dot, "__start__").find("shape=point"), std::string::npos);
  EXPECT_NE(EdgeLine(dot, "__start__", "intake"), "");
  EXPECT_NE(NodeLine(dot, "intake").find("penwidth=2.5"), std::string::npos);
  EXPECT_EQ(NodeLine(dot, "assess").find("penwidth"), std::string::npos);
  EXPECT_NE(NodeLine(dot, "closed").find("shape=doubleoctagon"), std::string::npos);
  EXPECT_EQ(NodeLine(dot, "support").find("doubleoctagon"), std::string::npos);
}

TEST(DotWriterTest, StartPointNeverCollidesWithAState) {
  Definition def = ConsultationDefinition();
  def.states.push_back(MakeState("__start__", "開始状態", "Start state"));
  const std::string dot = ToDot(def);
  EXPECT_NE(EdgeLine(dot, "__start___", "intake"), "");
  EXPECT_EQ(EdgeLine(dot, "__start__", "intake"), "");
}

TEST(DotWriterTest, GuardedTransitionsAreDashedWithGuardTooltip) {
  const std::string dot = ToDot(ConsultationDefinition());
  const std::string plan = EdgeLine(dot, "assess", "support");
  EXPECT_NE(plan.find("label=<◆ 支援計画を承認"), std::string::npos);
  EXPECT_NE(plan.find("style=dashed"), std::string::npos);
  EXPECT_NE(plan.find("tooltip=\"plan\\nガード: consent.given\""), std::string::npos);
  const std::string accept = EdgeLine(dot, "intake", "assess");
  EXPECT_EQ(accept.find("dashed"), std::string::npos);
  EXPECT_EQ(accept.find("◆"), std::string::npos);
}

TEST(DotWriterTest, InternalTransitionsAreListedInsideTheirState) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_NE(NodeLine(dot, "support").find("・記録を追加"), std::string::npos) << NodeLine(dot, "support");
  EXPECT_EQ(CountOf(dot, "\"support\" -> \"support\""), 0u);
}

TEST(DotWriterTest, TransitionsOfferedEverywhereAppearOnceInANote) {
  Definition def = ConsultationDefinition();
  Transition share = MakeTransition({}, "", "share", "支援会議で共有", "Share at meeting", {"caseworker"});
  for (const State& s : def.states)
    if (!s.final) share.from.push_back(s.id);
  Transition withdraw = MakeTransition({}, "closed", "withdraw", "取り下げ", "Withdraw", {"caseworker"});
  withdraw.from = share.from;
  def.transitions.push_back(share);
  def.transitions.push_back(withdraw);
  const std::string dot = ToDot(def);
  EXPECT_EQ(CountOf(dot, "支援会議で共有"), 1u);
  EXPECT_NE(NodeLine(dot, "__everywhere__").find("すべての状態で"), std::string::npos);
  EXPECT_NE(EdgeLine(dot, "__everywhere__", "closed").find("取り下げ"), std::string::npos);
  EXPECT_EQ(CountOf(dot, "取り下げ"), 2u);  // listed in the note and on its one edge
}

TEST(DotWriterTest, TimerTransitionShowsItsDuration) {
  const std::string dot = ToDot(ConsultationDefinition());
  EXPECT_NE(EdgeLine(dot, "support", "assess").find("タイマー: 14日"), std::string::npos);
  EXPECT_EQ(EdgeLine(dot, "intake", "assess").find("タイマー"), std::string::npos);
}

TEST(DotWriterTest, HostileTextIsEscaped) {
  Definition def;
  def.id = "evil\"id\\";
  def.title = LocalizedText{"<b>&\"title\"</b>", ""};
  State a = MakeState("a\"] ; x [label=\"pwn", "<i>A</i> & \"B\" 'C' \\ D", "");
  a.initial = true;
  State b = MakeState("b\\", "line1\nline2", "");
  def.states = {a, b};
  Transition t = MakeTransition({a.id}, b.id, "go\"\\", "-> <x> & \"y\"", "", {"r\"ole"});
  CallRef guard;
  guard.plugin = "p\"";
  guard.function = "f\\";
  t.guards.push_back(guard);
  def.transitions = {t};
  const std::string dot = ToDot(def);

  EXPECT_NE(dot.find("digraph \"evil\\\"id\\\\\" {"), std::string::npos);
  EXPECT_NE(dot.find("label=<&lt;b&gt;&amp;&quot;title&quot;&lt;/b&gt;<BR/><FONT POINT-SIZE=\"10\">evil&quot;id\\</FONT>>"),
            std::string::npos);
  EXPECT_NE(dot.find("\"a\\\"] ; x [label=\\\"pwn\" [id="), std::string::npos);
  EXPECT_NE(dot.find("label=<&lt;i&gt;A&lt;/i&gt; &amp; &quot;B&quot; &#39;C&#39; \\ D<BR/>"), std::string::npos);
  EXPECT_NE(dot.find("label=<line1<BR/>line2<BR/>"), std::string::npos);
  EXPECT_NE(dot.find("\"a\\\"] ; x [label=\\\"pwn\" -> \"b\\\\\" [label=<◆ -&gt; &lt;x&gt; &amp; &quot;y&quot;"),
            std::string::npos);
  EXPECT_NE(dot.find("[r&quot;ole]"), std::string::npos);
  EXPECT_NE(dot.find("tooltip=\"go\\\"\\\\\\nガード: p\\\".f\\\\\""), std::string::npos);
  // Exactly the two edges: start -> a and a -> b.
  EXPECT_EQ(CountOf(dot, " -> "), 2u);
}

}  // namespace
}  // namespace kasane
