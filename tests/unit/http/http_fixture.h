// A kasane HTTP server started in-process on 127.0.0.1 with an ephemeral
// port, a temporary SQLite file, the runtime test workflow deployed for tenant
// "t1" and one user; plus a small blocking HTTP client.
#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "app/config.h"
#include "http/server.h"
#include "runtime/clock.h"
#include "runtime/workflow_registry.h"
#include "store/store.h"

namespace kasane::http::testing {

inline constexpr const char* kPassword = "correct horse battery";

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // first value of each header
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct CallOptions {
  std::string cookie;         // kasane_session value; empty: none
  std::string csrf;           // X-CSRF-Token; empty: none
  long long content_length = -1;  // overrides the real length when >= 0
  std::string idempotency_key;    // Idempotency-Key; empty: none
};

// A logged-in user: session cookie and CSRF token.
struct Client {
  std::string cookie;
  std::string csrf;
};

// One request on `session` (plain or TLS) and its whole response.
HttpResult Exchange(Poco::Net::HTTPClientSession& session, const std::string& method, const std::string& path,
                    const std::string& body = "", const CallOptions& options = {});

// Everything the peer sends on a raw socket until it closes or resets the
// connection, or the socket's receive time-out passes.
std::string ReadUntilClosed(Poco::Net::StreamSocket& socket);

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  HttpResult Call(const std::string& method, const std::string& path, const std::string& body = "",
                  const CallOptions& options = {});
  // Tenants, workflows and users. The default: tenants t1 and t2 running the
  // runtime fixture flow; t1 has sato (window, madoguchi), tanaka (takikan,
  // shakyo), admin (tenant_admin) and kansa (auditor); t2 has its own sato.
  // Every user's password is kPassword.
  virtual void Configure(ServerConfig* config);
  void AddUser(const std::string& tenant, const std::string& username, const std::string& role,
               const std::string& agency, const std::string& name);

  // Logs in as t1's sato; fills cookie and csrf. Fails the test otherwise.
  void Login(std::string* cookie, std::string* csrf);
  void LoginAs(const std::string& tenant, const std::string& username, std::string* cookie, std::string* csrf);
  // Logs in; the returned client is empty (and the test failed) when it could not.
  Client As(const std::string& tenant, const std::string& username);
  // A call as `who`, with its cookie and CSRF token.
  HttpResult Call(const Client& who, const std::string& method, const std::string& path,
                  const std::string& body = "", const std::string& idempotency_key = "");

  std::string dir_;
  ServerConfig config_;
  ManualClock clock_{1767225600};  // 2026-01-01T00:00:00Z
  std::unique_ptr<App> app_;
  Store* store_ = nullptr;                 // app_'s
  WorkflowRegistry* registry_ = nullptr;  // app_'s
  std::unique_ptr<HttpServer> server_;
  std::string password_hash_;  // kPassword, cheaply hashed
};

}  // namespace kasane::http::testing
