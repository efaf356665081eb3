// Opening a Store by URL, so that a caller names a backend and its options in
// one string and depends on no backend's headers.
//
// URLs (the scheme is matched in any letter case):
//   sqlite:///var/lib/kasane/kasane.db   the file /var/lib/kasane/kasane.db
//   sqlite://data/kasane.db              the file data/kasane.db, relative to
//   sqlite:data/kasane.db                  the working directory (no host part)
//   sqlite::memory:                      a private in-memory database
// i.e. "sqlite:", an optional "//", then the path. In the path and in
// parameter values %XX stands for the byte XX, so a '?', '&' or '%' in a file
// name is written %3F, %26 or %25.
//
// Options follow as query parameters, each at most once:
//   synchronous=FULL|NORMAL|OFF   (any letter case; default FULL)
//   wal=1|0|true|false            WAL journal, else DELETE (default 1)
//   busy_timeout_ms=N             0 <= N <= 2^31-1 (default 5000)
// e.g. sqlite:///var/lib/kasane/kasane.db?synchronous=NORMAL&wal=0&busy_timeout_ms=100
//
// Backward compatibility: text that does not start with a scheme name and a
// ':' (a letter, then letters, digits, '+', '-' or '.') is a SQLite path taken
// literally, with the default options: "/var/lib/kasane/kasane.db",
// "kasane.db", ":memory:". Write "./a:b.db" for a relative file whose name
// looks like a scheme.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"
#include "util/status.h"

namespace kasane {

// Opens (creating if needed) the store `url` names and migrates its schema.
// An empty URL, an unknown scheme, a missing path, a malformed %-escape, or an
// unknown, repeated or invalid parameter is InvalidArgument naming it, and
// nothing is opened.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace kasane
