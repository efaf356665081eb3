// Static files of the browser console (web_admin/dist), served by kasane
// itself so the console works with no internet access.
//
// Only GET and HEAD; "/" is index.html. A path is served only when every
// segment is made of [A-Za-z0-9._-], none starts with '.', and the file lies
// inside the root: there is no way out of it. Files are read per request
// (at most 16 MiB). Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "http/reply.h"
#include "http/request.h"

namespace kasane::http {

// The console's Content-Security-Policy: everything from this server only.
// Styles allow inline <style> elements because the code editor injects its
// theme that way; scripts stay 'self' only.
inline constexpr const char* kConsoleCsp =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// The reply for `req` from `root`, or nullopt when the path is not a console
// file (the caller answers 404). An empty root serves nothing.
std::optional<Reply> ServeStaticFile(const std::string& root, const Request& req);

// The Content-Type for a file name by its extension; octet-stream when unknown.
std::string ContentTypeFor(const std::string& name);

}  // namespace kasane::http
