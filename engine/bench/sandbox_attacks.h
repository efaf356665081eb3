// `kasane bench sandbox`: the attack suite of the plugin sandbox, run as a
// benchmark. Each attack is a plugin written as an adversary would (a C loop
// under the pattern estimate, a sort of references to one big string, long
// instructions, a conversion bomb, ...); each is called several times and the
// report gives, per attack, the outcome (its Status code), the longest call,
// how far it ran past the CPU budget and the most memory its state held. The
// time bounds are checked here, never in timed unit tests.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace kasane {

struct SandboxAttackResult {
  std::string name;
  std::string attack_class;  // "cpu", "memory", "conversion", "read-only", "state"
  std::string expected;      // the Status code the attack must end with ("a|b": either)
  std::string outcome;       // the Status code it ended with (the last run)
  bool as_expected = false;  // every run ended with `expected`
  double worst_ms = 0;          // the longest call
  double worst_overrun_ms = 0;  // the longest call minus the CPU budget, at least 0
  double peak_mib = 0;          // the most memory the plugin's state held during a call
  size_t message_bytes = 0;     // the length of the error message or refusal reason
};

struct SandboxAttackReport {
  int cpu_budget_ms = 0;
  int memory_limit_mib = 0;
  int repeats = 0;
  std::vector<SandboxAttackResult> attacks;
  double worst_overrun_ms = 0;
  std::string worst_attack;

  std::string ToJson() const;
  std::string ToTable() const;  // Markdown, for docs/plugins.md
};

// Runs every attack `repeats` times with the default SandboxLimits.
Result<SandboxAttackReport> RunSandboxAttacks(int repeats);

}  // namespace kasane
