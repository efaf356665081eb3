// Readers for the small pieces every element uses: ids, bilingual text,
// plugin calls and durations. Each reports its own problems and returns false.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "definition/yaml_reader.h"
#include "model/definition.h"

namespace kasane {

// ^[a-z][a-z0-9_-]*$, at most 64 bytes: workflows, roles, agencies, meetings, forms,
// fields, states, timers, task kinds, plugins.
bool IsValidId(std::string_view id);
// ^[a-z][a-z0-9_]*$, at most 64 bytes.
bool IsValidEventName(std::string_view name);

// Report "invalid <kind> id '<id>' (...)" at `pos` when the id is malformed.
bool CheckId(YamlReader* reader, const SourcePos& pos, std::string_view kind, const std::string& id);
bool CheckEventName(YamlReader* reader, const SourcePos& pos, const std::string& name);

// Bilingual text: a string (Japanese) or a map with `ja` and/or `en`.
// `what` names it in messages ("'title'").
bool ParseText(YamlReader* reader, const YAML::Node& node, const std::string& what, LocalizedText* out);
// The text under `key`; false without a report when absent.
bool ReadText(MapReader* map, std::string_view key, LocalizedText* out);
// A label written either as `label: <text>` or as `ja:`/`en:` directly in the
// element's map (roles, agencies).
void ReadInlineLabel(MapReader* map, LocalizedText* out);

// A call: "plugin.function" or { call: plugin.function, with: {args} }.
bool ParseCall(YamlReader* reader, const YAML::Node& node, CallRef* out);
// One call or a list of calls under `key`; appends the ones that parse.
// Returns false when any failed.
bool ReadCalls(MapReader* map, std::string_view key, std::vector<CallRef>* out);

// "<N> <unit>" under `key`; false without a report when absent.
bool ReadDuration(MapReader* map, std::string_view key, Duration* out);

}  // namespace kasane
