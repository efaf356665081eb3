#include "store/open_store.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <string_view>

#include "store/sqlite/open_sqlite.h"

namespace kasane {
namespace {

bool IsSchemeName(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; `what` names the part of the URL in errors.
Result<std::string> Unescape(std::string_view text, std::string_view what) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const int hi = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    const int lo = hi >= 0 ? HexDigit(text[i + 2]) : -1;
    if (lo < 0) {
      return Status::InvalidArgument("store URL: malformed %-escape in " + std::string(what) + " at '" +
                                     std::string(text.substr(i, 3)) + "'");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

Status BadValue(const std::string& name, const std::string& value, std::string_view wanted) {
  return Status::InvalidArgument("store URL parameter " + name + " must be " + std::string(wanted) + ", not '" + value +
                                 "'");
}

Status ApplySqliteParameter(const std::string& name, const std::string& value, StoreOptions* o) {
  if (name == "synchronous") {
    const std::string v = Lower(value);
    if (v != "full" && v != "normal" && v != "off") return BadValue(name, value, "FULL, NORMAL or OFF");
    o->synchronous = value;
  } else if (name == "wal") {
    if (value == "1" || value == "true") {
      o->wal = true;
    } else if (value == "0" || value == "false") {
      o->wal = false;
    } else {
      return BadValue(name, value, "1, 0, true or false");
    }
  } else if (name == "busy_timeout_ms") {
    int ms = -1;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, ms);
    if (value.empty() || ec != std::errc() || ptr != end || ms < 0) {
      return BadValue(name, value, "a whole number of milliseconds from 0 to 2147483647");
    }
    o->busy_timeout_ms = ms;
  } else {
    return Status::InvalidArgument("store URL: unknown sqlite parameter '" + name +
                                   "' (known: synchronous, wal, busy_timeout_ms)");
  }
  return Status::OK();
}

// Parses "name=value&name=value" into *o.
Status ParseSqliteQuery(std::string_view query, StoreOptions* o) {
  std::set<std::string> seen;
  if (query.empty()) return Status::OK();  // "path?" alone
  for (bool more = true; more;) {
    const size_t amp = query.find('&');
    more = amp != std::string_view::npos;
    const std::string_view param = query.substr(0, amp);
    if (more) query.remove_prefix(amp + 1);
    const size_t eq = param.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Status::InvalidArgument("store URL: parameter '" + std::string(param) + "' is not name=value");
    }
    Result<std::string> name = Unescape(param.substr(0, eq), "a parameter name");
    if (!name.ok()) return name.status();
    Result<std::string> value = Unescape(param.substr(eq + 1), "parameter " + *name);
    if (!value.ok()) return value.status();
    if (!seen.insert(*name).second) {
      return Status::InvalidArgument("store URL: parameter '" + *name + "' is given twice");
    }
    KASANE_RETURN_IF_ERROR(ApplySqliteParameter(*name, *value, o));
  }
  return Status::OK();
}

// `rest` is the URL after "sqlite:".
Result<std::unique_ptr<Store>> OpenSqliteUrl(const std::string& url, std::string_view rest) {
  const size_t question = rest.find('?');
  std::string_view location = rest.substr(0, question);
  if (location.substr(0, 2) == "//") location.remove_prefix(2);
  Result<std::string> path = Unescape(location, "the path");
  if (!path.ok()) return path.status();
  if (path->empty()) return Status::InvalidArgument("store URL '" + url + "' names no database path");
  StoreOptions options;
  if (question != std::string_view::npos) {
    KASANE_RETURN_IF_ERROR(ParseSqliteQuery(rest.substr(question + 1), &options));
  }
  return OpenSqliteStore(*path, options);
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  if (url.empty()) return Status::InvalidArgument("store URL is empty");
  const size_t colon = url.find(':');
  const std::string_view scheme =
      colon == std::string::npos ? std::string_view() : std::string_view(url).substr(0, colon);
  if (!IsSchemeName(scheme)) return OpenSqliteStore(url);  // a bare path
  if (Lower(scheme) == "sqlite") return OpenSqliteUrl(url, std::string_view(url).substr(colon + 1));
  return Status::InvalidArgument("store URL: unknown scheme '" + std::string(scheme) + "' (known: sqlite)");
}

}  // namespace kasane
