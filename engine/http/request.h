// Request: what the handlers see of an HTTP request, already bounded (the body
// is at most ServerConfig::max_body_bytes) and free of Poco types.
#pragma once

#include <map>
#include <string>

namespace kasane::http {

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // without the query string
  std::map<std::string, std::string> query;  // decoded query parameters; the last of a repeated name wins
  std::string body;
  std::string session_token;  // the kasane_session cookie; empty when absent
  std::string csrf_header;    // X-CSRF-Token; empty when absent
  std::string idempotency_key;  // Idempotency-Key; empty when absent
  std::string client_address;   // the peer's IP address (a reverse proxy's, behind one)
};

// POST, PUT, PATCH and DELETE: the methods that need a CSRF token with a session.
bool ChangesState(const std::string& method);

}  // namespace kasane::http
