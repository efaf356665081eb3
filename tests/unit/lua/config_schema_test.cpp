// Config schemas as data: checking the schema, then configs against it.
#include "lua/config_schema.h"

#include <gtest/gtest.h>

#include "lua_test_util.h"

namespace kasane {
namespace {

Value Json(const char* text) {
  auto parsed = ParseJson(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : Value();
}

std::vector<std::string> SchemaProblems(const char* schema_json) {
  std::vector<ConfigProblem> problems;
  CheckConfigSchema(Json(schema_json), &problems);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.path + ": " + p.message);
  return out;
}

struct Checked {
  Value config;
  std::vector<std::string> problems;
};

Checked Apply(const char* schema_json, const char* config_json) {
  Value schema = Json(schema_json);
  std::vector<ConfigProblem> schema_problems;
  CheckConfigSchema(schema, &schema_problems);
  EXPECT_TRUE(schema_problems.empty()) << schema_json;
  std::vector<ConfigProblem> problems;
  Checked out;
  out.config = ApplyConfigSchema(schema, Json(config_json), &problems);
  for (const auto& p : problems) out.problems.push_back(p.path + ": " + p.message);
  return out;
}

const char* kScreening = R"({
  "matrix": {"type": "map", "values": {"type": "boolean"}, "required": true},
  "threshold": {"type": "integer", "default": 2},
  "ratio": {"type": "number", "default": 0.5},
  "mode": {"type": "enum", "one_of": ["strict", "lenient"], "default": "strict"},
  "targets": {"type": "list", "items": {"type": "string"}},
  "contact": {"type": "map", "fields": {
      "window": {"type": "string", "required": true},
      "hours": {"type": "string", "default": "9-17"}}}
})";

TEST(ConfigSchemaTest, ValidConfigGetsItsDefaults) {
  Checked c = Apply(kScreening, R"({"matrix": {"C1": true, "C2": false}, "ratio": 1,
                                    "contact": {"window": "地域共生課"}})");
  EXPECT_TRUE(c.problems.empty()) << ::testing::PrintToString(c.problems);
  EXPECT_EQ(c.config.ToJson(),
            R"({"contact":{"hours":"9-17","window":"地域共生課"},"matrix":{"C1":true,"C2":false},"mode":"strict",)"
            R"("ratio":1,"threshold":2})");
}

TEST(ConfigSchemaTest, ProblemsArePathPrecise) {
  Checked c = Apply(kScreening, R"({"matrix": {"C1": true, "C2": "yes"}, "threshold": 2.5, "mode": "loose",
                                    "targets": ["a", 3], "contact": {"windw": "x"}, "treshold": 1})");
  EXPECT_EQ(c.problems, (std::vector<std::string>{
                            "contact.windw: unknown key 'windw' (did you mean 'window'?)",
                            "contact.window: required key is missing",
                            "matrix.C2: expected boolean, got string",
                            "mode: expected one of 'strict', 'lenient', got 'loose'",
                            "targets[2]: expected string, got integer",
                            "threshold: expected integer, got number",
                            "treshold: unknown key 'treshold' (did you mean 'threshold'?)",
                        }));
}

TEST(ConfigSchemaTest, MissingRequiredKeyAndNullCountsAsAbsent) {
  Checked c = Apply(kScreening, R"({"threshold": null})");
  EXPECT_EQ(c.problems, std::vector<std::string>{"matrix: required key is missing"});
  EXPECT_EQ(c.config.find("threshold")->as_int(), 2);
}

TEST(ConfigSchemaTest, NullConfigIsEmptyAndNonMapIsRefused) {
  Checked empty = Apply(R"({"n": {"type": "integer", "default": 1}})", "null");
  EXPECT_TRUE(empty.problems.empty());
  EXPECT_EQ(empty.config.ToJson(), R"({"n":1})");
  Checked list = Apply(R"({"n": {"type": "integer"}})", "[1]");
  EXPECT_EQ(list.problems, std::vector<std::string>{": expected map, got list"});
}

