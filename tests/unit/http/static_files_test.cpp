// The console's static files: served from the web root only, with the
// console's CSP; nothing outside the root, no hidden files, no other methods.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api_test_util.h"
#include "http/static_files.h"
#include "http_fixture.h"

namespace kasane::http::testing {
namespace {

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class StaticFilesTest : public HttpServerTest {
 protected:
  void Configure(ServerConfig* config) override {
    HttpServerTest::Configure(config);
    const std::filesystem::path root = std::filesystem::path(dir_) / "web";
    Write(root / "index.html", "<!doctype html><html lang=\"ja\"></html>");
    Write(root / "app.js", "console.log('kasane');");
    Write(root / "assets" / "app.css", "body{}");
    Write(root / ".secret", "hidden");
    Write(std::filesystem::path(dir_) / "outside.txt", "outside the root");
    std::filesystem::create_symlink(std::filesystem::path(dir_) / "outside.txt", root / "linked.txt");
    std::filesystem::create_directory_symlink(std::filesystem::path(dir_), root / "up");
    std::filesystem::create_symlink(root / "app.js", root / "same.js");  // stays inside: served
    config->web_root = root.string();
  }
};

TEST_F(StaticFilesTest, ServesTheConsoleWithItsContentTypesAndPolicy) {
  HttpResult index = Call("GET", "/");
  ASSERT_EQ(index.status, 200);
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(index.body.find("lang=\"ja\""), std::string::npos);
  EXPECT_EQ(index.header("Content-Security-Policy"), kConsoleCsp);
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  HttpResult js = Call("GET", "/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Call("GET", "/assets/app.css").header("Content-Type"), "text/css; charset=utf-8");
  // The API keeps its stricter policy.
  EXPECT_EQ(Call("GET", "/healthz").header("Content-Security-Policy"), "default-src 'self'");
}

TEST_F(StaticFilesTest, NothingOutsideTheRootOrHiddenIsServed) {
  for (const char* path : {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt", "/.secret",
                           "/assets/", "/missing.js", "//etc/passwd", "/app.js%00.html", "/linked.txt",
                           "/up/outside.txt"}) {
    HttpResult r = Call("GET", path);
    EXPECT_EQ(r.status, 404) << path << " -> " << r.body;
    EXPECT_EQ(r.body.find("outside the root"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("hidden"), std::string::npos) << path;
  }
  EXPECT_EQ(Call("POST", "/app.js", "{}").status, 404);
  EXPECT_EQ(Call("GET", "/same.js").status, 200);  // a link that stays in the root
}

TEST(ContentTypeTest, KnownExtensionsAndAFallback) {
  EXPECT_EQ(ContentTypeFor("a.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("app.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("README"), "application/octet-stream");
}

}  // namespace
}  // namespace kasane::http::testing
