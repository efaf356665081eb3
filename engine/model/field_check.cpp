#include "model/field_check.h"

#include "util/text.h"
#include "util/time.h"

namespace kasane {
namespace {

Status TypeError(const std::string& path, const char* expected, const Value& got) {
  return Status::InvalidArgument("field '" + path + "': expected " + expected + ", got " +
                                 std::string(got.type_name()));
}

std::vector<std::string> FieldIds(const std::vector<Field>& fields) {
  std::vector<std::string> ids;
  for (const auto& f : fields) ids.push_back(f.id);
  return ids;
}

std::vector<std::string> ChoiceIds(const Field& field) {
  std::vector<std::string> ids;
  for (const auto& c : field.choices) ids.push_back(c.id);
  return ids;
}

Status CheckChoice(const Field& field, const Value& v, const std::string& path) {
  if (!v.is_string()) return TypeError(path, "a choice id (string)", v);
  if (!field.FindChoice(v.as_string()))
    return Status::InvalidArgument("field '" + path + "': '" + v.as_string() + "' is not one of its choices" +
                                   DidYouMeanSuffix(v.as_string(), ChoiceIds(field)));
  return Status::OK();
}

bool HasValue(const Value* v) {
  if (v == nullptr || v->is_null()) return false;
  if (v->is_string()) return !v->as_string().empty();
  if (v->is_array()) return !v->as_array().empty();
  return true;
}

}  // namespace

Status CheckFieldValue(const Field& field, const Value& value, const std::string& path) {
  if (value.is_null()) return Status::OK();  // clearing a field is always allowed
  switch (field.type) {
    case FieldType::kText:
      if (!value.is_string()) return TypeError(path, "text", value);
      if (field.max_length && static_cast<int64_t>(value.as_string().size()) > *field.max_length)
        return Status::InvalidArgument("field '" + path + "': longer than " + std::to_string(*field.max_length) +
                                       " bytes");
      return Status::OK();
    case FieldType::kInteger:
      if (!value.is_int()) return TypeError(path, "an integer", value);
      if (field.min && value.as_int() < *field.min)
        return Status::InvalidArgument("field '" + path + "': below the minimum " + std::to_string(*field.min));
      if (field.max && value.as_int() > *field.max)
        return Status::InvalidArgument("field '" + path + "': above the maximum " + std::to_string(*field.max));
      return Status::OK();
    case FieldType::kBoolean:
      if (!value.is_bool()) return TypeError(path, "a boolean", value);
      return Status::OK();
    case FieldType::kDate: {
      CivilDate d;
      if (!value.is_string() || !ParseDate(value.as_string(), &d)) return TypeError(path, "a date YYYY-MM-DD", value);
      return Status::OK();
    }
    case FieldType::kChoice:
      return CheckChoice(field, value, path);
    case FieldType::kMultiChoice: {
      if (!value.is_array()) return TypeError(path, "a list of choice ids", value);
      const auto& items = value.as_array();
      for (size_t i = 0; i < items.size(); ++i)
        KASANE_RETURN_IF_ERROR(CheckChoice(field, items[i], path + "[" + std::to_string(i) + "]"));
      return Status::OK();
    }
    case FieldType::kRecords: {
      if (!value.is_array()) return TypeError(path, "a list of records", value);
      const auto& rows = value.as_array();
      auto count = static_cast<int64_t>(rows.size());
      if (field.min && count < *field.min)
        return Status::InvalidArgument("field '" + path + "': needs at least " + std::to_string(*field.min) + " records");
      if (field.max && count > *field.max)
        return Status::InvalidArgument("field '" + path + "': allows at most " + std::to_string(*field.max) + " records");
      for (size_t i = 0; i < rows.size(); ++i) {
        std::string row_path = path + "[" + std::to_string(i) + "]";
        if (!rows[i].is_object()) return TypeError(row_path, "a record (map)", rows[i]);
        for (const auto& [key, cell] : rows[i].as_object()) {
          const Field* column = nullptr;
          for (const auto& c : field.record_fields)
            if (c.id == key) column = &c;
          if (!column)
            return Status::InvalidArgument("field '" + row_path + "': unknown column '" + key + "'" +
                                           DidYouMeanSuffix(key, FieldIds(field.record_fields)));
          KASANE_RETURN_IF_ERROR(CheckFieldValue(*column, cell, row_path + "." + key));
        }
        for (const auto& c : field.record_fields)
          if (c.required && !HasValue(rows[i].find(c.id)))
            return Status::InvalidArgument("field '" + row_path + "': column '" + c.id + "' is required");
      }
      return Status::OK();
    }
  }
  return Status::Internal("unhandled field type");
}

Status CheckPayload(const Definition& def, const Form* form, const Value& payload) {
  if (payload.is_null()) return Status::OK();
  if (!payload.is_object()) return Status::InvalidArgument("payload must be a map of field -> value, got " +
                                                           std::string(payload.type_name()));
  for (const auto& [key, value] : payload.as_object()) {
    const Field* field = form ? form->FindField(key) : def.FindField(key);
    if (!field) {
      std::vector<std::string> known;
      if (form) {
        known = FieldIds(form->fields);
      } else {
        for (const auto& f : def.forms)
          for (const auto& fld : f.fields) known.push_back(fld.id);
      }
      return Status::InvalidArgument("unknown field '" + key + "'" +
                                     (form ? " in form '" + form->id + "'" : std::string()) +
                                     DidYouMeanSuffix(key, known));
    }
    KASANE_RETURN_IF_ERROR(CheckFieldValue(*field, value, key));
  }
  return Status::OK();
}

Status CheckRequiredFields(const Definition& def, const Form* form, const std::vector<std::string>& extra,
                           const Value& data) {
  std::vector<const Field*> required;
  if (form)
    for (const auto& f : form->fields)
      if (f.required) required.push_back(&f);
  for (const auto& id : extra)
    if (const Field* f = def.FindField(id)) required.push_back(f);
  std::string missing;
  for (const Field* f : required) {
    if (HasValue(data.find(f->id))) continue;
    if (missing.find("(" + f->id + ")") != std::string::npos) continue;
    if (!missing.empty()) missing += "、";
    missing += f->label.Preferred(f->id) + " (" + f->id + ")";
  }
  // A `requires` entry that is not a declared field still has to hold a value.
  for (const auto& id : extra) {
    if (def.FindField(id) || HasValue(data.find(id))) continue;
    if (!missing.empty()) missing += "、";
    missing += id;
  }
  if (missing.empty()) return Status::OK();
  return Status::InvalidArgument("必須項目が未入力です / required fields missing: " + missing);
}

}  // namespace kasane
