// Server-side TLS for HttpServer: a Poco NetSSL context built from a PEM
// certificate and private key.
#pragma once

#include <Poco/Net/Context.h>

#include <string>

#include "util/status.h"

namespace kasane::http {

// Sent with every response over TLS: browsers keep to HTTPS for a year.
inline constexpr const char* kStrictTransportSecurity = "max-age=31536000";

// A server context that speaks only TLS 1.2 and 1.3 (SSLv3, TLS 1.0 and 1.1
// are refused), offers only forward-secret AEAD cipher suites in the server's
// order, and allows neither compression nor renegotiation. Clients are not
// asked for certificates.
//
// `certificate_file` holds the PEM certificate (chain, leaf first);
// `private_key_file` its unencrypted PEM key. IOError naming the file when
// either cannot be read; InvalidArgument when they hold no usable
// certificate, no usable key, or a key that does not match the certificate.
// Never throws.
Result<Poco::Net::Context::Ptr> MakeServerTlsContext(const std::string& certificate_file,
                                                     const std::string& private_key_file);

}  // namespace kasane::http
