#include "http/openapi.h"

#include <cctype>
#include <set>
#include <string>

#include "http/permissions.h"
#include "http/request.h"

namespace kasane::http {
namespace {

// The shared parts of the document, written by hand to match the handlers'
// JSON (case_view.cpp, case_handlers.cpp, directory_handlers.cpp,
// audit_handlers.cpp, auth_handlers.cpp, problem.cpp).
constexpr const char* kComponents = R"json({
"securitySchemes": {
  "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "kasane_session",
    "description": "Set by POST /api/v1/login (HttpOnly, SameSite=Strict)."},
  "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
    "description": "The csrf_token of the login or /api/v1/me answer; required on POST, PUT, PATCH and DELETE."}
},
"schemas": {
  "Problem": {"type": "object", "required": ["type", "title", "status", "detail", "code"],
    "description": "RFC 7807 problem document; detail never carries personal data.",
    "properties": {
      "type": {"type": "string", "example": "about:blank"},
      "title": {"type": "string", "example": "Not Found"},
      "status": {"type": "integer", "example": 404},
      "detail": {"type": "string"},
      "code": {"type": "string", "example": "not_found", "description": "Stable, for programs: bad_request, unauthorized, forbidden, csrf, not_found, method_not_allowed, conflict, guard_denied, payload_too_large, too_many_attempts, internal."}}},
  "LocalizedText": {"type": "object", "required": ["ja", "en"],
    "properties": {"ja": {"type": "string"}, "en": {"type": "string"}}},
  "CaseState": {"type": "object", "required": ["id", "label", "final"],
    "properties": {"id": {"type": "string"}, "label": {"$ref": "#/components/schemas/LocalizedText"},
      "final": {"type": "boolean"}}},
  "CaseSummary": {"type": "object",
    "required": ["id", "workflow", "workflow_title", "definition_version", "state", "version", "created_at", "updated_at", "visibility"],
    "properties": {
      "id": {"type": "integer", "format": "int64"},
      "workflow": {"type": "string"},
      "workflow_title": {"$ref": "#/components/schemas/LocalizedText"},
      "definition_version": {"type": "integer", "format": "int64"},
      "state": {"$ref": "#/components/schemas/CaseState"},
      "version": {"type": "integer", "format": "int64", "description": "Bumped by every event; send it back as expected_version."},
      "parent_id": {"type": "integer", "format": "int64", "description": "The case that opened this one; absent for none."},
      "created_at": {"type": "string", "format": "date-time"},
      "updated_at": {"type": "string", "format": "date-time"},
      "visibility": {"type": "string", "enum": ["full", "meeting_only", "none"]},
      "main_complaint": {"description": "In lists, for full members: the case's main_complaint field when set."}}},
  "Member": {"type": "object", "required": ["agency", "label", "relation"],
    "properties": {"agency": {"type": "string"}, "label": {"$ref": "#/components/schemas/LocalizedText"},
      "relation": {"type": "string"}}},
  "Case": {"allOf": [{"$ref": "#/components/schemas/CaseSummary"},
    {"type": "object", "required": ["data", "members"],
     "properties": {
       "data": {"type": "object", "additionalProperties": true, "description": "Only the fields the viewer may see."},
       "members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}, "description": "Empty unless the viewer is a full member."},
       "children": {"type": "array", "items": {"type": "integer", "format": "int64"}, "description": "GET /api/v1/cases/{id} for full members: the cases this one opened."}}}]},
  "Decision": {"type": "object", "properties": {"key": {"type": "string"}, "value": {}, "source": {"type": "string"}}},
  "Event": {"type": "object",
    "required": ["seq", "at", "actor", "role", "agency", "event", "from", "to", "payload", "decisions", "definition_version"],
    "properties": {
      "seq": {"type": "integer", "format": "int64"},
      "at": {"type": "string", "format": "date-time"},
      "actor": {"type": "string"}, "role": {"type": "string"}, "agency": {"type": "string"},
      "event": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"},
      "payload": {"type": "object", "additionalProperties": true},
      "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}},
      "definition_version": {"type": "integer", "format": "int64"}}},
  "Task": {"type": "object", "required": ["id", "case_id", "kind", "agency", "role", "title", "open", "created_at"],
    "properties": {
      "id": {"type": "integer", "format": "int64"},
      "case_id": {"type": "integer", "format": "int64"},
      "kind": {"type": "string"}, "agency": {"type": "string"}, "role": {"type": "string"},
      "title": {"$ref": "#/components/schemas/LocalizedText"},
      "due_at": {"type": "string", "format": "date-time"},
      "open": {"type": "boolean"},
      "created_at": {"type": "string", "format": "date-time"},
      "closed_at": {"type": "string", "format": "date-time"}}},
  "Action": {"type": "object", "required": ["event", "label", "to", "allowed"],
    "properties": {
      "event": {"type": "string"},
      "label": {"$ref": "#/components/schemas/LocalizedText"},
      "to": {"type": "string", "description": "Target state; empty for an internal transition."},
      "allowed": {"type": "boolean"},
      "reason": {"type": "string", "description": "Why not, when not allowed (Japanese)."},
      "form": {"type": "string", "description": "The form the event takes, when it has one."}}},
  "Meeting": {"type": "object", "required": ["meeting", "label", "restricted", "seq", "at", "event", "actor", "record"],
    "properties": {
      "meeting": {"type": "string"}, "label": {"$ref": "#/components/schemas/LocalizedText"},
      "restricted": {"type": "boolean"},
      "seq": {"type": "integer", "format": "int64"},
      "at": {"type": "string", "format": "date-time"},
      "event": {"type": "string"}, "actor": {"type": "string"},
      "record": {"type": "object", "additionalProperties": true}}},
  "AuditEntry": {"type": "object", "required": ["seq", "at", "actor", "role", "action", "detail", "hash"],
    "properties": {
      "seq": {"type": "integer", "format": "int64"},
      "at": {"type": "string", "format": "date-time"},
      "actor": {"type": "string"}, "role": {"type": "string"}, "action": {"type": "string"},
      "case_id": {"type": "integer", "format": "int64"},
      "detail": {"type": "string"},
      "hash": {"type": "string", "description": "This entry's link in the tenant's hash chain."}}},
  "User": {"type": "object", "required": ["username", "name", "role", "agency"],
    "properties": {"username": {"type": "string"}, "name": {"type": "string"},
      "role": {"type": "string"}, "agency": {"type": "string"}}},
  "Agency": {"type": "object", "required": ["id", "label", "kind", "roles", "categories"],
    "properties": {"id": {"type": "string"}, "label": {"$ref": "#/components/schemas/LocalizedText"},
      "kind": {"type": "string"},
      "roles": {"type": "array", "items": {"type": "string"}},
      "categories": {"type": "array", "items": {"type": "string"}}}},
  "Role": {"type": "object", "required": ["id", "label", "kind"],
    "properties": {"id": {"type": "string"}, "label": {"$ref": "#/components/schemas/LocalizedText"},
      "kind": {"type": "string", "enum": ["workflow", "account"]}}},
  "LoginRequest": {"type": "object", "required": ["tenant", "username", "password"],
    "properties": {"tenant": {"type": "string", "minLength": 1}, "username": {"type": "string", "minLength": 1},
      "password": {"type": "string", "minLength": 1, "format": "password"}}},
  "FireRequest": {"type": "object", "required": ["event"], "additionalProperties": false,
    "properties": {
      "event": {"type": "string", "minLength": 1},
      "payload": {"type": "object", "additionalProperties": true, "description": "The event form's fields."},
      "expected_version": {"type": "integer", "format": "int64", "description": "The version you saw; 409 when the case has moved on."}}},
  "CreateCaseRequest": {"type": "object", "required": ["workflow"], "additionalProperties": false,
    "properties": {
      "workflow": {"type": "string"},
      "state": {"type": "string", "description": "An initial state; default the first."},
      "data": {"type": "object", "additionalProperties": true}}},
  "SessionUser": {"type": "object", "required": ["tenant", "username", "name"],
    "properties": {"tenant": {"type": "string"}, "username": {"type": "string"}, "name": {"type": "string"}}},
  "Session": {"type": "object", "required": ["user", "role", "agency", "csrf_token"],
    "properties": {"user": {"$ref": "#/components/schemas/SessionUser"}, "role": {"type": "string"},
      "agency": {"type": "string"}, "csrf_token": {"type": "string"}}},
  "LogoutResult": {"type": "object", "required": ["status"],
    "properties": {"status": {"type": "string", "enum": ["logged_out"]}}},
  "CaseList": {"type": "object", "required": ["cases"],
    "properties": {"cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
      "next_after": {"type": "integer", "format": "int64", "description": "Pass as after for the next page; absent on the last."}}},
  "FireResult": {"type": "object", "required": ["case", "event", "replayed", "spawned"],
    "properties": {
      "case": {"oneOf": [{"$ref": "#/components/schemas/Case"}, {"type": "object", "maxProperties": 0}],
        "description": "The case after the event; empty when the event ended your access."},
      "event": {"$ref": "#/components/schemas/Event"},
      "replayed": {"type": "boolean", "description": "Answered from the Idempotency-Key (status 200)."},
      "spawned": {"type": "array", "items": {"type": "integer", "format": "int64"}}}},
  "ActionList": {"type": "object", "required": ["case_id", "version", "actions"],
    "properties": {"case_id": {"type": "integer", "format": "int64"}, "version": {"type": "integer", "format": "int64"},
      "actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}}},
  "History": {"type": "object", "required": ["case_id", "events"],
    "properties": {"case_id": {"type": "integer", "format": "int64"},
      "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}}},
  "CaseTasks": {"type": "object", "required": ["case_id", "tasks"],
    "properties": {"case_id": {"type": "integer", "format": "int64"},
      "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}},
  "MeetingList": {"type": "object", "required": ["case_id", "meetings"],
    "properties": {"case_id": {"type": "integer", "format": "int64"},
      "meetings": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}}}},
  "TaskInbox": {"type": "object", "required": ["agency", "tasks"],
    "properties": {"agency": {"type": "string"},
      "tasks": {"type": "array", "items": {"$ref": "#/components/schemas/Task"}}}},
  "UserList": {"type": "object", "required": ["users"],
    "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}},
  "RoleList": {"type": "object", "required": ["roles"],
    "properties": {"roles": {"type": "array", "items": {"$ref": "#/components/schemas/Role"}}}},
  "AgencyList": {"type": "object", "required": ["agencies"],
    "properties": {"agencies": {"type": "array", "items": {"$ref": "#/components/schemas/Agency"}}}},
  "AuditPage": {"type": "object", "required": ["entries"],
    "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}},
      "next_after": {"type": "integer", "format": "int64", "description": "Present when the page is full."}}},
  "AuditVerification": {"type": "object", "required": ["ok", "entries"],
    "properties": {"ok": {"type": "boolean"}, "entries": {"type": "integer", "format": "int64"},
      "problem": {"type": "string"}, "at_seq": {"type": "integer", "format": "int64"}}},
  "Health": {"type": "object", "required": ["status"],
    "properties": {"status": {"type": "string", "enum": ["ok"]}}}
},
"parameters": {
  "CaseId": {"name": "id", "in": "path", "required": true, "description": "Case id; an unknown or invisible case is 404.",
    "schema": {"type": "integer", "format": "int64", "minimum": 1}},
  "Workflow": {"name": "workflow", "in": "query", "description": "Only cases of this workflow id.", "schema": {"type": "string"}},
  "State": {"name": "state", "in": "query", "description": "Only cases in this state.", "schema": {"type": "string"}},
  "Search": {"name": "q", "in": "query", "description": "A case id, or text found in a field you may see.",
    "schema": {"type": "string", "maxLength": 200}},
  "After": {"name": "after", "in": "query", "description": "Keyset paging: the next_after of the previous page.",
    "schema": {"type": "integer", "format": "int64", "minimum": 0, "default": 0}},
  "CaseLimit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
  "TaskLimit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 100}},
  "AuditLimit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}},
  "TaskRole": {"name": "role", "in": "query", "description": "Only tasks for this role.", "schema": {"type": "string"}},
  "AuditCase": {"name": "case", "in": "query", "description": "Only entries about this case id.",
    "schema": {"type": "integer", "format": "int64", "minimum": 0}},
  "AuditActor": {"name": "actor", "in": "query", "description": "Only entries by this user name.", "schema": {"type": "string"}},
  "AuditAction": {"name": "action", "in": "query", "description": "Only this action, e.g. case.read.", "schema": {"type": "string"}},
  "IdempotencyKey": {"name": "Idempotency-Key", "in": "header",
    "description": "A retried request with the same key is answered (200, replayed), not run again.",
    "schema": {"type": "string", "maxLength": 128}}
},
"responses": {
  "BadRequest": {"description": "Malformed request (bad_request).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "Unauthorized": {"description": "No live session (unauthorized).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "Forbidden": {"description": "The role lacks the permission (forbidden), or the CSRF token is missing or wrong (csrf).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "NotFound": {"description": "No such resource, or not one you may see (not_found).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "Conflict": {"description": "The resource changed meanwhile, e.g. a stale expected_version (conflict).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "PayloadTooLarge": {"description": "The body is larger than the server accepts (payload_too_large).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "GuardDenied": {"description": "A guard of the workflow refused the event (guard_denied), or one of its plugins failed: plugin_failed (an error, or a change the definition does not allow), plugin_timeout (past its CPU budget), plugin_limit (memory, too many changes). The detail names the plugin and function.",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "TooManyRequests": {"description": "Too many failed logins for this user; try later (too_many_attempts).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
  "Error": {"description": "Any other error, e.g. 405 or 500 (internal).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
}
})json";

// What the route table does not say about a route. Lists are comma-separated.
struct OperationDetail {
  const char* route;       // "METHOD pattern", as in the route table
  const char* request;     // schema of the JSON body; nullptr: no body
  const char* response;    // schema of the success body
  const char* successes;   // success statuses: "200", "201" or "201,200"
  const char* parameters;  // names in components/parameters
  const char* errors;      // problem statuses beyond those every route of its kind has
};

constexpr OperationDetail kDetails[] = {
    {"POST /api/v1/logout", nullptr, "LogoutResult", "200", "", ""},
    {"GET /api/v1/me", nullptr, "Session", "200", "", ""},
    {"GET /api/v1/cases", nullptr, "CaseList", "200", "Workflow,State,Search,After,CaseLimit", "400"},
    {"POST /api/v1/cases", "CreateCaseRequest", "Case", "201", "", "404,409,422"},
    {"GET /api/v1/cases/{id}", nullptr, "Case", "200", "CaseId", ""},
    {"GET /api/v1/cases/{id}/actions", nullptr, "ActionList", "200", "CaseId", ""},
    {"POST /api/v1/cases/{id}/events", "FireRequest", "FireResult", "201,200", "CaseId,IdempotencyKey", "409,422"},
    {"GET /api/v1/cases/{id}/history", nullptr, "History", "200", "CaseId", ""},
    {"GET /api/v1/cases/{id}/tasks", nullptr, "CaseTasks", "200", "CaseId", ""},
    {"GET /api/v1/cases/{id}/meetings", nullptr, "MeetingList", "200", "CaseId", ""},
    {"GET /api/v1/tasks", nullptr, "TaskInbox", "200", "TaskRole,After,TaskLimit", "400"},
    {"GET /api/v1/users", nullptr, "UserList", "200", "", ""},
    {"GET /api/v1/roles", nullptr, "RoleList", "200", "", ""},
    {"GET /api/v1/agencies", nullptr, "AgencyList", "200", "", ""},
    {"GET /api/v1/audit", nullptr, "AuditPage", "200", "AuditCase,AuditActor,AuditAction,After,AuditLimit", "400"},
    {"GET /api/v1/audit/verify", nullptr, "AuditVerification", "200", "", ""},
};

constexpr const char* kDescription =
    "重層的支援体制整備事業の事例管理エンジン kasane の JSON API です。POST /api/v1/login で得た "
    "kasane_session クッキーで呼び出し、状態を変える要求 (POST, PUT, PATCH, DELETE) には X-CSRF-Token "
    "ヘッダーも付けます。エラーは RFC 7807 の problem 文書で返ります。\n\n"
    "The JSON API of kasane, the case-workflow engine for multi-layered support. Log in with "
    "POST /api/v1/login; the kasane_session cookie authenticates later calls, and state-changing requests "
    "(POST, PUT, PATCH, DELETE) also send the X-CSRF-Token header from the login or /api/v1/me answer. "
    "Errors are RFC 7807 problem documents.";

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The {name}s of a pattern, in order.
std::vector<std::string> PathParams(std::string_view pattern) {
  std::vector<std::string> out;
  for (const std::string& s : Split(pattern, '/'))
    if (IsParam(s)) out.push_back(s.substr(1, s.size() - 2));
  return out;
}

// "snake_case.json" -> "SnakeCaseJson".
std::string Words(std::string_view text) {
  std::string out;
  bool upper = true;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// "POST /api/v1/cases/{id}/events" -> "postCasesByIdEvents".
std::string OperationId(std::string_view method, std::string_view pattern) {
  std::string id;
  for (char c : method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::string_view kPrefix = "/api/v1/";
  if (pattern.substr(0, kPrefix.size()) == kPrefix) pattern.remove_prefix(kPrefix.size());
  for (const std::string& s : Split(pattern, '/')) id += IsParam(s) ? "By" + Words(s) : Words(s);
  return id;
}

std::string Lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value Ref(std::string_view kind, std::string_view name) {
  Value v;
  v["$ref"] = "#/components/" + std::string(kind) + "/" + std::string(name);
  return v;
}

Value JsonContent(Value schema) {
  Value media;
  media["schema"] = std::move(schema);
  Value content;
  content["application/json"] = std::move(media);
  return content;
}

// The problem response for `status`: a shared one when there is one.
Value ProblemResponse(int status) {
  switch (status) {
    case 400: return Ref("responses", "BadRequest");
    case 401: return Ref("responses", "Unauthorized");
    case 403: return Ref("responses", "Forbidden");
    case 404: return Ref("responses", "NotFound");
    case 409: return Ref("responses", "Conflict");
    case 413: return Ref("responses", "PayloadTooLarge");
    case 422: return Ref("responses", "GuardDenied");
    case 429: return Ref("responses", "TooManyRequests");
    default: return Ref("responses", "Error");
  }
}

// Whether every kind of account holds `permission` (then 403 only means CSRF).
bool Universal(Permission permission) {
  for (AccountKind kind : {AccountKind::kCaseworker, AccountKind::kTenantAdmin, AccountKind::kAuditor})
    if (!Grants(kind, permission)) return false;
  return true;
}

const OperationDetail* FindDetail(const ApiRoute& route) {
  const std::string key = std::string(route.method) + " " + route.pattern;
  for (const OperationDetail& d : kDetails)
    if (key == d.route) return &d;
  return nullptr;
}

// One operation for a session route; `parameters` is components.parameters.
Value RouteOperation(const ApiRoute& route, const OperationDetail* detail, const Value& parameters) {
  const bool changes = ChangesState(route.method);
  Value op;
  op["summary"] = route.summary;
  op["x-kasane-permission"] = PermissionName(route.permission);
  const std::vector<std::string> path_params = PathParams(route.pattern);
  const std::vector<std::string> segments = Split(route.pattern, '/');
  if (segments.size() > 2 && !IsParam(segments[2])) op["tags"] = Value(Array{Value(segments[2])});

  // Parameters: the detail's, then any {name} it left undeclared.
  Array params;
  std::set<std::string> declared;
  if (detail != nullptr) {
    for (const std::string& name : Split(detail->parameters, ',')) {
      params.push_back(Ref("parameters", name));
      const Value* p = parameters.find(name);
      const Value* in = p != nullptr ? p->find("in") : nullptr;
      if (in != nullptr && in->is_string() && in->as_string() == "path") declared.insert(p->find("name")->as_string());
    }
  }
  for (const std::string& name : path_params) {
    if (declared.count(name) != 0) continue;
    Value p;
    p["name"] = name;
    p["in"] = "path";
    p["required"] = true;
    p["schema"]["type"] = "string";
    params.push_back(std::move(p));
  }
  if (!params.empty()) op["parameters"] = Value(std::move(params));

  // A route without a detail may take any JSON object when it changes state.
  const bool body = detail != nullptr ? detail->request != nullptr : changes;
  if (body) {
    Value schema;
    if (detail != nullptr) schema = Ref("schemas", detail->request);
    else schema["type"] = "object";
    op["requestBody"]["required"] = detail != nullptr;
    op["requestBody"]["content"] = JsonContent(std::move(schema));
  }

  Value& responses = op["responses"];
  for (const std::string& status : Split(detail != nullptr ? detail->successes : "200", ',')) {
    Value schema;
    if (detail != nullptr) schema = Ref("schemas", detail->response);
    else schema["type"] = "object";
    Value ok;
    ok["description"] = status == "201" ? "Created" : "OK";
    ok["content"] = JsonContent(std::move(schema));
    responses[status] = std::move(ok);
  }
  if (detail != nullptr && std::string_view(detail->route) == "POST /api/v1/cases") {
    responses["201"]["headers"]["Location"]["description"] = "The new case's URL.";
    responses["201"]["headers"]["Location"]["schema"]["type"] = "string";
  }
  std::set<int> errors = {401};
  if (changes || !Universal(route.permission)) errors.insert(403);
  if (!path_params.empty()) errors.insert(404);
  if (body) errors.insert({400, 413});
  if (detail != nullptr)
    for (const std::string& s : Split(detail->errors, ',')) errors.insert(std::stoi(s));
  for (int status : errors) responses[std::to_string(status)] = ProblemResponse(status);
  responses["default"] = ProblemResponse(0);

  Value requirement;
  requirement["sessionCookie"] = Value(Array{});
  if (changes) requirement["csrfToken"] = Value(Array{});
  op["security"] = Value(Array{std::move(requirement)});
  return op;
}

// The operations served outside the route table, without a session.
void AddOpenOperations(Value* paths) {
  auto open = [&](const char* method, const char* path, const char* summary) -> Value& {
    Value& op = (*paths)[path][method];
    op["summary"] = summary;
    op["security"] = Value(Array{});
    return op;
  };
  Value& login = open("post", "/api/v1/login", "Log in: sets the kasane_session cookie and returns the CSRF token");
  login["tags"] = Value(Array{Value("session")});
  login["requestBody"]["required"] = true;
  login["requestBody"]["content"] = JsonContent(Ref("schemas", "LoginRequest"));
  login["responses"]["200"]["description"] = "Logged in";
  login["responses"]["200"]["headers"]["Set-Cookie"]["description"] = "kasane_session=…; HttpOnly; SameSite=Strict; Path=/";
  login["responses"]["200"]["headers"]["Set-Cookie"]["schema"]["type"] = "string";
  login["responses"]["200"]["content"] = JsonContent(Ref("schemas", "Session"));
  for (int status : {400, 413, 429}) login["responses"][std::to_string(status)] = ProblemResponse(status);
  login["responses"]["401"]["description"] = "Wrong tenant, user name or password (unauthorized).";
  login["responses"]["401"]["content"]["application/problem+json"]["schema"] = Ref("schemas", "Problem");
  login["responses"]["default"] = ProblemResponse(0);

  Value& doc = open("get", "/api/v1/openapi.json", "This OpenAPI document");
  doc["responses"]["200"]["description"] = "OpenAPI 3.0.3 document";
  doc["responses"]["200"]["content"] = JsonContent(Value(Object{{"type", Value("object")}}));
  doc["responses"]["default"] = ProblemResponse(0);

  Value& health = open("get", "/healthz", "Liveness check");
  health["responses"]["200"]["description"] = "Serving";
  health["responses"]["200"]["content"] = JsonContent(Ref("schemas", "Health"));
  health["responses"]["default"] = ProblemResponse(0);

  Value& metrics = open("get", "/metrics", "Request counters in the Prometheus text format");
  metrics["responses"]["200"]["description"] = "Prometheus text exposition format 0.0.4";
  metrics["responses"]["200"]["content"]["text/plain"]["schema"]["type"] = "string";
  metrics["responses"]["default"] = ProblemResponse(0);
}

}  // namespace

Value OpenApiDocument(const std::vector<ApiRoute>& routes, std::string_view version) {
  Value doc;
  doc["openapi"] = "3.0.3";
  doc["info"]["title"] = "kasane API";
  doc["info"]["version"] = version;
  doc["info"]["description"] = kDescription;
  Value server;
  server["url"] = "/";
  doc["servers"] = Value(Array{std::move(server)});
  // A literal that does not parse is a bug the tests catch (its $refs resolve nowhere).
  Result<Value> components = ParseJson(kComponents);
  doc["components"] = components.ok() ? std::move(*components) : Value(Object{});
  const Value* parameters = doc["components"].find("parameters");
  const Value no_parameters = Value(Object{});

  Value& paths = doc["paths"];
  AddOpenOperations(&paths);
  for (const ApiRoute& route : routes) {
    paths[route.pattern][Lower(route.method)] =
        RouteOperation(route, FindDetail(route), parameters != nullptr ? *parameters : no_parameters);
  }
  // operationIds last, in path order, so a clash is settled the same way every time.
  std::set<std::string> used;
  for (auto& [path, item] : paths.as_object()) {
    for (auto& [method, op] : item.as_object()) {
      const std::string base = OperationId(method, path);
      std::string id = base;
      for (int n = 2; used.count(id) != 0; ++n) id = base + std::to_string(n);
      used.insert(id);
      op["operationId"] = id;
    }
  }
  return doc;
}

}  // namespace kasane::http