TEST(ConfigSchemaTest, FreeMapsAndListsTakeAnything) {
  Checked c = Apply(R"({"extra": {"type": "map"}, "any": {"type": "list"}})",
                    R"({"extra": {"a": [1, {"b": null}]}, "any": [1, "x", true]})");
  EXPECT_TRUE(c.problems.empty()) << ::testing::PrintToString(c.problems);
  EXPECT_EQ(c.config.ToJson(), R"({"any":[1,"x",true],"extra":{"a":[1,{"b":null}]}})");
}

TEST(ConfigSchemaTest, EmptyListFromLuaCountsAsEmptyMap) {
  Checked c = Apply(R"({"m": {"type": "map", "values": {"type": "integer"}, "default": []}})", "{}");
  EXPECT_TRUE(c.problems.empty()) << ::testing::PrintToString(c.problems);
  EXPECT_EQ(c.config.ToJson(), R"({"m":{}})");
}

TEST(ConfigSchemaTest, SchemaItselfIsChecked) {
  EXPECT_EQ(SchemaProblems(R"({
      "a": {"type": "bool"},
      "b": {"typ": "string"},
      "c": {"type": "string", "requird": true},
      "d": {"type": "integer", "default": "5"},
      "e": {"type": "enum"},
      "f": {"type": "string", "items": {"type": "string"}},
      "g": {"type": "list", "items": {"type": "strin"}},
      "h": {"type": "map", "fields": {"x": {"type": "integer", "default": 1.5}}},
      "i": "string",
      "j": {"type": "boolean", "required": "yes", "description": {"fr": "x"}},
      "k": {"type": "enum", "one_of": ["a", {"b": 1}]},
      "l": {"type": "list", "items": {"type": "integer"}, "default": [1, "two"]}
    })"),
            (std::vector<std::string>{
                "config.a.type: unknown type 'bool' (expected one of string, integer, number, boolean, list, map, "
                "enum; did you mean 'boolean'?)",
                "config.b.typ: unknown key 'typ' (did you mean 'type'?)",
                "config.b: missing 'type' (one of string, integer, number, boolean, list, map, enum)",
                "config.c.requird: unknown key 'requird' (did you mean 'required'?)",
                "config.d.default: default does not match the type: expected integer, got string",
                "config.e.one_of: an enum needs 'one_of', a non-empty list of strings or numbers",
                "config.f.items: 'items' is only for type list",
                "config.g.items.type: unknown type 'strin' (expected one of string, integer, number, boolean, list, "
                "map, enum; did you mean 'string'?)",
                "config.h.fields.x.default: default does not match the type: expected integer, got number",
                "config.i: expected a table like { type = \"string\" }, got string",
                "config.j.required: expected boolean, got string",
                "config.j.description: expected a string or { ja = \"...\", en = \"...\" }",
                "config.k.one_of: an enum needs 'one_of', a non-empty list of strings or numbers",
                "config.l.default[2]: default does not match the type: expected integer, got string",
            }));
  EXPECT_TRUE(SchemaProblems("null").empty());
  EXPECT_EQ(SchemaProblems("5"), std::vector<std::string>{"config: expected a table of entries, got integer"});
}

TEST(ConfigSchemaTest, PluginCheckConfigUsesTheDeclaredSchema) {
  auto plugin = testing_lua::MustLoad(
      "return { name = 'test', version = '1.0.0',\n"
      "  config = { matrix = { type = 'map', values = { type = 'boolean' } } },\n"
      "  guards = { ok = function() return true end } }\n");
  ASSERT_NE(plugin, nullptr);
  std::vector<ConfigProblem> problems;
  plugin->CheckConfig(Json(R"({"matrix": {"C2": "true"}})"), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "matrix.C2");
  EXPECT_EQ(problems[0].message, "expected boolean, got string");
}

}  // namespace
}  // namespace kasane
