// `kasane password-hash`: reads one password from standard input (the first
// line; nothing is echoed when it is a terminal) and prints the
// pbkdf2-sha256 encoding to put in a user's `password_hash` in the server
// configuration. The password itself is never printed or stored.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "security/password.h"

namespace kasane::cli {
namespace {

constexpr size_t kMinPasswordLength = 12;

// The first line of stdin, without echo when it is a terminal.
std::string ReadPassword() {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "パスワード / password: ");
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int RunPasswordHash(int argc, char** /*argv*/) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: kasane password-hash < password   (reads the password from stdin)\n");
    return 2;
  }
  const std::string password = ReadPassword();
  if (password.size() < kMinPasswordLength) {
    std::fprintf(stderr, "kasane password-hash: the password must be at least %zu characters\n", kMinPasswordLength);
    return 1;
  }
  Result<std::string> hash = security::HashPassword(password);
  if (!hash.ok()) {
    std::fprintf(stderr, "kasane password-hash: %s\n", hash.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", hash->c_str());
  return 0;
}

}  // namespace kasane::cli
