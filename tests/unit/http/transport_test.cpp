// The server against hostile or broken clients: oversized and malformed
// requests, and clients that stall or drip. Raw sockets, so the client side
// enforces no limits of its own.
#include <Poco/Exception.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http_fixture.h"
#include "util/value.h"

namespace kasane::http::testing {
namespace {

using Poco::Net::StreamSocket;
using namespace std::string_literals;
using SteadyClock = std::chrono::steady_clock;

// A raw connection to the test server from 127.0.0.1.
StreamSocket ConnectTo(uint16_t port, int receive_timeout_seconds = 5) {
  StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(receive_timeout_seconds, 0));
  return socket;
}

class TransportTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->max_threads = 2;
    config->max_queued = 16;
    config->request_timeout_seconds = 1;
    config->header_timeout_seconds = 1;
    config->keep_alive_timeout_seconds = 1;
  }

  StreamSocket Connect() { return ConnectTo(server_->port()); }

  // /healthz still answers, promptly.
  void ExpectStillServing() {
    const auto start = SteadyClock::now();
    HttpResult r = Call("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
    EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(4));
  }
};

// Sends all of `data`; false once the server has closed the connection.
bool SendAll(StreamSocket& socket, const std::string& data) {
  size_t sent = 0;
  try {
    while (sent < data.size()) {
      const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent), MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
  } catch (const Poco::Exception&) {
    return false;
  }
  return true;
}

// The status of an HTTP response; 0 when `response` is not one.
int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

