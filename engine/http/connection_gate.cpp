#include "http/connection_gate.h"

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>
#include <sys/socket.h>

#include <cstring>

namespace kasane::http {

ConnectionGate::ConnectionGate(int per_address, int spare_below, int max_queued, bool tls)
    : per_address_(per_address), spare_below_(spare_below), max_queued_(max_queued), tls_(tls) {}

std::string ConnectionGate::AddressOf(const Poco::Net::StreamSocket& socket) {
  try {
    return socket.peerAddress().host().toString();
  } catch (const Poco::Exception&) {
    return std::string();
  }
}

bool ConnectionGate::accept(const Poco::Net::StreamSocket& socket) {
  // Only the acceptor thread adds to the queue, so it cannot fill up between
  // this check and Poco's enqueue (which would drop the connection unanswered).
  if (server_ != nullptr && server_->queuedConnections() >= max_queued_) {
    Refuse(socket, "the server is busy");
    return false;
  }
  const std::string address = AddressOf(socket);
  {
    std::lock_guard<std::mutex> lock(mu_);
    int& open = open_[address];
    if (open < per_address_ || total_ < spare_below_) {
      ++open;
      ++total_;
      admitted_[socket.impl()] = address;
      return true;
    }
    if (open == 0) open_.erase(address);
  }
  Refuse(socket, "too many connections from this address");
  return false;
}

std::optional<std::string> ConnectionGate::Claim(const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = admitted_.find(socket.impl());
  if (it == admitted_.end()) return std::nullopt;
  std::string address = std::move(it->second);
  admitted_.erase(it);
  return address;
}

void ConnectionGate::Leave(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(address);
  if (it == open_.end()) return;
  --total_;
  if (--it->second <= 0) open_.erase(it);
}

void ConnectionGate::Refuse(const Poco::Net::StreamSocket& socket, const char* why) {
  if (tls_) return;  // a TLS reply needs a handshake: the socket is just closed
  std::string body = std::string(R"({"type":"about:blank","title":"Service Unavailable","status":503,)") +
                     R"("code":"server_busy","detail":")" + why + R"("})";
  std::string reply = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n"
                      "Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body;
  try {
    Poco::Net::StreamSocket s(socket);
    s.setBlocking(false);  // a fresh socket's send buffer takes it; never wait on the client
    s.sendBytes(reply.data(), static_cast<int>(reply.size()), MSG_NOSIGNAL);
    s.shutdownSend();
  } catch (const Poco::Exception&) {  // the client is gone
  }
}

}  // namespace kasane::http
