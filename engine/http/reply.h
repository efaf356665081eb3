// Reply: one HTTP response as data. Handlers build Replies; only the server
// writes them to the wire (adding the security headers), so a handler cannot
// forget a header or send half a response.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/value.h"

namespace kasane::http {

struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, Allow)
  bool close_connection = false;  // the request body was left unread
  std::string csp;  // Content-Security-Policy; empty: "default-src 'self'"
};

// A 200-style reply with `body` serialised as UTF-8 JSON.
Reply JsonReply(int status, const Value& body);

}  // namespace kasane::http
