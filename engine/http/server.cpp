#include "http/server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <exception>
#include <istream>

#include "http/api_context.h"
#include "http/auth_handlers.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/router.h"
#include "security/password.h"
#include "util/text.h"

namespace kasane::http {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// Reads the body, refusing it (413) from Content-Length before reading, or as
// soon as more than `limit` bytes arrive.
bool ReadBody(HTTPServerRequest& in, int64_t limit, std::string* body) {
  if (in.hasContentLength() && in.getContentLength64() > limit) return false;
  std::istream& stream = in.stream();
  char buffer[8192];
  while (stream) {
    stream.read(buffer, sizeof buffer);
    body->append(buffer, static_cast<size_t>(stream.gcount()));
    if (static_cast<int64_t>(body->size()) > limit) return false;
  }
  return true;
}

Reply Handle(const ApiContext& ctx, const Metrics& metrics, HTTPServerRequest& in) {
  Request req;
  req.method = in.getMethod();
  const std::string& uri = in.getURI();
  req.path = uri.substr(0, uri.find('?'));
  try {
    for (const auto& [name, value] : Poco::URI(uri).getQueryParameters()) req.query[name] = value;
  } catch (const Poco::Exception&) {
    return ProblemReply(400, "bad_request", "malformed query string");
  }
  Poco::Net::NameValueCollection cookies;
  in.getCookies(cookies);
  req.session_token = cookies.get(kSessionCookie, "");
  req.csrf_header = in.get("X-CSRF-Token", "");
  req.idempotency_key = in.get("Idempotency-Key", "");
  if (!ReadBody(in, ctx.config->max_body_bytes, &req.body)) {
    Reply r = ProblemReply(413, "payload_too_large",
                           "the body is larger than " + std::to_string(ctx.config->max_body_bytes) + " bytes");
    r.close_connection = true;  // the rest of the body is still on the wire
    return r;
  }
  return Route(ctx, metrics, req);
}

void Send(const Reply& reply, bool api, HTTPServerResponse& out) {
  out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  out.setContentType(reply.content_type);
  out.set("Content-Security-Policy", "default-src 'self'");
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "no-referrer");
  if (api) out.set("Cache-Control", "no-store");
  for (const auto& [name, value] : reply.headers) out.add(name, value);
  if (reply.close_connection) out.setKeepAlive(false);
  out.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
  out.sendBuffer(reply.body.data(), reply.body.size());
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const ApiContext* ctx, Metrics* metrics) : ctx_(ctx), metrics_(metrics) {}

  void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
    Reply reply;
    bool api = false;
    try {
      api = StartsWith(in.getURI(), "/api/");
      reply = Handle(*ctx_, *metrics_, in);
    } catch (...) {  // a bug or a broken connection; the client gets a plain 500
      reply = ProblemReply(500, "internal", "internal error");
      reply.close_connection = true;
    }
    metrics_->CountResponse(reply.status);
    try {
      Send(reply, api, out);
    } catch (...) {  // the client went away; nothing left to tell it
    }
  }

 private:
  const ApiContext* ctx_;
  Metrics* metrics_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const ApiContext* ctx, Metrics* metrics) : ctx_(ctx), metrics_(metrics) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new RequestHandler(ctx_, metrics_);
  }

 private:
  const ApiContext* ctx_;
  Metrics* metrics_;
};

// The iteration count of a "pbkdf2-sha256$N$..." encoding; the minimum when unreadable.
int IterationsOf(const std::string& encoded) {
  const size_t a = encoded.find('$');
  const size_t b = a == std::string::npos ? a : encoded.find('$', a + 1);
  if (b == std::string::npos || b - a - 1 > 8) return security::kMinPasswordIterations;
  int n = 0;
  for (size_t i = a + 1; i < b; ++i) {
    if (encoded[i] < '0' || encoded[i] > '9') return security::kMinPasswordIterations;
    n = n * 10 + (encoded[i] - '0');
  }
  return n;
}

}  // namespace

struct HttpServer::Impl {
  Impl(const ServerConfig& c, Store* store, WorkflowRegistry* registry, const Clock* clock)
      : config(c),
        engine(store, registry, clock, &calendar),
        sessions(clock, c.session_idle_seconds, c.session_absolute_seconds),
        throttle(clock, c.login_max_failures, c.login_window_seconds, c.login_lockout_seconds),
        pool("kasane-http", 1, c.max_threads) {
    ctx.config = &config;
    ctx.store = store;
    ctx.registry = registry;
    ctx.engine = &engine;
    ctx.clock = clock;
    ctx.sessions = &sessions;
    ctx.throttle = &throttle;
  }

  ServerConfig config;
  BusinessCalendar calendar;
  Engine engine;
  SessionTable sessions;
  LoginThrottle throttle;
  Metrics metrics;
  ApiContext ctx;
  Poco::ThreadPool pool;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  uint16_t port = 0;
};

HttpServer::HttpServer(const ServerConfig& config, Store* store, WorkflowRegistry* registry, const Clock* clock)
    : impl_(std::make_unique<Impl>(config, store, registry, clock)) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  if (impl_->server) return Status::Internal("the server is already running");
  const ServerConfig& c = impl_->config;
  Result<std::string> secret = RandomToken();
  if (!secret.ok()) return secret.status();
  const int iterations = c.users.empty() ? security::kMinPasswordIterations : IterationsOf(c.users[0].password_hash);
  Result<std::string> dummy = security::HashPassword(*secret, iterations);
  if (!dummy.ok()) dummy = security::HashPassword(*secret, security::kMinPasswordIterations);
  if (!dummy.ok()) return dummy.status();
  impl_->ctx.dummy_hash = *dummy;
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(c.bind, static_cast<uint16_t>(c.port)), true);
    socket.listen(c.max_queued);
    impl_->port = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(c.max_threads);
    params->setMaxQueued(c.max_queued);
    params->setTimeout(Poco::Timespan(c.request_timeout_seconds, 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(c.keep_alive_timeout_seconds, 0));
    params->setMaxKeepAliveRequests(c.max_keep_alive_requests);
    params->setServerName("kasane");
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(&impl_->ctx, &impl_->metrics),
                                                            impl_->pool, socket, params);
    impl_->server->start();
  } catch (const Poco::Exception& e) {
    impl_->server.reset();
    impl_->port = 0;
    return Status::IOError("cannot serve on " + c.bind + ":" + std::to_string(c.port) + ": " + e.displayText());
  } catch (const std::exception& e) {
    impl_->server.reset();
    impl_->port = 0;
    return Status::IOError("cannot serve on " + c.bind + ":" + std::to_string(c.port) + ": " + e.what());
  }
  return Status::OK();
}

uint16_t HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (!impl_->server) return;
  try {
    impl_->server->stopAll(false);
    impl_->pool.joinAll();
  } catch (...) {  // stopping is best effort; the process is about to exit
  }
  impl_->server.reset();
}

}  // namespace kasane::http
