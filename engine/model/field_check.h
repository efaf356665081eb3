// Checks values against a definition's field declarations: event payloads before
// anything runs, and values written in the definition itself (`set:`).
#pragma once

#include <string>
#include <vector>

#include "model/definition.h"
#include "util/status.h"
#include "util/value.h"

namespace kasane {

// Checks that `payload` is a map (or null) whose keys are fields of `form`
// (or, when form is null, of any form of the definition) with values of the
// declared types. Returns InvalidArgument naming the field and the problem.
Status CheckPayload(const Definition& def, const Form* form, const Value& payload);

// Checks one value against one field declaration; `path` names it in errors.
Status CheckFieldValue(const Field& field, const Value& value, const std::string& path);

// Fields that must hold a value (not null, not "", not an empty list) in
// `data`: the form's required fields plus `extra` field ids. Returns
// InvalidArgument listing every missing one by Japanese label and id.
Status CheckRequiredFields(const Definition& def, const Form* form, const std::vector<std::string>& extra,
                           const Value& data);

}  // namespace kasane
