// Source bundles: the canonical JSON a deployed version stores, and its hash.
#include <gtest/gtest.h>

#include "definition_test_util.h"

namespace kasane {
namespace {

using deftest::Fixture;

TEST(BundleTest, RoundTripLoadsToTheSameContentHash) {
  auto out = deftest::LoadFile(Fixture("valid/town.yaml"));
  ASSERT_TRUE(out.result.ok()) << out.result.status().ToString();
  const LoadedWorkflow& first = *out.result;
  std::string json = first.sources.ToBundleJson();

  Result<SourceSet> back = SourceSet::FromBundleJson(json);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->root, "town.yaml");
  EXPECT_EQ(back->workflow_files, first.sources.workflow_files);
  EXPECT_EQ(back->plugin_sources, first.sources.plugin_sources);
  EXPECT_EQ(back->ToBundleJson(), json);

  std::vector<Diagnostic> diags;
  auto reloaded = LoadFromSources(*back, deftest::TestOptions(), &diags);
  ASSERT_TRUE(reloaded.ok()) << (diags.empty() ? reloaded.status().ToString() : diags[0].ToString());
  EXPECT_EQ(reloaded->definition->content_hash, first.definition->content_hash);
  EXPECT_EQ(reloaded->definition->content_hash, Sha256Hex(json));
  EXPECT_EQ(reloaded->definition->transitions.size(), first.definition->transitions.size());
  EXPECT_EQ(reloaded->definition->source_file, "town.yaml");  // no paths in a bundle
  EXPECT_EQ(reloaded->plugins.size(), 2u);
}

TEST(BundleTest, HashDoesNotDependOnWhereTheFilesWereRead) {
  auto absolute = deftest::LoadFile(Fixture("valid/full.yaml"));
  auto in_memory = deftest::LoadText("elsewhere/full.yaml", deftest::ReadAll(Fixture("valid/full.yaml")));
  ASSERT_TRUE(absolute.result.ok());
  ASSERT_TRUE(in_memory.result.ok());
  EXPECT_EQ(absolute.result->definition->content_hash, in_memory.result->definition->content_hash);
}

TEST(BundleTest, HashChangesWhenAPluginSourceChanges) {
  auto out = deftest::LoadFile(Fixture("valid/full.yaml"));
  ASSERT_TRUE(out.result.ok());
  SourceSet changed = out.result->sources;
  changed.plugin_sources["consent"] += "\n-- a comment changes the version\n";
  std::vector<Diagnostic> diags;
  auto reloaded = LoadFromSources(changed, deftest::TestOptions(), &diags);
  ASSERT_TRUE(reloaded.ok()) << (diags.empty() ? reloaded.status().ToString() : diags[0].ToString());
  EXPECT_NE(reloaded->definition->content_hash, out.result->definition->content_hash);

  SourceSet yaml_changed = out.result->sources;
  yaml_changed.workflow_files["full.yaml"] += "# comment\n";
  auto reloaded2 = LoadFromSources(yaml_changed, deftest::TestOptions(), &diags);
  ASSERT_TRUE(reloaded2.ok());
  EXPECT_NE(reloaded2->definition->content_hash, out.result->definition->content_hash);
  EXPECT_NE(reloaded2->definition->content_hash, reloaded->definition->content_hash);
}

TEST(BundleTest, PluginsComeFromTheBundleNotTheDisk) {
  auto out = deftest::LoadFile(Fixture("valid/full.yaml"));
  ASSERT_TRUE(out.result.ok());
  LoaderOptions nowhere = deftest::TestOptions();
  nowhere.plugins_dir = "/nonexistent";
  auto back = SourceSet::FromBundleJson(out.result->sources.ToBundleJson());
  ASSERT_TRUE(back.ok());
  std::vector<Diagnostic> diags;
  EXPECT_TRUE(LoadFromSources(*back, nowhere, &diags).ok());
  back->plugin_sources.erase("consent");
  auto missing = LoadFromSources(*back, nowhere, &diags);
  EXPECT_FALSE(missing.ok());
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].ToString(),
            "full.yaml:20:10: error: plugin 'consent' not found in /nonexistent/ (looked for "
            "/nonexistent/consent/plugin.lua)");
}

TEST(BundleTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(BundleTest, MalformedBundlesAreRefused) {
  EXPECT_FALSE(SourceSet::FromBundleJson("not json").ok());
  EXPECT_FALSE(SourceSet::FromBundleJson("[]").ok());
  EXPECT_EQ(SourceSet::FromBundleJson(R"({"format":"kasane-bundle/9","root":"a.yaml","workflows":{}})")
                .status()
                .message(),
            "bundle: 'format' must be \"kasane-bundle/1\"");
  EXPECT_EQ(SourceSet::FromBundleJson(R"({"format":"kasane-bundle/1","root":"a.yaml","workflows":{}})")
                .status()
                .message(),
            "bundle: root 'a.yaml' is not among its workflows");
  EXPECT_EQ(SourceSet::FromBundleJson(
                R"({"format":"kasane-bundle/1","root":"a.yaml","workflows":{"a.yaml":"x","../b.yaml":"y"}})")
                .status()
                .message(),
            "bundle: '../b.yaml' is not a .yaml file name");
  EXPECT_EQ(SourceSet::FromBundleJson(R"({"format":"kasane-bundle/1","root":"a.yaml","workflows":{"a.yaml":1}})")
                .status()
                .code(),
            Status::Code::kInvalidArgument);
  auto ok = SourceSet::FromBundleJson(R"({"format":"kasane-bundle/1","root":"a.yaml","workflows":{"a.yaml":"x"}})");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->plugin_sources.empty());
}

}  // namespace
}  // namespace kasane
