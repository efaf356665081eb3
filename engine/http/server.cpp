#include "http/server.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include <algorithm>
#include <optional>
#include <chrono>
#include <exception>
#include <istream>
#include <map>
#include <mutex>

#include "http/api_context.h"
#include "http/auth_handlers.h"
#include "http/metrics.h"
#include "http/problem.h"
#include "http/connection_gate.h"
#include "http/read_deadlines.h"
#include "http/router.h"
#include "http/tls.h"
#include "security/password.h"
#include "util/text.h"
#include "util/value.h"

namespace kasane::http {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

bool UsesTls(const ServerConfig& c) { return !c.tls_certificate.empty(); }

// The ReadDeadlines id of the connection served on this thread; Poco runs a
// connection's requests on the thread that runs the connection.
thread_local uint64_t t_connection = 0;

// A transport-level problem (timeout, oversized headers, bad target): the
// connection is closed after it.
Reply Closing(Reply r) {
  r.close_connection = true;
  return r;
}

bool HasControlCharacter(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f; });
}

// Header fields beyond the configured limits: false with the 431 reply.
bool HeadersWithinLimits(const ServerConfig& c, const HTTPServerRequest& in, Reply* problem) {
  if (in.size() > static_cast<size_t>(c.max_header_fields)) {
    *problem = Closing(ProblemReply(431, "headers_too_large",
                                "more than " + std::to_string(c.max_header_fields) + " header fields"));
    return false;
  }
  size_t bytes = 0;
  for (const auto& [name, value] : in) bytes += name.size() + value.size() + 4;  // ": " and CRLF
  if (bytes > static_cast<size_t>(c.max_header_bytes)) {
    *problem = Closing(ProblemReply(431, "headers_too_large",
                                "the header fields exceed " + std::to_string(c.max_header_bytes) + " bytes"));
    return false;
  }
  return true;
}

enum class BodyRead { kComplete, kTooLarge, kIncomplete };

// Reads the body, refusing it from Content-Length before reading, or as soon
// as more than `limit` bytes arrive. kIncomplete when the connection failed or
// ended before Content-Length bytes arrived.
BodyRead ReadBody(HTTPServerRequest& in, int64_t limit, std::string* body) {
  if (in.hasContentLength() && in.getContentLength64() > limit) return BodyRead::kTooLarge;
  // A request with neither Content-Length nor chunked coding has no body (RFC
  // 9112 §6.3); Poco would read one until the client closes, holding a thread.
  if (!in.hasContentLength() && !in.getChunkedTransferEncoding()) return BodyRead::kComplete;
  std::istream& stream = in.stream();
  char buffer[8192];
  while (stream) {
    stream.read(buffer, sizeof buffer);
    body->append(buffer, static_cast<size_t>(stream.gcount()));
    if (static_cast<int64_t>(body->size()) > limit) return BodyRead::kTooLarge;
  }
  if (stream.bad()) return BodyRead::kIncomplete;  // a read failed or timed out
  if (in.hasContentLength() && static_cast<int64_t>(body->size()) != in.getContentLength64()) {
    return BodyRead::kIncomplete;
  }
  return BodyRead::kComplete;
}

Reply Handle(const ApiContext& ctx, const Metrics& metrics, ReadDeadlines* deadlines, uint64_t connection,
             HTTPServerRequest& in) {
  const ServerConfig& config = *ctx.config;
  // The request line and headers are in: the body has its own deadline.
  deadlines->Arm(connection, std::chrono::seconds(config.request_timeout_seconds));
  const std::string& uri = in.getURI();
  // Checked before the body is read, so these close the connection.
  if (HasControlCharacter(uri)) {
    return Closing(ProblemReply(400, "bad_request", "the request target holds a control character"));
  }
  if (Reply problem; !HeadersWithinLimits(config, in, &problem)) return problem;
  std::string body;
  const BodyRead read = ReadBody(in, config.max_body_bytes, &body);
  if (!deadlines->Disarm(connection)) {
    return Closing(ProblemReply(408, "request_timeout",
                            "the request did not arrive within " +
                                std::to_string(config.request_timeout_seconds) + " seconds"));
  }
  if (read == BodyRead::kTooLarge) {  // the rest of the body is still on the wire
    return Closing(ProblemReply(413, "payload_too_large",
                                "the body is larger than " + std::to_string(config.max_body_bytes) + " bytes"));
  }
  if (read == BodyRead::kIncomplete) {
    return Closing(ProblemReply(400, "bad_request", "the body ended before its Content-Length"));
  }
  Request req;
  req.method = in.getMethod();
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
  try {
    req.client_address = in.clientAddress().host().toString();
  } catch (const Poco::Exception&) {  // no peer address: counted together
  }
  req.body = std::move(body);
  return Route(ctx, metrics, req);
}

