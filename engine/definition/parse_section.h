// Reading an `id: element` map of a definition (roles, agencies, forms,
// states, a form's fields) into a DraftSection.
#pragma once

#include <string>
#include <string_view>

#include "definition/definition_draft.h"
#include "definition/parse_common.h"

namespace kasane {

// Reads `<key>: { <id>: <element>, ... }` from `top`. Each id is checked
// against the id pattern; a null element is recorded as a removal; any other
// element is handed to `parse(id, key_pos, node, &item)`, and kept when it
// returns true. `kind` names the elements in messages ("state").
template <typename T, typename ParseFn>
void ReadSection(MapReader* top, std::string_view key, std::string_view kind, DraftSection<T>* section,
                 ParseFn parse) {
  if (!top->Has(key)) return;
  section->present = true;
  section->pos = top->KeyPos(key);
  YAML::Node node = top->Get(key);
  if (node.IsNull()) return;
  YamlReader* reader = top->reader();
  if (!node.IsMap()) {
    top->ValueError(key, "must be a map of " + std::string(kind) + " id to " + std::string(kind) + ", got " +
                             YamlReader::Describe(node));
    return;
  }
  for (const MapEntry& e : MapEntries(*reader, node)) {
    CheckId(reader, e.key_pos, kind, e.key);
    if (e.value.IsNull()) {
      section->removed.push_back({e.key, e.key_pos});
      continue;
    }
    T item;
    if (parse(e.key, e.key_pos, e.value, &item)) section->items.push_back(std::move(item));
  }
}

}  // namespace kasane
