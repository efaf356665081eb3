#include "http_fixture.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>

#include "security/password.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane::http::testing {

std::string ReadUntilClosed(Poco::Net::StreamSocket& socket) {
  std::string out;
  char buffer[4096];
  try {
    for (;;) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      out.append(buffer, static_cast<size_t>(n));
    }
  } catch (const Poco::Exception&) {  // reset or time-out: keep what arrived
  }
  return out;
}

void HttpServerTest::SetUp() {
  static std::atomic<int> counter{0};
  dir_ = (std::filesystem::temp_directory_path() /
          ("kasane_http_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++)))
             .string();
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);

  config_.bind = "127.0.0.1";
  config_.port = 0;
  config_.max_threads = 4;
  // Every test client is 127.0.0.1, and a closed connection may linger on the
  // server for a moment; the gate has tests of its own (transport_test.cpp).
  config_.max_connections_per_address = 64;
  config_.max_body_bytes = 4096;
  config_.db_path = dir_ + "/kasane.db";
  config_.synchronous = "OFF";
  Result<std::string> hash = security::HashPassword(kPassword, 1000);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  password_hash_ = *hash;
  ASSERT_NO_FATAL_FAILURE(Configure(&config_));

  StoreOptions options;
  options.synchronous = config_.synchronous;
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(config_.db_path, options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::vector<Diagnostic> diags;
  Result<std::unique_ptr<App>> app = App::Open(config_, std::move(*store), &clock_, &diags);
  ASSERT_TRUE(app.ok()) << app.status().ToString() << (diags.empty() ? "" : " " + diags[0].ToString());
  app_ = std::move(*app);
  store_ = app_->store();
  registry_ = app_->registry();
  for (const TenantConfig& t : config_.tenants)
    for (const std::string& w : t.workflows) ASSERT_TRUE(registry_->Active(t.id, w).ok()) << t.id << "/" << w;

  server_ = std::make_unique<HttpServer>(app_.get());
  Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  ASSERT_NE(server_->port(), 0);
}

void HttpServerTest::Configure(ServerConfig* config) {
  config->workflows_dir = std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/runtime";
  config->plugins_dir = std::string(KASANE_SOURCE_DIR) + "/tests/fixtures/runtime/plugins";
  config->tenants.push_back({"t1", "テスト市", "Test City", {"flow", "child"}});
  config->tenants.push_back({"t2", "となり町", "Next Town", {"flow", "child"}});
  AddUser("t1", "sato", "window", "madoguchi", "佐藤");
  AddUser("t1", "tanaka", "takikan", "shakyo", "田中");
  AddUser("t1", "admin", "tenant_admin", "", "管理 太郎");
  AddUser("t1", "kansa", "auditor", "", "監査 花子");
  AddUser("t2", "sato", "window", "madoguchi", "佐藤（となり町）");
}

void HttpServerTest::AddUser(const std::string& tenant, const std::string& username, const std::string& role,
                             const std::string& agency, const std::string& name) {
  config_.users.push_back({tenant, username, password_hash_, role, agency, name});
}

void HttpServerTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  app_.reset();
  std::filesystem::remove_all(dir_);
}

HttpResult HttpServerTest::Call(const std::string& method, const std::string& path, const std::string& body,
                                const CallOptions& options) {
  Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
  session.setTimeout(Poco::Timespan(10, 0));
  return Exchange(session, method, path, body, options);
}

HttpResult Exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
                    const std::string& body, const CallOptions& options) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!options.cookie.empty()) request.set("Cookie", "kasane_session=" + options.cookie);
  if (!options.csrf.empty()) request.set("X-CSRF-Token", options.csrf);
  if (!options.idempotency_key.empty()) request.set("Idempotency-Key", options.idempotency_key);
  if (!body.empty() || options.content_length >= 0) {
    request.setContentType("application/json");
    request.setContentLength64(options.content_length >= 0 ? options.content_length
                                                           : static_cast<Poco::Int64>(body.size()));
  }
  std::ostream& out = session.sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpResult result;
  result.status = static_cast<int>(response.getStatus());
  std::ostringstream text;
  Poco::StreamCopier::copyStream(in, text);
  result.body = text.str();
  for (const auto& [name, value] : response) result.headers.emplace(name, value);
  return result;
}

void HttpServerTest::Login(std::string* cookie, std::string* csrf) { LoginAs("t1", "sato", cookie, csrf); }

Client HttpServerTest::As(const std::string& tenant, const std::string& username) {
  Client c;
  LoginAs(tenant, username, &c.cookie, &c.csrf);
  return c;
}

HttpResult HttpServerTest::Call(const Client& who, const std::string& method, const std::string& path,
                                const std::string& body, const std::string& idempotency_key) {
  return Call(method, path, body, {.cookie = who.cookie, .csrf = who.csrf, .idempotency_key = idempotency_key});
}

void HttpServerTest::LoginAs(const std::string& tenant, const std::string& username, std::string* cookie,
                             std::string* csrf) {
  HttpResult r = Call("POST", "/api/v1/login", R"({"tenant":")" + tenant + R"(","username":")" + username +
                                                   R"(","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string set_cookie = r.header("Set-Cookie");
  const std::string prefix = "kasane_session=";
  ASSERT_EQ(set_cookie.rfind(prefix, 0), 0u) << set_cookie;
  *cookie = set_cookie.substr(prefix.size(), 64);
  Result<Value> body = ParseJson(r.body);
  ASSERT_TRUE(body.ok());
  const Value* token = body->find("csrf_token");
  ASSERT_TRUE(token != nullptr && token->is_string());
  *csrf = token->as_string();
}

}  // namespace kasane::http::testing