void Send(const Reply& reply, bool api, bool tls, HTTPServerResponse& out) {
  out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
  out.setContentType(reply.content_type);
  out.set("Content-Security-Policy", reply.csp.empty() ? std::string("default-src 'self'") : reply.csp);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "no-referrer");
  if (tls) out.set("Strict-Transport-Security", kStrictTransportSecurity);
  if (api) out.set("Cache-Control", "no-store");
  for (const auto& [name, value] : reply.headers) out.add(name, value);
  if (reply.close_connection) out.setKeepAlive(false);
  out.setContentLength64(static_cast<Poco::Int64>(reply.body.size()));
  out.sendBuffer(reply.body.data(), reply.body.size());
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  RequestHandler(const ApiContext* ctx, Metrics* metrics, ReadDeadlines* deadlines, uint64_t connection)
      : ctx_(ctx), metrics_(metrics), deadlines_(deadlines), connection_(connection) {}

  void handleRequest(HTTPServerRequest& in, HTTPServerResponse& out) override {
    const ServerConfig& config = *ctx_->config;
    Reply reply;
    bool api = false;
    try {
      api = StartsWith(in.getURI(), "/api/");
      reply = Handle(*ctx_, *metrics_, deadlines_, connection_, in);
    } catch (...) {  // a bug or a broken connection; the client gets a plain 500
      reply = ProblemReply(500, "internal", "internal error");
      reply.close_connection = true;
    }
    metrics_->CountResponse(reply.status);
    try {
      Send(reply, api, UsesTls(config), out);
    } catch (...) {  // the client went away; nothing left to tell it
    }
    // The next request on this connection: the keep-alive wait, then its own time.
    deadlines_->Arm(connection_,
                    std::chrono::seconds(config.keep_alive_timeout_seconds + config.header_timeout_seconds));
  }

 private:
  const ApiContext* ctx_;
  Metrics* metrics_;
  ReadDeadlines* deadlines_;
  uint64_t connection_;
};

class HandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  HandlerFactory(const ApiContext* ctx, Metrics* metrics, ReadDeadlines* deadlines)
      : ctx_(ctx), metrics_(metrics), deadlines_(deadlines) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new RequestHandler(ctx_, metrics_, deadlines_, t_connection);
  }

  // Tells the open connections to finish their current request and close.
  void NotifyStopped() {
    const bool abort_current = false;
    serverStopped.notify(this, abort_current);
  }

 private:
  const ApiContext* ctx_;
  Metrics* metrics_;
  ReadDeadlines* deadlines_;
};

