// The config schema a plugin declares as data, and checking configs against it.
//
//   config = { <key> = <entry>, ... }
//   <entry> = {
//     type = "string" | "integer" | "number" | "boolean" | "list" | "map" | "enum",
//     required = true | false,          -- default false
//     default = <a value of the type>,  -- filled in when the key is absent
//     description = "..." | { ja = "...", en = "..." },
//     items = <entry>,                  -- list: every item
//     fields = { <key> = <entry> },     -- map: known keys (others refused unless `values`)
//     values = <entry>,                 -- map: every other key
//     one_of = { "a", "b", ... },       -- enum: the allowed values (required for enum)
//   }
// A map with neither `fields` nor `values` takes any keys and values. An
// explicit null in a config counts as absent. List positions in problem
// paths count from 1, as in Lua: "targets[2]".
#pragma once

#include <string>
#include <vector>

#include "lua/plugin.h"
#include "util/value.h"

namespace kasane {

// Checks the schema itself (`schema` is the plugin's `config` table as data;
// null means no config). Problem paths start with "config.".
void CheckConfigSchema(const Value& schema, std::vector<ConfigProblem>* problems);

// Checks `config` (a map, or null for none) against a schema that passed
// CheckConfigSchema. Returns the config with defaults filled in; it is only
// meaningful if no problem was added.
Value ApplyConfigSchema(const Value& schema, const Value& config, std::vector<ConfigProblem>* problems);

}  // namespace kasane
