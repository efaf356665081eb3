#include "http/tls.h"

#include <Poco/Exception.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

namespace kasane::http {
namespace {

// TLS 1.2 suites with ephemeral ECDH and an AEAD cipher. TLS 1.3 suites all
// have both properties, so OpenSSL's defaults stay for them.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// OK when one byte of the file can be read; otherwise the system's reason.
Status CheckReadable(const std::string& what, const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::IOError("cannot read the TLS " + what + " '" + path + "': " + std::strerror(errno));
  }
  errno = 0;
  const bool failed = std::fgetc(file) == EOF && std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) return Status::IOError("cannot read the TLS " + what + " '" + path + "': " + std::strerror(error));
  return Status::OK();
}

}  // namespace

Result<Poco::Net::Context::Ptr> MakeServerTlsContext(const std::string& certificate_file,
                                                     const std::string& private_key_file) {
  KASANE_RETURN_IF_ERROR(CheckReadable("certificate", certificate_file));
  KASANE_RETURN_IF_ERROR(CheckReadable("private key", private_key_file));
  const std::string files = "the TLS certificate '" + certificate_file + "' with the key '" + private_key_file + "'";
  Poco::Net::Context::Params params;
  params.certificateFile = certificate_file;
  params.privateKeyFile = private_key_file;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;  // no client certificates
  params.loadDefaultCAs = false;
  params.cipherList = kTls12Ciphers;
  params.dhUse2048Bits = true;
  try {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->preferServerCiphers();
    SSL_CTX* ssl = context->sslContext();
    if (SSL_CTX_set_min_proto_version(ssl, TLS1_2_VERSION) != 1) {
      return Status::Internal("cannot restrict TLS to version 1.2 and later");
    }
    SSL_CTX_set_options(ssl, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_check_private_key(ssl) != 1) {
      return Status::InvalidArgument("cannot use " + files + ": the key does not match the certificate");
    }
    return context;
  } catch (const Poco::Exception& e) {
    return Status::InvalidArgument("cannot use " + files + ": " + e.displayText());
  } catch (const std::exception& e) {
    return Status::InvalidArgument("cannot use " + files + ": " + e.what());
  }
}

}  // namespace kasane::http