// Poco's HTTP connection, watched by ReadDeadlines from its first byte
// (including a TLS handshake) until its request is read: `limit` for the
// request line and headers, then the body's own deadline (Handle). Admitted
// by the ConnectionGate, which it leaves when it closes.
class Connection final : public Poco::Net::HTTPServerConnection {
 public:
  Connection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
             Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, ReadDeadlines* deadlines,
             SteadyClock::duration limit, ConnectionGate* gate)
      : HTTPServerConnection(socket, params, handlers),
        deadlines_(deadlines),
        limit_(limit),
        gate_(gate),
        address_(gate->Claim(socket)) {}
  ~Connection() override {
    if (address_) gate_->Leave(*address_);
  }

  void run() override {
    struct Unwatch {
      ReadDeadlines* deadlines;
      uint64_t id;
      ~Unwatch() { deadlines->Remove(id); }
    } unwatch{deadlines_, deadlines_->Add(socket(), limit_)};
    t_connection = unwatch.id;
    HTTPServerConnection::run();  // Poco's dispatcher catches what it throws
  }

 private:
  ReadDeadlines* deadlines_;
  SteadyClock::duration limit_;
  ConnectionGate* gate_;
  std::optional<std::string> address_;  // as counted by the gate
};

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                    ReadDeadlines* deadlines, SteadyClock::duration limit, ConnectionGate* gate)
      : params_(params), handlers_(handlers), deadlines_(deadlines), limit_(limit), gate_(gate) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new Connection(socket, params_, handlers_, deadlines_, limit_, gate_);
  }

 private:
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
  ReadDeadlines* deadlines_;
  SteadyClock::duration limit_;
  ConnectionGate* gate_;
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
  explicit Impl(App* app)
      : config(app->config()),
        sessions(&app->clock(), config.session_idle_seconds, config.session_absolute_seconds),
        throttle(&app->clock(), config.login_max_failures, config.login_window_seconds, config.login_lockout_seconds),
        address_throttle(&app->clock(), config.login_max_failures_per_address, config.login_window_seconds,
                         config.login_lockout_seconds),
        editor_slots(config.editor_slots_per_tenant,
                     config.editor_slots_total > 0 ? config.editor_slots_total : std::max(1, config.max_threads / 2)),
        hash_slots(config.login_hash_slots),
        pool("kasane-http", 1, config.max_threads) {
    config.secure_cookies = config.secure_cookies || UsesTls(config);
    ctx.config = &config;
    ctx.cases = app->cases();
    ctx.audit = app->audit();
    ctx.registry = app->registry();
    ctx.scheduler = app->scheduler();
    ctx.clock = &app->clock();
    ctx.sessions = &sessions;
    ctx.throttle = &throttle;
    ctx.address_throttle = &address_throttle;
    ctx.editor_slots = &editor_slots;
    ctx.hash_slots = &hash_slots;
  }

  ServerConfig config;
  SessionTable sessions;
  LoginThrottle throttle;
  LoginThrottle address_throttle;  // keyed by client address
  OperationSlots editor_slots;
  OperationSlots hash_slots;
  Metrics metrics;
  ApiContext ctx;
  Poco::ThreadPool pool;
  // Set while running; the server goes first, as it uses the others.
  std::unique_ptr<ReadDeadlines> deadlines;
  Poco::AutoPtr<ConnectionGate> gate;  // shared with Poco's server
  Poco::SharedPtr<HandlerFactory> handlers;
  std::unique_ptr<Poco::Net::TCPServer> server;
  uint16_t port = 0;

  void Reset() {
    server.reset();
    handlers.reset();
    gate.reset();
    deadlines.reset();
  }
};

HttpServer::HttpServer(App* app) : impl_(std::make_unique<Impl>(app)) {}

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
  Poco::Net::Context::Ptr tls;
  if (UsesTls(c)) {
    Result<Poco::Net::Context::Ptr> context = MakeServerTlsContext(c.tls_certificate, c.tls_private_key);
    if (!context.ok()) return context.status();
    tls = *context;
  }
  try {
    // A SecureServerSocket is a ServerSocket whose accepted sockets speak TLS.
    Poco::Net::ServerSocket socket = tls.isNull() ? Poco::Net::ServerSocket() : Poco::Net::SecureServerSocket(tls);
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
    impl_->deadlines = std::make_unique<ReadDeadlines>();
    impl_->handlers = new HandlerFactory(&impl_->ctx, &impl_->metrics, impl_->deadlines.get());
    const int per_address = c.max_connections_per_address > 0 ? c.max_connections_per_address
                                                               : std::max(1, c.max_threads / 4);
    const int spare_below = c.max_threads - c.max_threads / 4;  // a quarter kept for clients within their share
    impl_->gate = new ConnectionGate(per_address, spare_below, c.max_queued, UsesTls(c));
    impl_->server = std::make_unique<Poco::Net::TCPServer>(
        new ConnectionFactory(params, impl_->handlers, impl_->deadlines.get(),
                              std::chrono::seconds(c.header_timeout_seconds), impl_->gate.get()),
        impl_->pool, socket, params);
    impl_->gate->set_server(impl_->server.get());
    impl_->server->setConnectionFilter(Poco::Net::TCPServerConnectionFilter::Ptr(impl_->gate.get(), true));
    impl_->server->start();
  } catch (const Poco::Exception& e) {
    impl_->Reset();
    impl_->port = 0;
    return Status::IOError("cannot serve on " + c.bind + ":" + std::to_string(c.port) + ": " + e.displayText());
  } catch (const std::exception& e) {
    impl_->Reset();
    impl_->port = 0;
    return Status::IOError("cannot serve on " + c.bind + ":" + std::to_string(c.port) + ": " + e.what());
  }
  return Status::OK();
}

uint16_t HttpServer::port() const { return impl_->port; }

OperationSlots* HttpServer::editor_slots() { return &impl_->editor_slots; }
OperationSlots* HttpServer::login_hash_slots() { return &impl_->hash_slots; }

void HttpServer::Stop() {
  if (!impl_->server) return;
  try {
    impl_->server->stop();
    impl_->handlers->NotifyStopped();
    impl_->pool.joinAll();
  } catch (...) {  // stopping is best effort; the process is about to exit
  }
  impl_->Reset();
}

}  // namespace kasane::http
