// ConnectionGate: who may open a connection, decided as it is accepted.
//
// Poco runs one thread per connection, so a client that opens many and sends
// slowly (slowloris) could hold every thread. The gate admits at most
// `per_address` open connections (served or queued) per client address and
// none beyond a full queue; a refused connection is answered 503 with
// Retry-After at once (plain HTTP; over TLS it is closed) and never takes a
// thread. Thread-safe: Admit runs on the acceptor thread, Leave on workers.
#pragma once

#include <Poco/Net/TCPServer.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace kasane::http {

class ConnectionGate final : public Poco::Net::TCPServerConnectionFilter {
 public:
  // `server` is read for its queue length; it may be set after construction.
  ConnectionGate(int per_address, int max_queued, bool tls);

  void set_server(const Poco::Net::TCPServer* server) { server_ = server; }

  // Poco's filter: true admits the connection, which must then Leave.
  bool accept(const Poco::Net::StreamSocket& socket) override;

  // A connection admitted for `address` has closed.
  void Leave(const std::string& address);

  uint64_t refused() const;
  int open_for(const std::string& address) const;

  // The key a socket's peer is counted under ("" when unknown).
  static std::string AddressOf(const Poco::Net::StreamSocket& socket);

 private:
  void Refuse(const Poco::Net::StreamSocket& socket, const char* why);

  const int per_address_;
  const int max_queued_;
  const bool tls_;
  const Poco::Net::TCPServer* server_ = nullptr;
  mutable std::mutex mu_;
  std::map<std::string, int> open_;
  uint64_t refused_ = 0;
};

}  // namespace kasane::http
