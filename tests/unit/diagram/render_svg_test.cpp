#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "diagram/diagram.h"
#include "diagram/subprocess.h"
#include "test_definition.h"

namespace kasane {
namespace {

using testing_diagram::ConsultationDefinition;
using testing_diagram::CountOf;
using testing_diagram::MakeState;
using testing_diagram::MakeTransition;

TEST(RenderSvgTest, RendersJapaneseLabels) {
  Result<std::string> svg = RenderSvg(ToDot(ConsultationDefinition()));
  ASSERT_TRUE(svg.ok()) << svg.status().ToString();
  EXPECT_NE(svg->find("<svg"), std::string::npos);
  for (const char* text : {"受付", "アセスメント", "支援中", "終結", "支援計画を承認", "[相談員]"}) {
    EXPECT_NE(svg->find(text), std::string::npos) << text;
  }
  EXPECT_NE(svg->find("Noto Sans CJK JP"), std::string::npos);
  EXPECT_EQ(CountOf(*svg, "class=\"node\""), 5u);  // four states and the start point
  EXPECT_EQ(CountOf(*svg, "class=\"edge\""), 6u);  // the internal transition is inside its box
}

TEST(RenderSvgTest, HostileLabelsRenderAsText) {
  Definition def;
  def.id = "evil\"id\\";
  State a = MakeState("a\"] ; x [label=\"pwn", "<script>&\"A\"\\", "");
  a.initial = true;
  State b = MakeState("b\\", "]; c -> d [", "");
  def.states = {a, b};
  def.transitions = {MakeTransition({a.id}, b.id, "go", "-> <x> & 'y'", "", {"r"})};
  Result<std::string> svg = RenderSvg(ToDot(def));
  ASSERT_TRUE(svg.ok()) << svg.status().ToString();
  EXPECT_NE(svg->find("&lt;script&gt;&amp;&quot;A&quot;\\"), std::string::npos);
  EXPECT_EQ(svg->find("<script>"), std::string::npos);
  EXPECT_NE(svg->find("]; c &#45;&gt; d ["), std::string::npos);
  EXPECT_EQ(CountOf(*svg, "class=\"node\""), 3u);
  EXPECT_EQ(CountOf(*svg, "class=\"edge\""), 2u);
}

TEST(RenderSvgTest, MissingGraphvizIsAClearError) {
  RenderOptions opts;
  opts.dot_program = "/nonexistent/bin/dot";
  Result<std::string> svg = RenderSvg("digraph { a -> b }", opts);
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.status().code(), Status::Code::kNotFound);
  EXPECT_NE(svg.status().message().find("Graphviz 'dot' not found; install the graphviz package"),
            std::string::npos);
  opts.dot_program = "kasane-no-such-program";
  EXPECT_EQ(RenderSvg("digraph { a -> b }", opts).status().code(), Status::Code::kNotFound);
}

TEST(RenderSvgTest, SyntaxErrorIsReported) {
  Result<std::string> svg = RenderSvg("digraph { a -> ");
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(svg.status().message().find("syntax error"), std::string::npos) << svg.status().message();
}

TEST(RunProcessTest, EchoesLargeInput) {
  std::string input;
  for (int i = 0; i < 200000; ++i) input += static_cast<char>('a' + i % 26);
  input += "\n終わり\n";
  Result<ProcessResult> r = RunProcess({"cat"}, input, ProcessLimits{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->term_signal, 0);
  EXPECT_EQ(r->out, input);
  EXPECT_EQ(r->err, "");
}

TEST(RunProcessTest, ReportsExitCodeAndStderr) {
  Result<ProcessResult> r = RunProcess({"sh", "-c", "echo oops >&2; exit 3"}, "", ProcessLimits{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->err, "oops\n");
}

TEST(RunProcessTest, ChildIgnoringStdinDoesNotKillUs) {
  const std::string input(4 << 20, 'x');  // far more than a pipe buffer
  Result<ProcessResult> r = RunProcess({"true"}, input, ProcessLimits{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->exit_code, 0);
}

TEST(RunProcessTest, KillsTheChildOnTimeout) {
  ProcessLimits limits;
  limits.timeout_ms = 200;
  const auto start = std::chrono::steady_clock::now();
  Result<ProcessResult> r = RunProcess({"sleep", "30"}, "", limits);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kDeadlineExceeded);
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(RunProcessTest, LimitsOutput) {
  ProcessLimits limits;
  limits.max_output_bytes = 1000;
  Result<ProcessResult> r = RunProcess({"cat"}, std::string(100000, 'y'), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kResourceExhausted);
}

TEST(RunProcessTest, EmptyArgvIsRejected) {
  EXPECT_EQ(RunProcess({}, "", ProcessLimits{}).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace kasane
