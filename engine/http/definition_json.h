// DefinitionJson: a deployed definition as the API shows it — what a browser
// needs to render a workflow's states, transitions and forms. Pure.
#pragma once

#include "model/definition.h"
#include "util/value.h"

namespace kasane::http {

// id, title, roles, agencies, meetings, forms (fields with type, required,
// label, choices, record fields, bounds), states and transitions.
Value DefinitionJson(const Definition& def);

// One role: id and label. One agency: id, label, kind, roles, categories.
// The directory endpoints list them in the same shape.
Value RoleJson(const Role& role);
Value AgencyJson(const Agency& agency);

}  // namespace kasane::http