std::string BodyOf(const std::string& response) {
  const size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

std::string CodeOf(const std::string& response) {
  Result<Value> body = ParseJson(BodyOf(response));
  if (!body.ok()) return "<not json>";
  const Value* code = body->find("code");
  return code != nullptr && code->is_string() ? code->as_string() : "<no code>";
}

// Sends `request` and returns the whole answer.
std::string Exchange(StreamSocket socket, const std::string& request) {
  SendAll(socket, request);
  return ReadUntilClosed(socket);
}

std::string GetWithFields(int count, size_t value_bytes) {
  std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  for (int i = 0; i < count; ++i) {
    request += "X-Field-" + std::to_string(i) + ": " + std::string(value_bytes, 'v') + "\r\n";
  }
  return request + "\r\n";
}

TEST_F(TransportTest, PlainHttpSendsNoStrictTransportSecurity) {
  HttpResult r = Call("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.count("Strict-Transport-Security"), 0u);
}

TEST_F(TransportTest, HeaderFieldsWithinTheLimitsAreServed) {
  // Host, Connection and 60 more: 62 of the 64 allowed fields.
  EXPECT_EQ(StatusOf(Exchange(Connect(), GetWithFields(60, 10))), 200);
}

TEST_F(TransportTest, MoreFieldsThanConfiguredAnswer431) {
  // 72 fields: within the parser's 100, beyond the configured 64.
  const std::string response = Exchange(Connect(), GetWithFields(70, 10));
  EXPECT_EQ(response.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0), 0u) << response;
  EXPECT_EQ(CodeOf(response), "headers_too_large");
  ExpectStillServing();
}

TEST_F(TransportTest, MoreHeaderBytesThanConfiguredAnswer431) {
  // Two 5000-byte values: each within the parser's limit, together over 8192.
  const std::string response = Exchange(Connect(), GetWithFields(2, 5000));
  EXPECT_EQ(StatusOf(response), 431) << response;
  EXPECT_EQ(CodeOf(response), "headers_too_large");
  ExpectStillServing();
}

TEST_F(TransportTest, TwoHundredHeaderFieldsAreRefused) {
  const int status = StatusOf(Exchange(Connect(), GetWithFields(200, 10)));
  EXPECT_GE(status, 400);
  EXPECT_LT(status, 500);
  ExpectStillServing();
}

TEST_F(TransportTest, AHundredKilobyteHeaderLineIsRefused) {
  const int status = StatusOf(Exchange(Connect(), GetWithFields(1, 100 * 1024)));
  EXPECT_GE(status, 400);
  EXPECT_LT(status, 500);
  ExpectStillServing();
}

TEST_F(TransportTest, MalformedRequestLinesAreRefused) {
  const std::string requests[] = {
      "GARBAGE\r\n\r\n",
      "GET /heal\0thz HTTP/1.1\r\nHost: localhost\r\n\r\n"s,
      "GET /" + std::string(64 * 1024, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
      std::string(40, 'G') + " /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",  // method too long
  };
  for (const std::string& request : requests) {
    const std::string response = Exchange(Connect(), request);
    const int status = StatusOf(response);
    EXPECT_GE(status, 400) << request.substr(0, 40) << " -> " << response.substr(0, 80);
    EXPECT_LT(status, 500) << request.substr(0, 40);
  }
  ExpectStillServing();
}

TEST_F(TransportTest, ANulInThePathAnswersBadRequest) {
  const std::string response =
      Exchange(Connect(), "GET /heal\0thz HTTP/1.1\r\nHost: localhost\r\n\r\n"s);
  EXPECT_EQ(StatusOf(response), 400) << response;
  EXPECT_EQ(CodeOf(response), "bad_request");
}

TEST_F(TransportTest, IdleConnectionsDoNotStarveOtherClients) {
  // As many half-sent requests as there are threads.
  std::vector<StreamSocket> idle;
  for (int i = 0; i < config_.max_threads; ++i) {
    idle.push_back(Connect());
    ASSERT_TRUE(SendAll(idle.back(), "GET /heal"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both threads taken
  ExpectStillServing();
  for (StreamSocket& socket : idle) {
    const int status = StatusOf(ReadUntilClosed(socket));
    EXPECT_TRUE(status == 0 || (status >= 400 && status < 500)) << status;
  }
}

// Sends a header line every 250 ms, each well within the socket time-out,
// until the server answers or closes (or 5 s pass). Returns the answer and
// sets *elapsed.
std::string DripHeaders(StreamSocket& socket, SteadyClock::duration* elapsed) {
  const auto start = SteadyClock::now();
  std::string response;
  if (SendAll(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n")) {
    while (SteadyClock::now() - start < std::chrono::seconds(5)) {
      if (!SendAll(socket, "X-Drip: 1\r\n")) break;
      if (socket.poll(Poco::Timespan(0, 250 * 1000), Poco::Net::Socket::SELECT_READ)) {
        response = ReadUntilClosed(socket);
        break;
      }
    }
  }
  *elapsed = SteadyClock::now() - start;
  return response;
}

TEST_F(TransportTest, AClientDrippingItsHeadersIsCutOff) {
  StreamSocket socket = Connect();
  SteadyClock::duration elapsed{};
  const std::string response = DripHeaders(socket, &elapsed);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  const int status = StatusOf(response);
  EXPECT_TRUE(status == 408 || status == 400) << response;
  ExpectStillServing();
}

TEST_F(TransportTest, ADripOnAKeptAliveConnectionIsCutOff) {
  StreamSocket socket = Connect();
  ASSERT_TRUE(SendAll(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
  std::string first;
  char buffer[4096];
  while (first.find("{\"status\":\"ok\"}") == std::string::npos) {
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    ASSERT_GT(n, 0) << first;
    first.append(buffer, static_cast<size_t>(n));
  }
  // The second request may take the keep-alive time-out plus the request time-out.
  SteadyClock::duration elapsed{};
  const std::string response = DripHeaders(socket, &elapsed);
  EXPECT_LT(elapsed, std::chrono::milliseconds(3500));
  const int status = StatusOf(response);
  EXPECT_TRUE(status == 408 || status == 400) << response;
}

TEST_F(TransportTest, AStalledBodyIsTimedOut) {
  StreamSocket socket = Connect();
  const auto start = SteadyClock::now();
  const std::string response = Exchange(socket,
                                         "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\n"
                                         "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                                         "{\"tenant\":");
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(3));
  const int status = StatusOf(response);
  EXPECT_TRUE(status == 408 || status == 400) << response;
  ExpectStillServing();
}

TEST_F(TransportTest, KeepAliveRequestsAreNotCutOff) {
  // Three requests on one connection, each after a pause: every pause is
  // within the keep-alive time-out, the total is beyond the request time-out.
  StreamSocket socket = Connect();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(SendAll(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    std::string response;
    char buffer[4096];
    while (response.find("{\"status\":\"ok\"}") == std::string::npos) {
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      ASSERT_GT(n, 0) << "request " << i << ": " << response;
      response.append(buffer, static_cast<size_t>(n));
    }
    EXPECT_EQ(StatusOf(response), 200) << response;
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  }
}

// The request line and headers have a deadline of their own, shorter than
// the body's: a drip is cut off after header_timeout_seconds, not the 30 s a
// body may take.
class HeaderDeadlineTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->request_timeout_seconds = 30;
    config->header_timeout_seconds = 1;
  }
};

TEST_F(HeaderDeadlineTest, DrippedHeadersAreCutOffAtTheHeaderDeadline) {
  StreamSocket socket = ConnectTo(server_->port());
  SteadyClock::duration elapsed{};
  const std::string response = DripHeaders(socket, &elapsed);
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
  const int status = StatusOf(response);
  EXPECT_TRUE(status == 408 || status == 400 || status == 0) << response;
}

// A request without Content-Length or chunked coding has no body: it is
// answered at once, not after the 30 s body deadline.
TEST_F(HeaderDeadlineTest, ARequestWithoutALengthIsAnsweredAtOnce) {
  for (const char* method : {"OPTIONS", "POST", "PUT"}) {
    StreamSocket socket = ConnectTo(server_->port());
    const auto start = SteadyClock::now();
    ASSERT_TRUE(SendAll(socket, std::string(method) + " /api/v1/login HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    char buffer[512];
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    ASSERT_GT(n, 0) << method;
    EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(2)) << method;
    const int status = StatusOf(std::string(buffer, static_cast<size_t>(n)));
    EXPECT_TRUE(status >= 400 && status < 500) << method << " " << status;
  }
}

// A GET /healthz from 127.0.0.2 (another client address), over a plain
// socket; returns the status line's code (0 on failure) and sets *elapsed.
int HealthzFromAnotherAddress(uint16_t port, SteadyClock::duration* elapsed) {
  const auto start = SteadyClock::now();
  int status = 0;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.2", &local.sin_addr);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  timeval timeout{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0 &&
      ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) == 0) {
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[64] = {};
      if (::recv(fd, buffer, sizeof buffer - 1, 0) > 12 && std::strncmp(buffer, "HTTP/1.1 ", 9) == 0)
        status = std::atoi(buffer + 9);
    }
  }
  ::close(fd);
  *elapsed = SteadyClock::now() - start;
  return status;
}

// The server's defaults: 32 threads, 64 queued, a 10 s header deadline, and
// max_threads / 4 connections per client address once three quarters of the
// threads are taken.
class SlowClientTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    const ServerConfig defaults;
    config->max_threads = defaults.max_threads;
    config->max_queued = defaults.max_queued;
    config->max_connections_per_address = defaults.max_connections_per_address;
  }
};

// 100 slowloris connections from one address (a header line every 300 ms)
// take at most three quarters of the threads; the rest are answered 503 at once,
// and /healthz from another address answers within a second throughout.
TEST_F(SlowClientTest, AHundredSlowlorisConnectionsLeaveTheServerAnswering) {
  std::vector<StreamSocket> slow;
  for (int i = 0; i < 100; ++i) {
    slow.push_back(ConnectTo(server_->port()));
    SendAll(slow.back(), "GET /healthz HTTP/1.1\r\n");
  }
  SteadyClock::duration worst{};
  int healthy = 0;
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < std::chrono::seconds(3)) {
    for (StreamSocket& socket : slow) SendAll(socket, "X-Slow: 1\r\n");
    SteadyClock::duration elapsed{};
    if (HealthzFromAnotherAddress(server_->port(), &elapsed) == 200) ++healthy;
    worst = std::max(worst, elapsed);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_GE(healthy, 8);
  EXPECT_LT(worst, std::chrono::seconds(1));
  int refused = 0;
  for (StreamSocket& socket : slow) {
    socket.setReceiveTimeout(Poco::Timespan(0, 100 * 1000));
    std::string answer;
    try {
      char buffer[512];
      const int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n > 0) answer.assign(buffer, static_cast<size_t>(n));
    } catch (const Poco::Exception&) {  // still waiting, or reset
    }
    if (StatusOf(answer) == 503) {
      ++refused;
      EXPECT_NE(answer.find("Retry-After: 5"), std::string::npos) << answer;
    }
  }
  EXPECT_GE(refused, 100 - (ServerConfig().max_threads - ServerConfig().max_threads / 4));
}

// A connection beyond a full queue is answered 503 with Retry-After, not
// dropped unanswered.
class FullQueueTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->max_threads = 1;
    config->max_queued = 1;
  }
};

