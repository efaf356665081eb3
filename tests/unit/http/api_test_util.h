// Helpers for API tests: parse a response, check a problem document.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "http_fixture.h"
#include "util/value.h"

namespace kasane::http::testing {

// The response body as JSON; a failed test and null when it does not parse.
inline Value BodyOf(const HttpResult& r) {
  Result<Value> body = ParseJson(r.body);
  EXPECT_TRUE(body.ok()) << "not JSON: " << r.body;
  return body.ok() ? *body : Value();
}

inline std::string ProblemCodeOf(const HttpResult& r) {
  Result<Value> body = ParseJson(r.body);
  if (!body.ok()) return "<not json: " + r.body + ">";
  const Value* code = body->find("code");
  return code != nullptr && code->is_string() ? code->as_string() : "<no code>";
}

#define EXPECT_API_PROBLEM(result, http_status, problem_code)                                   \
  do {                                                                                          \
    const ::kasane::http::testing::HttpResult& _r = (result);                                   \
    EXPECT_EQ(_r.status, http_status) << _r.body;                                               \
    EXPECT_EQ(_r.header("Content-Type"), "application/problem+json; charset=utf-8") << _r.body; \
    EXPECT_EQ(::kasane::http::testing::ProblemCodeOf(_r), problem_code) << _r.body;             \
  } while (0)

// A string member of a JSON object, or "" when absent.
inline std::string StringAt(const Value& v, std::string_view key) {
  const Value* s = v.is_object() ? v.find(key) : nullptr;
  return s != nullptr && s->is_string() ? s->as_string() : std::string();
}

inline int64_t IntAt(const Value& v, std::string_view key) {
  const Value* s = v.is_object() ? v.find(key) : nullptr;
  return s != nullptr && s->is_int() ? s->as_int() : -1;
}

}  // namespace kasane::http::testing
