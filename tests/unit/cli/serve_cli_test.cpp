// `kasane serve` as a process: it starts from a config file, reloads its
// definitions on SIGHUP all or nothing, and stops gracefully on SIGTERM.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "app/app.h"
#include "security/password.h"
#include "store/sqlite/open_sqlite.h"

namespace kasane {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

// One `kasane serve` child with its stderr in a file.
class ServeProcess {
 public:
  ServeProcess(const std::string& config, const fs::path& log) : log_(log) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 2);
      execl(KASANE_BINARY, KASANE_BINARY, "serve", "--config", config.c_str(), "--port", "0",
            static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // Waits until stderr matches `pattern`; the first capture group, or "" on time-out.
  std::string WaitFor(const std::string& pattern, int after_count = 0) {
    const std::regex re(pattern);
    for (int i = 0; i < 300; ++i) {
      const std::string text = ReadFile(log_);
      auto begin = std::sregex_iterator(text.begin(), text.end(), re);
      int count = 0;
      for (auto it = begin; it != std::sregex_iterator(); ++it) {
        if (count++ == after_count) return (*it).size() > 1 ? (*it)[1].str() : (*it)[0].str();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "";
  }

  void Signal(int sig) { kill(pid_, sig); }

  // The exit status after SIGTERM; -1 when it did not exit in 10 s.
  int Stop() {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  std::string log() const { return ReadFile(log_); }

 private:
  fs::path log_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

// One HTTP/1.0 exchange with 127.0.0.1:`port`: the whole answer, headers and body.
std::string Exchange(int port, const std::string& method, const std::string& path, const std::string& body,
                     const std::string& cookie = "", const std::string& csrf = "") {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  std::string request = method + " " + path + " HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n";
  if (!cookie.empty()) request += "Cookie: " + cookie + "\r\n";
  if (!csrf.empty()) request += "X-CSRF-Token: " + csrf + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  (void)send(fd, request.data(), request.size(), 0);
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) answer.append(buffer, static_cast<size_t>(n));
  close(fd);
  return answer;
}

// The status line of GET `path` on 127.0.0.1:`port`.
std::string StatusLine(int port, const std::string& path) {
  const std::string answer = Exchange(port, "GET", path, "");
  return answer.empty() ? "no connection" : answer.substr(0, answer.find("\r\n"));
}

class ServeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("kasane_serve_cli_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "workflows");
    const fs::path fixtures = fs::path(KASANE_SOURCE_DIR) / "tests/fixtures/runtime";
    for (const char* f : {"flow.yaml", "child.yaml"}) fs::copy_file(fixtures / f, dir_ / "workflows" / f);
    WriteFile(dir_ / "kasane.yaml", "database: { path: " + (dir_ / "kasane.db").string() +
                                        ", synchronous: NORMAL }\n"
                                        "workflows_dir: " + (dir_ / "workflows").string() + "\n" +
                                        "plugins_dir: " + (fixtures / "plugins").string() + "\n" +
                                        "web_root: \"\"\n"
                                        "tenants:\n  - { id: t1, name: { ja: テスト市 }, workflows: [flow, child] }\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(ServeCliTest, ReloadsOnSighupAllOrNothingAndStopsGracefullyOnSigterm) {
  ServeProcess serve((dir_ / "kasane.yaml").string(), dir_ / "stderr.log");
  const std::string port = serve.WaitFor(R"(listening on http://127\.0\.0\.1:(\d+))");
  ASSERT_FALSE(port.empty()) << serve.log();
  EXPECT_EQ(StatusLine(std::stoi(port), "/healthz"), "HTTP/1.0 200 OK");

  // A broken definition on disk is refused; the server keeps serving.
  const fs::path flow = dir_ / "workflows/flow.yaml";
  const std::string good = ReadFile(flow);
  WriteFile(flow, good + "\nstates: [this is not a map\n");
  serve.Signal(SIGHUP);
  EXPECT_FALSE(serve.WaitFor("reload refused, the running definitions are unchanged").empty()) << serve.log();
  EXPECT_NE(serve.log().find("flow.yaml:"), std::string::npos) << "the error names the file: " << serve.log();
  EXPECT_EQ(StatusLine(std::stoi(port), "/healthz"), "HTTP/1.0 200 OK");

  // A valid change is taken.
  std::string changed = good;
  changed.replace(changed.find("相談受付"), std::string("相談受付").size(), "相談の受付");
  WriteFile(flow, changed);
  serve.Signal(SIGHUP);
  EXPECT_FALSE(serve.WaitFor(R"(reloaded (\d+) workflow\(s\) \(1 changed\))").empty()) << serve.log();

  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  EXPECT_NE(serve.log().find("stopping"), std::string::npos) << serve.log();
}

TEST_F(ServeCliTest, TheDatabaseCanBeNamedByAStoreUrl) {
  const std::string db = (dir_ / "url.db").string();
  const std::string rest = ReadFile(dir_ / "kasane.yaml");  // its first line is the database
  WriteFile(dir_ / "url.yaml", "database: { path: \"sqlite://" + db + "?synchronous=NORMAL\" }" +
                                   rest.substr(rest.find('\n')));
  ServeProcess serve((dir_ / "url.yaml").string(), dir_ / "url.log");
  const std::string port = serve.WaitFor(R"(listening on http://127\.0\.0\.1:(\d+))");
  ASSERT_FALSE(port.empty()) << serve.log();
  EXPECT_EQ(StatusLine(std::stoi(port), "/healthz"), "HTTP/1.0 200 OK");
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  EXPECT_TRUE(fs::exists(db)) << "the URL's path is the database file";
  EXPECT_FALSE(fs::exists(dir_ / "kasane.db"));
}

TEST_F(ServeCliTest, AnUnknownStoreParameterStopsTheStartNamingIt) {
  const std::string rest = ReadFile(dir_ / "kasane.yaml");
  WriteFile(dir_ / "bad-url.yaml", "database: { path: \"sqlite:" + (dir_ / "x.db").string() + "?fast=1\" }" +
                                       rest.substr(rest.find('\n')));
  ServeProcess serve((dir_ / "bad-url.yaml").string(), dir_ / "bad-url.log");
  EXPECT_FALSE(serve.WaitFor("cannot open").empty()) << serve.log();
  EXPECT_NE(serve.log().find("fast"), std::string::npos) << "the error names the parameter: " << serve.log();
}

TEST_F(ServeCliTest, ABadConfigurationStopsTheStartWithEveryProblemPlaced) {
  WriteFile(dir_ / "bad.yaml", "server:\n  prot: 8080\n  max_threads: lots\n");
  ServeProcess serve((dir_ / "bad.yaml").string(), dir_ / "bad.log");
  EXPECT_FALSE(serve.WaitFor("problem\\(s\\) in the configuration").empty()) << serve.log();
  const std::string log = serve.log();
  EXPECT_NE(log.find("bad.yaml:2:3: error: unknown key 'prot'"), std::string::npos) << log;
  EXPECT_NE(log.find("bad.yaml:3:16: error:"), std::string::npos) << log;
}

// The first capture of `pattern` in `text`, or "".
std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? m[1].str() : "";
}

// JSON string escaping enough for a YAML source.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

TEST_F(ServeCliTest, AVersionDeployedFromTheBrowserSurvivesRestartAndReload) {
  auto hash = security::HashPassword("pw-for-the-test", security::kMinPasswordIterations);
  ASSERT_TRUE(hash.ok());
  WriteFile(dir_ / "kasane.yaml", ReadFile(dir_ / "kasane.yaml") + "users:\n  - { tenant: t1, username: admin, role: tenant_admin, password_hash: \"" + *hash + "\" }\n");
  auto login = [](int port) {
    const std::string answer =
        Exchange(port, "POST", "/api/v1/login", R"({"tenant":"t1","username":"admin","password":"pw-for-the-test"})");
    return std::make_pair(Capture(answer, "Set-Cookie: ([^;]+);"), Capture(answer, R"re("csrf_token":"([^"]+)")re"));
  };
  auto live_version = [](int port, const std::pair<std::string, std::string>& session) {
    return Capture(Exchange(port, "GET", "/api/v1/workflows/flow", "", session.first), R"("version":(\d+))");
  };

  std::string port = "";
  std::string edited_version;
  {
    ServeProcess serve((dir_ / "kasane.yaml").string(), dir_ / "first.log");
    port = serve.WaitFor(R"(listening on http://127\.0\.0\.1:(\d+))");
    ASSERT_FALSE(port.empty()) << serve.log();
    const auto session = login(std::stoi(port));
    ASSERT_FALSE(session.second.empty()) << "login failed";
    const std::string from_disk = live_version(std::stoi(port), session);
    ASSERT_FALSE(from_disk.empty());
    std::string edited = ReadFile(dir_ / "workflows" / "flow.yaml");
    edited.replace(edited.find("相談受付"), std::string("相談受付").size(), "相談の受付（画面で編集）");
    const std::string answer = Exchange(std::stoi(port), "POST", "/api/v1/workflows/flow/versions",
                                        "{\"source\":" + JsonString(edited) + "}", session.first, session.second);
    ASSERT_NE(answer.find("201 Created"), std::string::npos) << answer;
    edited_version = Capture(answer, R"("version":(\d+))");
    ASSERT_NE(edited_version, from_disk);
    EXPECT_EQ(live_version(std::stoi(port), session), edited_version);
    EXPECT_EQ(serve.Stop(), 0) << serve.log();
  }
  // The files on disk are unchanged: a restart and a SIGHUP keep the browser's version live.
  ServeProcess serve((dir_ / "kasane.yaml").string(), dir_ / "second.log");
  port = serve.WaitFor(R"(listening on http://127\.0\.0\.1:(\d+))");
  ASSERT_FALSE(port.empty()) << serve.log();
  const auto session = login(std::stoi(port));
  EXPECT_EQ(live_version(std::stoi(port), session), edited_version) << "lost on restart";
  serve.Signal(SIGHUP);
  EXPECT_FALSE(serve.WaitFor(R"(reloaded (\d+) workflow\(s\) \(0 changed\))").empty()) << serve.log();
  EXPECT_EQ(live_version(std::stoi(port), session), edited_version) << "lost on reload";
  // kasane workflows export writes the live version back to YAML, for the town's repository.
  const std::string exported = (dir_ / "exported").string();
  const std::string command = std::string(KASANE_BINARY) + " workflows export --config " +
                              (dir_ / "kasane.yaml").string() + " --tenant t1 --out " + exported + " > " +
                              (dir_ / "export.out").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << ReadFile(dir_ / "export.out");
  EXPECT_NE(ReadFile(dir_ / "export.out").find("flow.yaml: version " + edited_version + " (deployed by admin)"),
            std::string::npos)
      << ReadFile(dir_ / "export.out");
  EXPECT_NE(ReadFile(fs::path(exported) / "flow.yaml").find("相談の受付（画面で編集）"), std::string::npos);
  EXPECT_TRUE(fs::exists(fs::path(exported) / "child.yaml"));
  // A change to the file itself is deployed from disk.
  std::string changed = ReadFile(dir_ / "workflows" / "flow.yaml");
  changed.replace(changed.find("相談受付"), std::string("相談受付").size(), "相談の受付（ファイルで変更）");
  WriteFile(dir_ / "workflows" / "flow.yaml", changed);
  serve.Signal(SIGHUP);
  EXPECT_FALSE(serve.WaitFor(R"(reloaded (\d+) workflow\(s\) \(1 changed\))").empty()) << serve.log();
  const std::string from_file = live_version(std::stoi(port), session);
  EXPECT_NE(from_file, edited_version);
  EXPECT_FALSE(from_file.empty());
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
}

// A workflow whose case rings one minute after it is opened.
constexpr char kTickWorkflow[] = R"(workflow: tick
title: { ja: 一分後に鳴る, en: Rings after a minute }
roles: { window: { ja: 相談窓口 } }
agencies: { madoguchi: { label: { ja: 福祉政策課 }, roles: [window] } }
states:
  waiting: { initial: true, label: { ja: 待機 }, timers: [ { after: 1 minutes, fire: ring } ] }
  rung: { final: true, label: { ja: 鳴った } }
transitions:
  - { from: waiting, to: rung, on: ring, roles: [system] }
)";

class ServeTimerTest : public ServeCliTest {
 protected:
  void SetUp() override {
    ServeCliTest::SetUp();
    WriteFile(dir_ / "workflows" / "tick.yaml", kTickWorkflow);
    config_.db_path = (dir_ / "tick.db").string();
    config_.workflows_dir = (dir_ / "workflows").string();
    config_.plugins_dir = (dir_ / "workflows").string();
    config_.tenants.push_back({"t1", "テスト市", "", {"tick"}});
  }

  // Writes the server's config with the given scheduler interval.
  std::string WriteConfig(int interval_seconds) {
    const fs::path path = dir_ / ("tick-" + std::to_string(interval_seconds) + ".yaml");
    WriteFile(path, "database: { path: " + config_.db_path + ", synchronous: NORMAL }\n" +
                        "workflows_dir: " + config_.workflows_dir + "\nplugins_dir: " + config_.plugins_dir +
                        "\nweb_root: \"\"\nscheduler: { interval_seconds: " + std::to_string(interval_seconds) +
                        " }\ntenants:\n  - { id: t1, name: { ja: テスト市 }, workflows: [tick] }\n");
    return path.string();
  }

  // Opens a case as if `seconds_ago` before now, through the core the server uses.
  CaseId OpenCaseAgo(int64_t seconds_ago) {
    const Timestamp now = SystemClock().Now();
    ManualClock then(now - seconds_ago);
    std::vector<Diagnostic> diags;
    auto app = App::Open(config_, &then, &diags);
    EXPECT_TRUE(app.ok()) << app.status().ToString() << (diags.empty() ? "" : diags[0].ToString());
    if (!app.ok()) return 0;
    auto created = (*app)->engine()->Create({"t1", "tick", "", Actor{"u1", "window", "madoguchi", "t1"}, Value(Object{})});
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : 0;
  }

  // The case's state and its timer audit entries, read after the server stopped.
  std::pair<std::string, size_t> StateAndTimerAudit(CaseId id) {
    auto store = OpenSqliteStore(config_.db_path);
    EXPECT_TRUE(store.ok());
    if (!store.ok()) return {"", 0};
    auto c = (*store)->GetCase(id);
    AuditFilter filter;
    filter.tenant = "t1";
    filter.action = "case.timer";
    auto audit = (*store)->ListAudit(filter);
    return {c.ok() ? c->state : "", audit.ok() ? audit->size() : 0};
  }

  ServerConfig config_;
};

TEST_F(ServeTimerTest, AOneMinuteTimerFiresWhileTheServerRuns) {
  const CaseId id = OpenCaseAgo(52);  // its minute is up 8 s from now
  ASSERT_NE(id, 0);
  ServeProcess serve(WriteConfig(1), dir_ / "tick.log");
  ASSERT_FALSE(serve.WaitFor(R"(listening on http://127\.0\.0\.1:(\d+))").empty()) << serve.log();
  EXPECT_EQ(serve.log().find("timers fired"), std::string::npos) << "not due at start: " << serve.log();
  EXPECT_FALSE(serve.WaitFor(R"(timers fired (1)\b)").empty()) << serve.log();
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  EXPECT_EQ(StateAndTimerAudit(id), std::make_pair(std::string("rung"), size_t{1}));
}

TEST_F(ServeTimerTest, ATimerDueDuringDowntimeFiresAtStart) {
  const CaseId id = OpenCaseAgo(2 * 3600);  // fell due while no server ran
  ASSERT_NE(id, 0);
  ServeProcess serve(WriteConfig(3600), dir_ / "catch-up.log");  // the next interval is an hour away
  EXPECT_FALSE(serve.WaitFor(R"(timers fired (1)\b)").empty()) << serve.log();
  EXPECT_EQ(serve.Stop(), 0) << serve.log();
  EXPECT_EQ(StateAndTimerAudit(id), std::make_pair(std::string("rung"), size_t{1}));
}

}  // namespace
}  // namespace kasane