TEST_F(FullQueueTest, AConnectionBeyondAFullQueueIsAnswered503) {
  auto open = [&] { return ConnectTo(server_->port(), 3); };
  StreamSocket served = open();  // takes the one thread, sending slowly
  ASSERT_TRUE(SendAll(served, "GET /healthz HTTP/1.1\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  StreamSocket queued = open();  // waits in the queue
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  StreamSocket beyond = open();
  const std::string answer = ReadUntilClosed(beyond);
  EXPECT_EQ(StatusOf(answer), 503) << answer;
  EXPECT_NE(answer.find("Retry-After: 5"), std::string::npos) << answer;
  EXPECT_NE(answer.find("the server is busy"), std::string::npos) << answer;
  // The others are still served once the first finishes its request.
  ASSERT_TRUE(SendAll(served, "Host: localhost\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(StatusOf(ReadUntilClosed(served)), 200);
  ASSERT_TRUE(SendAll(queued, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(StatusOf(ReadUntilClosed(queued)), 200);
}

// While the server has threads to spare, a client beyond its share is still
// admitted; once three quarters of the threads are taken, it is not, and
// another client still is.
class ConnectionShareTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->max_threads = 8;
    config->max_connections_per_address = 2;
  }
};

TEST_F(ConnectionShareTest, AClientBeyondItsShareIsRefusedOnlyWhenThreadsRunShort) {
  std::vector<StreamSocket> held;
  for (int i = 0; i < 6; ++i) {  // 8 - 8/4: admitted, though the share is 2
    held.push_back(ConnectTo(server_->port()));
    ASSERT_TRUE(SendAll(held.back(), "GET /healthz HTTP/1.1\r\n"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (StreamSocket& socket : held) {
    EXPECT_FALSE(socket.poll(Poco::Timespan(0, 1000), Poco::Net::Socket::SELECT_READ)) << "refused while quiet";
  }
  StreamSocket beyond = ConnectTo(server_->port(), 3);
  EXPECT_EQ(StatusOf(ReadUntilClosed(beyond)), 503);
  SteadyClock::duration elapsed{};
  EXPECT_EQ(HealthzFromAnotherAddress(server_->port(), &elapsed), 200);  // within its share
  for (StreamSocket& socket : held) {
    ASSERT_TRUE(SendAll(socket, "Host: localhost\r\nConnection: close\r\n\r\n"));
    EXPECT_EQ(StatusOf(ReadUntilClosed(socket)), 200);
  }
}

// A queued connection its client resets before it is served is still
// counted out under the address it was counted in with (its peer can no
// longer be asked), so the address's share is not used up for good.
class ResetWhileQueuedTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    config->max_threads = 1;
    config->max_queued = 4;
    config->max_connections_per_address = 2;
  }
};

TEST_F(ResetWhileQueuedTest, AResetQueuedConnectionGivesItsPlaceBack) {
  auto open = [&] { return ConnectTo(server_->port(), 3); };
  StreamSocket served = open();  // takes the one thread
  ASSERT_TRUE(SendAll(served, "GET /healthz HTTP/1.1\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  {
    StreamSocket reset = open();  // queued, then reset by its client
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    reset.setLinger(true, 0);
    reset.close();
  }
  ASSERT_TRUE(SendAll(served, "Host: localhost\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(StatusOf(ReadUntilClosed(served)), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the reset one is taken from the queue and ends
  std::vector<StreamSocket> again;  // two at once: within the share of 2 again
  for (int i = 0; i < 2; ++i) again.push_back(open());
  for (StreamSocket& socket : again) {
    ASSERT_TRUE(SendAll(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  }
  for (StreamSocket& socket : again) EXPECT_EQ(StatusOf(ReadUntilClosed(socket)), 200);
}

}  // namespace
}  // namespace kasane::http::testing
