#include "diagram/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace kasane {

namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void Reset(int fd) {
    Close();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read;
  Fd write;
};

Status MakePipe(Pipe* p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::IOError(std::string("pipe: ") + std::strerror(errno));
  p->read.Reset(fds[0]);
  p->write.Reset(fds[1]);
  return Status::OK();
}

void SetNonBlocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Blocks SIGPIPE in this thread for its lifetime, so that writing to a child
// that has exited yields EPIPE instead of killing the process; a SIGPIPE
// raised meanwhile is consumed before the old mask is restored.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&pipe_set_);
    sigaddset(&pipe_set_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set_, &old_mask_);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;
  ~ScopedSigpipeBlock() {
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }

 private:
  sigset_t pipe_set_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

// Kills and reaps the child unless it has been reaped already.
class ChildGuard {
 public:
  explicit ChildGuard(pid_t pid) : pid_(pid) {}
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  ~ChildGuard() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  // Non-blocking reap; true once the child has exited (status stored).
  bool TryReap(int* status) {
    const pid_t r = ::waitpid(pid_, status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return true;
    }
    return false;
  }

 private:
  pid_t pid_;
};

class SpawnConfig {
 public:
  SpawnConfig() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attr_);
  }
  SpawnConfig(const SpawnConfig&) = delete;
  SpawnConfig& operator=(const SpawnConfig&) = delete;
  ~SpawnConfig() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attr_);
  }
  posix_spawn_file_actions_t* actions() { return &actions_; }
  posix_spawnattr_t* attr() { return &attr_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attr_;
};

// Reads what is available from `fd` into `out`; returns false at EOF or error.
bool Drain(int fd, std::string* out) {
  char buf[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, std::string_view input,
                                 const ProcessLimits& limits) {
  if (argv.empty() || argv[0].empty()) return Status::InvalidArgument("no program to run");
  ScopedSigpipeBlock sigpipe_block;

  Pipe in, out, err;
  KASANE_RETURN_IF_ERROR(MakePipe(&in));
  KASANE_RETURN_IF_ERROR(MakePipe(&out));
  KASANE_RETURN_IF_ERROR(MakePipe(&err));

  SpawnConfig config;
  posix_spawn_file_actions_adddup2(config.actions(), in.read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(config.actions(), out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(config.actions(), err.write.get(), STDERR_FILENO);
  // The child starts with no blocked signals and default SIGPIPE handling.
  sigset_t empty_set, default_set;
  sigemptyset(&empty_set);
  sigemptyset(&default_set);
  sigaddset(&default_set, SIGPIPE);
  posix_spawnattr_setsigmask(config.attr(), &empty_set);
  posix_spawnattr_setsigdefault(config.attr(), &default_set);
  posix_spawnattr_setflags(config.attr(), static_cast<short>(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], config.actions(), config.attr(), args.data(), environ);
  if (rc != 0) {
    if (rc == ENOENT || rc == ENOTDIR) return Status::NotFound("program '" + argv[0] + "' not found");
    return Status::IOError("cannot run '" + argv[0] + "': " + std::strerror(rc));
  }
  ChildGuard child(pid);
  in.read.Close();
  out.write.Close();
  err.write.Close();
  SetNonBlocking(in.write.get());
  SetNonBlocking(out.read.get());
  SetNonBlocking(err.read.get());

  ProcessResult result;
  size_t written = 0;
  if (input.empty()) in.write.Close();
  const auto deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  const auto timed_out = [&] {
    return Status::DeadlineExceeded("'" + argv[0] + "' did not finish within " +
                                    std::to_string(limits.timeout_ms) + " ms");
  };

  while (out.read.valid() || err.read.valid() || in.write.valid()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return timed_out();
    pollfd fds[3];
    nfds_t n = 0;
    if (in.write.valid()) fds[n++] = pollfd{in.write.get(), POLLOUT, 0};
    if (out.read.valid()) fds[n++] = pollfd{out.read.get(), POLLIN, 0};
    if (err.read.valid()) fds[n++] = pollfd{err.read.get(), POLLIN, 0};
    const int ready = ::poll(fds, n, static_cast<int>(left));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Status::IOError(std::string("poll: ") + std::strerror(errno));
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      const int fd = fds[i].fd;
      if (fd == in.write.get()) {
        const ssize_t w = ::write(fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        // EPIPE: the child stopped reading; its exit status tells the rest.
        if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == input.size()) in.write.Close();
      } else if (fd == out.read.get()) {
        if (!Drain(fd, &result.out)) out.read.Close();
      } else if (fd == err.read.get()) {
        if (!Drain(fd, &result.err)) err.read.Close();
      }
    }
    if (result.out.size() + result.err.size() > limits.max_output_bytes) {
      return Status::ResourceExhausted("'" + argv[0] + "' wrote more than " +
                                       std::to_string(limits.max_output_bytes) + " bytes");
    }
  }

  // Both outputs are closed; the child is exiting (or lingers, and is killed).
  int status = 0;
  while (!child.TryReap(&status)) {
    if (Clock::now() >= deadline) return timed_out();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace kasane
