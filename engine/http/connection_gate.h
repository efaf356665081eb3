// ConnectionGate: who may open a connection, decided as it is accepted.
//
// Poco runs one thread per connection, so a client that opens many and sends
// slowly (slowloris) could hold every thread. The gate admits a client
// address's connection (served or queued) while it has fewer than
// `per_address` open, or while the server has threads to spare (fewer than
// `spare_below` connections open in all): no address beyond its share ever
// takes the last threads, and a busy but legitimate client is not refused
// while the server is quiet. Nothing is admitted beyond a full queue. A
// refused connection is answered 503 with Retry-After at once (plain HTTP;
// over TLS it is closed) and never takes a thread. Thread-safe: accept runs
// on the acceptor thread, Leave on workers.
#pragma once

#include <Poco/Net/TCPServer.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace kasane::http {

class ConnectionGate final : public Poco::Net::TCPServerConnectionFilter {
 public:
  // `server` is read for its queue length; it may be set after construction.
  ConnectionGate(int per_address, int spare_below, int max_queued, bool tls);

  void set_server(const Poco::Net::TCPServer* server) { server_ = server; }

  // Poco's filter: true admits the connection, which must then Leave.
  bool accept(const Poco::Net::StreamSocket& socket) override;

  // The address an admitted socket was counted under, taken once by its
  // connection (the peer may have reset it meanwhile, and could no longer be
  // asked); nothing if the gate did not admit it.
  std::optional<std::string> Claim(const Poco::Net::StreamSocket& socket);

  // A connection admitted for `address` has closed.
  void Leave(const std::string& address);

  // The key a socket's peer is counted under ("" when unknown).
  static std::string AddressOf(const Poco::Net::StreamSocket& socket);

 private:
  void Refuse(const Poco::Net::StreamSocket& socket, const char* why);

  const int per_address_;
  const int spare_below_;
  const int max_queued_;
  const bool tls_;
  const Poco::Net::TCPServer* server_ = nullptr;
  std::mutex mu_;
  std::map<std::string, int> open_;
  std::map<const void*, std::string> admitted_;  // by socket, until Claim
  int total_ = 0;
};

}  // namespace kasane::http
