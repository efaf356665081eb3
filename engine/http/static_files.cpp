#include "http/static_files.h"

#include <algorithm>
#include <filesystem>

#include "util/text.h"

namespace kasane::http {
namespace {

constexpr size_t kMaxStaticFileBytes = 16 << 20;

bool SafeSegment(const std::string& segment) {
  if (segment.empty() || segment[0] == '.') return false;
  for (char c : segment) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// "/app.js" -> "app.js"; nullopt for anything that is not a plain relative path.
std::optional<std::string> RelativePath(const std::string& path) {
  if (path == "/" || path.empty()) return std::string("index.html");
  if (path[0] != '/') return std::nullopt;
  std::string out;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (!SafeSegment(segment)) return std::nullopt;
    out += (out.empty() ? "" : "/") + segment;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string ContentTypeFor(const std::string& name) {
  const size_t dot = name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
  if (ext == "txt") return "text/plain; charset=utf-8";
  if (ext == "png") return "image/png";
  if (ext == "woff2") return "font/woff2";
  return "application/octet-stream";
}

std::optional<Reply> ServeStaticFile(const std::string& root, const Request& req) {
  if (root.empty() || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  const std::optional<std::string> relative = RelativePath(req.path);
  if (!relative) return std::nullopt;
  std::error_code ec;
  const std::filesystem::path file = std::filesystem::path(root) / *relative;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  // A symbolic link may not lead out of the root: compare the resolved paths.
  const std::filesystem::path real_root = std::filesystem::canonical(root, ec);
  if (ec) return std::nullopt;
  const std::filesystem::path real_file = std::filesystem::canonical(file, ec);
  if (ec) return std::nullopt;
  const auto [root_end, file_it] = std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end());
  if (root_end != real_root.end()) return std::nullopt;
  std::string text, error;
  if (!ReadFileLimited(file.string(), kMaxStaticFileBytes, &text, &error)) return std::nullopt;
  Reply r;
  r.content_type = ContentTypeFor(*relative);
  r.body = req.method == "HEAD" ? std::string() : std::move(text);
  // Files keep their names across builds: revalidate every time.
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.csp = kConsoleCsp;
  return r;
}

}  // namespace kasane::http
