// kasane: the command-line entry point.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"

namespace {

constexpr const char* kUsage = R"(kasane — 重層的支援体制整備事業のためのケースワークフローエンジン
          case-workflow engine for the multi-layered support system

Usage: kasane <command> [options]

Commands:
  validate FILE_OR_DIR...   検証 / check workflow definitions; prints FILE:LINE:COL: error: MESSAGE
  test FILE_OR_DIR...       シナリオ実行 / run scenario files; ends with "N passed, M failed"
  diagram FILE              状態遷移図 / draw the state graph (--format dot|svg, --lang ja|en, -o FILE)
  bench                     性能測定 / benchmark transitions against the raw SQLite ceiling (--json)
  bench sandbox             攻撃テスト / attack the plugin sandbox: outcome, time and memory per attack
  new-town NAME             新しい町 / create workflows/NAME.yaml (extends national) and a passing scenario
  audit verify --db FILE    監査ログ検証 / check the audit log's hash chains (--tenant T for one tenant)
  serve --config FILE       HTTP API / serve the API (--port, --bind, --db; env KASANE_PORT/BIND/DB)
  demo init --dir DIR       デモ環境 / write DIR/kasane.yaml, logins.txt and a kasane.db with demo cases (--force)
  password-hash             パスワードのハッシュ / read a password from stdin, print its password_hash
  workflows export --config FILE --tenant T
                            定義の書き出し / write the tenant's live workflows back to YAML (--out DIR, --workflow ID)

Common options:
  --workflows DIR   where workflow ids are looked up (default: workflows)
  --plugins DIR     where plugins/<name>/plugin.lua live (default: plugins)
  --help, --version

Exit status: 0 success, 1 problems found (invalid definition, failed scenario), 2 usage error.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  if (command == "--version" || command == "version") {
    std::printf("kasane %s\n", KASANE_VERSION);
    return 0;
  }
  if (command == "validate") return kasane::cli::RunValidate(argc, argv);
  if (command == "test") return kasane::cli::RunTest(argc, argv);
  if (command == "diagram") return kasane::cli::RunDiagram(argc, argv);
  if (command == "bench") return kasane::cli::RunBench(argc, argv);
  if (command == "new-town") return kasane::cli::RunNewTown(argc, argv);
  if (command == "audit") return kasane::cli::RunAudit(argc, argv);
  if (command == "serve") return kasane::cli::RunServe(argc, argv);
  if (command == "demo") return kasane::cli::RunDemo(argc, argv);
  if (command == "password-hash") return kasane::cli::RunPasswordHash(argc, argv);
  if (command == "workflows") return kasane::cli::RunWorkflows(argc, argv);
  std::fprintf(stderr, "kasane: unknown command '%s' (see kasane --help)\n", command.c_str());
  return 2;
}
