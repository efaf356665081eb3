#include "runtime/clock.h"

#include <chrono>

namespace kasane {

Timestamp SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace kasane
