#include "definition/parse_forms.h"

#include "definition/parse_section.h"
#include "util/text.h"

namespace kasane {
namespace {

bool ParseField(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node,
                Field* field);

bool IsChoiceType(FieldType t) { return t == FieldType::kChoice || t == FieldType::kMultiChoice; }

void ReadChoices(MapReader* map, Field* field) {
  YAML::Node node = map->Get("choices");
  if (!node.IsMap()) {
    map->ValueError("choices", "must be a map of choice id to label, got " + YamlReader::Describe(node));
    return;
  }
  YamlReader* reader = map->reader();
  for (const MapEntry& e : MapEntries(*reader, node)) {
    CheckId(reader, e.key_pos, "choice", e.key);
    Choice choice;
    choice.id = e.key;
    if (!e.value.IsNull()) ParseText(reader, e.value, "choice '" + e.key + "'", &choice.label);
    field->choices.push_back(std::move(choice));
  }
}

void ReadColumns(MapReader* map, Field* field) {
  YAML::Node node = map->Get("fields");
  if (!node.IsMap()) {
    map->ValueError("fields", "must be a map of field id to field, got " + YamlReader::Describe(node));
    return;
  }
  YamlReader* reader = map->reader();
  for (const MapEntry& e : MapEntries(*reader, node)) {
    CheckId(reader, e.key_pos, "field", e.key);
    Field column;
    if (ParseField(reader, e.key, e.key_pos, e.value, &column)) field->record_fields.push_back(std::move(column));
  }
}

// Keys that only some field types take.
void CheckKeyAllowed(MapReader* map, const Field& field, std::string_view key, bool allowed, const char* types) {
  if (map->Has(key) && !allowed)
    map->reader()->Error(map->KeyPos(key), "'" + std::string(key) + "' is only allowed for " + types +
                                               " fields; field '" + field.id + "' is " + FieldTypeName(field.type));
}

bool ParseField(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node,
                Field* field) {
  field->id = id;
  field->pos = pos;
  MapReader map(reader, node, "field '" + id + "'",
                {{"type", true}, {"required"}, {"label"}, {"choices"}, {"fields"}, {"min"}, {"max"}, {"max_length"}});
  if (!map.ok()) return false;
  std::string type;
  bool typed = false;
  if (map.ReadString("type", &type)) {
    typed = ParseFieldType(type, &field->type);
    if (!typed)
      reader->Error(map.ValuePos("type"), "unknown field type '" + SanitizeMessage(type) +
                                              "' (use text, integer, boolean, date, choice, multi_choice or records)" +
                                              DidYouMeanSuffix(type, {"text", "integer", "boolean", "date", "choice",
                                                                      "multi_choice", "records"}));
  }
  map.ReadBool("required", &field->required);
  ReadText(&map, "label", &field->label);
  map.ReadInt("min", &field->min);
  map.ReadInt("max", &field->max);
  map.ReadInt("max_length", &field->max_length);
  if (!typed) return true;  // type-specific checks need the type

  bool is_records = field->type == FieldType::kRecords;
  CheckKeyAllowed(&map, *field, "choices", IsChoiceType(field->type), "choice and multi_choice");
  CheckKeyAllowed(&map, *field, "fields", is_records, "records");
  CheckKeyAllowed(&map, *field, "min", is_records || field->type == FieldType::kInteger, "integer and records");
  CheckKeyAllowed(&map, *field, "max", is_records || field->type == FieldType::kInteger, "integer and records");
  CheckKeyAllowed(&map, *field, "max_length", field->type == FieldType::kText, "text");

  if (IsChoiceType(field->type)) {
    if (map.HasValue("choices")) ReadChoices(&map, field);
    if (field->choices.empty() && !(map.HasValue("choices") && !map.Get("choices").IsMap()))
      reader->Error(pos, std::string(FieldTypeName(field->type)) + " field '" + id + "' has no choices");
  }
  if (is_records) {
    if (map.HasValue("fields")) ReadColumns(&map, field);
    if (field->record_fields.empty() && !(map.HasValue("fields") && !map.Get("fields").IsMap()))
      reader->Error(pos, "records field '" + id + "' has no fields");
  }
  if (field->min && field->max && *field->min > *field->max)
    reader->Error(map.ValuePos("min"), "'min' (" + std::to_string(*field->min) + ") is greater than 'max' (" +
                                           std::to_string(*field->max) + ")");
  if (is_records && field->min && *field->min < 0) map.ValueError("min", "must not be negative");
  if (field->max_length && *field->max_length <= 0) map.ValueError("max_length", "must be positive");
  return true;
}

bool ParseForm(YamlReader* reader, const std::string& id, const SourcePos& pos, const YAML::Node& node, Form* form) {
  form->id = id;
  form->pos = pos;
  MapReader map(reader, node, "form '" + id + "'", {{"label"}, {"fields", true}, {"merge"}});
  if (!map.ok()) return false;
  ReadText(&map, "label", &form->label);
  map.ReadBool("merge", &form->merge);
  DraftSection<Field> fields;
  ReadSection(&map, "fields", "field", &fields,
              [&](const std::string& field_id, const SourcePos& field_pos, const YAML::Node& field_node, Field* f) {
                return ParseField(reader, field_id, field_pos, field_node, f);
              });
  for (const IdRef& r : fields.removed) {
    if (form->merge) {
      form->removed_fields.push_back(r.id);
    } else {
      reader->Error(r.pos, "field '" + r.id + "' has no definition (write at least { type: ... })" +
                               std::string(" — to remove an inherited field, write the form with 'merge: true'"));
    }
  }
  form->fields = std::move(fields.items);
  return true;
}

}  // namespace

void ParseForms(MapReader* top, DefinitionDraft* draft) {
  YamlReader* reader = top->reader();
  ReadSection(top, "forms", "form", &draft->forms,
              [&](const std::string& id, const SourcePos& pos, const YAML::Node& node, Form* form) {
                return ParseForm(reader, id, pos, node, form);
              });
}

}  // namespace kasane
