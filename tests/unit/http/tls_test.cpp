// HttpServer over TLS, with a self-signed certificate made for each test.
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "http/tls.h"
#include "http_fixture.h"

namespace kasane::http::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Writes a self-signed P-256 certificate for localhost / 127.0.0.1 and its key.
void MakeCertificate(const std::string& certificate, const std::string& key) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost "
      "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 1 -keyout '" + key + "' -out '" + certificate +
      "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

class TlsTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    certificate_ = dir_ + "/cert.pem";
    key_ = dir_ + "/key.pem";
    ASSERT_NO_FATAL_FAILURE(MakeCertificate(certificate_, key_));
    config->tls_certificate = certificate_;
    config->tls_private_key = key_;
    config->request_timeout_seconds = 1;
    config->header_timeout_seconds = 1;  // a handshake is part of the header phase
  }

  // A request over HTTPS, trusting only this test's certificate.
  HttpResult CallTls(const std::string& method, const std::string& path, const std::string& body = "") {
    Poco::Net::Context::Params params;
    params.caLocation = certificate_;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    Poco::Net::HTTPSClientSession session("127.0.0.1", server_->port(), context);
    session.setTimeout(Poco::Timespan(5, 0));
    return Exchange(session, method, path, body);
  }

  Poco::Net::StreamSocket ConnectPlain() {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    return socket;
  }

  std::string certificate_;
  std::string key_;
};

TEST_F(TlsTest, HealthzOverTlsCarriesStrictTransportSecurity) {
  HttpResult r = CallTls("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.header("Strict-Transport-Security"), "max-age=31536000");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(TlsTest, LoginOverTlsSetsASecureCookie) {
  HttpResult r = CallTls("POST", "/api/v1/login",
                         R"({"tenant":"t1","username":"sato","password":")" + std::string(kPassword) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("Set-Cookie");
  EXPECT_EQ(cookie.rfind("kasane_session=", 0), 0u) << cookie;
  EXPECT_EQ(cookie.substr(cookie.size() - 8), "; Secure") << cookie;
}

TEST_F(TlsTest, PlainHttpOnTheTlsPortGetsNoHttpAnswer) {
  Poco::Net::StreamSocket socket = ConnectPlain();
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()), MSG_NOSIGNAL);
  const std::string answer = ReadUntilClosed(socket);
  EXPECT_EQ(answer.find("HTTP/"), std::string::npos) << answer;
  EXPECT_EQ(CallTls("GET", "/healthz").status, 200);
}

TEST_F(TlsTest, AClientDrippingItsHandshakeIsCutOff) {
  // A TLS record header announcing 512 bytes, then one byte every 250 ms:
  // each read is within the socket time-out, the handshake never completes.
  Poco::Net::StreamSocket socket = ConnectPlain();
  const auto start = SteadyClock::now();
  const std::string header("\x16\x03\x01\x02\x00", 5);
  socket.sendBytes(header.data(), static_cast<int>(header.size()), MSG_NOSIGNAL);
  bool ended = false;
  try {
    while (!ended && SteadyClock::now() - start < std::chrono::seconds(5)) {
      if (socket.sendBytes("\x01", 1, MSG_NOSIGNAL) <= 0) break;
      ended = socket.poll(Poco::Timespan(0, 250 * 1000), Poco::Net::Socket::SELECT_READ);
    }
  } catch (const Poco::Exception&) {  // the server closed it
    ended = true;
  }
  EXPECT_TRUE(ended);
  EXPECT_LT(SteadyClock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(CallTls("GET", "/healthz").status, 200);
}

TEST_F(TlsTest, TheContextAllowsTls12AndLaterOnly) {
  Result<Poco::Net::Context::Ptr> context = MakeServerTlsContext(certificate_, key_);
  ASSERT_TRUE(context.ok()) << context.status().ToString();
  SSL_CTX* ssl = (*context)->sslContext();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(ssl), TLS1_2_VERSION);
  EXPECT_NE(SSL_CTX_get_options(ssl) & SSL_OP_NO_COMPRESSION, 0u);
  EXPECT_NE(SSL_CTX_get_options(ssl) & SSL_OP_NO_RENEGOTIATION, 0u);
  EXPECT_NE(SSL_CTX_get_options(ssl) & SSL_OP_CIPHER_SERVER_PREFERENCE, 0u);
}

TEST_F(TlsTest, UnreadableFilesAreStartupErrorsNamingThem) {
  ServerConfig config = config_;
  config.tls_certificate = dir_ + "/missing-cert.pem";
  std::vector<Diagnostic> diags;
  Result<std::unique_ptr<App>> app = App::Open(config, &clock_, &diags);  // a second connection to the test's database
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  HttpServer server(app->get());
  Status started = server.Start();
  EXPECT_EQ(started.code(), Status::Code::kIOError);
  EXPECT_NE(started.message().find(dir_ + "/missing-cert.pem"), std::string::npos) << started.ToString();

  config.tls_certificate = certificate_;
  config.tls_private_key = dir_ + "/missing-key.pem";
  app = App::Open(config, &clock_, &diags);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  started = HttpServer(app->get()).Start();
  EXPECT_EQ(started.code(), Status::Code::kIOError);
  EXPECT_NE(started.message().find(dir_ + "/missing-key.pem"), std::string::npos) << started.ToString();
}

TEST_F(TlsTest, AKeyThatIsNotTheCertificatesIsRefused) {
  const std::string other_certificate = dir_ + "/other-cert.pem";
  const std::string other_key = dir_ + "/other-key.pem";
  ASSERT_NO_FATAL_FAILURE(MakeCertificate(other_certificate, other_key));
  Result<Poco::Net::Context::Ptr> context = MakeServerTlsContext(certificate_, other_key);
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(context.status().message().find(other_key), std::string::npos) << context.status().ToString();

  std::ofstream(dir_ + "/garbage.pem") << "not a certificate\n";
  context = MakeServerTlsContext(dir_ + "/garbage.pem", key_);
  ASSERT_FALSE(context.ok());
  EXPECT_EQ(context.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace kasane::http::testing
