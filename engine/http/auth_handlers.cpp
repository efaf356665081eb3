#include "http/auth_handlers.h"

#include "http/problem.h"
#include "security/password.h"

namespace kasane::http {
namespace {

Value UserJson(const Session& s) {
  Value user;
  user["tenant"] = s.tenant;
  user["username"] = s.username;
  user["name"] = s.name;
  return user;
}

// Audits only for configured tenants: a typed-in tenant must not open a new chain.
void Audit(const ApiContext& ctx, const std::string& tenant, const std::string& actor, const std::string& role,
           const std::string& action, const std::string& detail) {
  bool known = false;
  for (const TenantConfig& t : ctx.config->tenants) known = known || t.id == tenant;
  if (!known) return;
  // A failed audit write must not decide the login; the store reports it.
  (void)ctx.audit->Append(MakeAuditEntry(tenant, ctx.clock->Now(), actor, role, action, std::nullopt, detail));
}

std::string StringField(const Value& body, std::string_view key) {
  const Value* v = body.find(key);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

}  // namespace

Reply HandleLogin(const ApiContext& ctx, const Request& req) {
  Result<Value> body = ParseJson(req.body);
  if (!body.ok()) return ProblemReply(400, "bad_request", body.status().message());
  if (!body->is_object()) return ProblemReply(400, "bad_request", "the body must be a JSON object");
  const std::string tenant = StringField(*body, "tenant");
  const std::string username = StringField(*body, "username");
  const std::string password = StringField(*body, "password");
  if (tenant.empty() || username.empty() || password.empty()) {
    return ProblemReply(400, "bad_request", "tenant, username and password are required strings");
  }
  // Refused before any hash is computed: one address guessing many names costs nothing.
  // The address first: refused before any hash is computed. Only the first
  // refusal of a lockout is audited, so a flood of attempts writes no rows.
  auto refused = [&](LoginThrottle::Verdict verdict, const char* detail) -> std::optional<Reply> {
    if (verdict == LoginThrottle::Verdict::kAllowed) return std::nullopt;
    if (verdict == LoginThrottle::Verdict::kRefusedFirst) Audit(ctx, tenant, username, "", "login", detail);
    return ProblemReply(429, "too_many_attempts",
                        "ログインの失敗が続いたため、しばらくしてからお試しください / too many failed logins; try again later");
  };
  if (auto r = refused(ctx.address_throttle->Check("address", req.client_address), "throttled address")) return *r;
  if (auto r = refused(ctx.throttle->Check(tenant, username), "throttled")) return *r;
  const UserConfig* user = nullptr;
  for (const UserConfig& u : ctx.config->users) {
    if (u.tenant == tenant && u.username == username) user = &u;
  }
  // Password checks are slow by design: only a few at once, server-wide.
  const OperationSlots::Slot hashing = ctx.hash_slots->TryAcquire("");
  if (!hashing) {
    Reply busy = ProblemReply(503, "login_busy",
                              "ログインが混み合っています。少し待ってからお試しください / too many logins at once; try again shortly");
    busy.headers.emplace_back("Retry-After", "1");
    return busy;
  }
  // The check runs for unknown users too, against a hash nothing matches.
  const bool verified = security::VerifyPassword(password, user != nullptr ? user->password_hash : ctx.dummy_hash);
  if (user == nullptr || !verified) {
    ctx.throttle->RecordFailure(tenant, username);
    ctx.address_throttle->RecordFailure("address", req.client_address);
    Audit(ctx, tenant, username, "", "login", "failure");
    return ProblemReply(401, "unauthorized", "the tenant, user name or password is wrong");
  }
  Session who;
  who.tenant = user->tenant;
  who.username = user->username;
  who.role = user->role;
  who.agency = user->agency;
  who.name = user->name;
  Result<Session> s = ctx.sessions->Create(who);
  if (!s.ok()) return StatusToProblem(s.status());
  ctx.throttle->RecordSuccess(tenant, username);
  Audit(ctx, tenant, username, user->role, "login", "success");

  Value out;
  out["user"] = UserJson(*s);
  out["role"] = s->role;
  out["agency"] = s->agency;
  out["csrf_token"] = s->csrf_token;
  Reply r = JsonReply(200, out);
  std::string cookie = std::string(kSessionCookie) + "=" + s->token + "; HttpOnly; SameSite=Strict; Path=/";
  if (ctx.config->secure_cookies) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  return r;
}

namespace {

Reply HandleLogout(const ApiCall& call) {
  const ApiContext& ctx = call.ctx;
  const Session& session = call.session;
  ctx.sessions->Remove(session.token);
  Audit(ctx, session.tenant, session.username, session.role, "logout", "");
  Value out;
  out["status"] = "logged_out";
  Reply r = JsonReply(200, out);
  std::string cookie = std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
  if (ctx.config->secure_cookies) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  return r;
}

Reply HandleMe(const ApiCall& call) {
  const Session& session = call.session;
  Value out;
  // What the console may offer this user; the server checks again on every call.
  Array granted;
  for (Permission p : {Permission::kSession, Permission::kCases, Permission::kWorkflowsRead, Permission::kWorkflowsAdmin,
                       Permission::kDirectory, Permission::kAudit}) {
    if (Grants(KindOfRole(session.role), p)) granted.emplace_back(PermissionName(p));
  }
  out["permissions"] = Value(std::move(granted));
  out["user"] = UserJson(session);
  out["role"] = session.role;
  out["agency"] = session.agency;
  out["csrf_token"] = session.csrf_token;
  return JsonReply(200, out);
}

}  // namespace

const std::vector<ApiRoute>& SessionRoutes() {
  static const std::vector<ApiRoute> routes = {
      {"POST", "/api/v1/logout", Permission::kSession, HandleLogout, "End the session"},
      {"GET", "/api/v1/me", Permission::kSession, HandleMe, "The logged-in user, role, agency and CSRF token"},
  };
  return routes;
}

}  // namespace kasane::http
