// HttpServer: the kasane HTTP API on Poco::Net's HTTPServer.
//
// Requests run on a bounded thread pool (server.max_threads) with a bounded
// accept queue (server.max_queued); keep-alive and socket time-outs come from
// the config. Every response carries the security headers, every error is a
// problem document, and no exception escapes a request (a bug answers 500).
// Nothing personal is logged.
//
// Transport limits: a request (TLS handshake, request line, headers and body)
// must arrive within server.request_timeout_seconds of its connection being
// taken up by a thread, or of the previous response plus the keep-alive
// time-out; otherwise the connection is answered 408 (400 when the cut falls
// inside the request line or a header line) and closed. Header
// fields beyond server.max_header_fields / max_header_bytes answer 431; the
// HTTP parser answers 400 to a malformed request line or header, to more
// than 100 fields and to over-long names, values or URIs. A control
// character in the request target answers 400.
//
// With server.tls the server speaks only HTTPS (see tls.h), marks the session
// cookie Secure and sends Strict-Transport-Security.
//
// Start/Stop are called from one controlling thread; requests are served on
// the pool's threads.
#pragma once

#include <cstdint>
#include <memory>

#include "app/app.h"
#include "http/operation_slots.h"
#include "util/status.h"

namespace kasane::http {

class HttpServer {
 public:
  // Serves `app` (which must outlive the server) with app->config()'s server
  // settings. The scheduler is the app's to start and stop.
  explicit HttpServer(App* app);
  ~HttpServer();  // stops the server if running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds server.bind:server.port (port 0: an ephemeral port) and starts
  // serving. IOError when the address cannot be bound or a TLS file cannot
  // be read (naming it); InvalidArgument when the TLS files hold no usable
  // certificate and matching key; Internal when the unknown-user password
  // hash cannot be made.
  Status Start();

  // The bound port; 0 before Start().
  uint16_t port() const;

  // The per-tenant editor slots and the server-wide password-check slots
  // (key ""); tests hold them to see the 429 / 503.
  OperationSlots* editor_slots();
  OperationSlots* login_hash_slots();

  // Stops accepting, lets requests in progress finish and joins the threads.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kasane::http
