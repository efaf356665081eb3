#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. unit tests (gtest via ctest) in a Release build
#      and the attack suite's time bounds (scripts/attacks.sh: worst overrun of a plugin call)
#   2. the same unit tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   3. the multi-threaded tests under ThreadSanitizer: engine, case cache, registry,
#      case service, timer scheduler and store, many threads on the same cases
#   4. kasane validate workflows/ and kasane test tests/scenarios/
#   5. the browser console: its library tests and end-to-end tests in headless
#      Chromium (Debian's chromium, driven by playwright-core); screenshots of
#      every page are saved in build/screenshots/
# Ends with one line "tests: N passed, M failed" over all stages; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0; failed=0
# ctest prints "NN% tests passed, F tests failed out of T"; count both numbers.
count_ctest() {
  local line t f
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$1" | tail -1)
  if [ -z "$line" ]; then failed=$((failed + 1)); return; fi
  f=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  t=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/')
  passed=$((passed + t - f)); failed=$((failed + f))
}

echo "== build (Release) =="
scripts/setup.sh build || { echo "tests: 0 passed, 1 failed"; exit 1; }
echo "== unit tests =="
ctest --test-dir build --output-on-failure -j2 --timeout 300 2>&1 | tee build/ctest.log
count_ctest build/ctest.log
echo "== attack suite: plugin calls within their budget =="
if scripts/attacks.sh build; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "== build (AddressSanitizer + UBSan) =="
if KASANE_BUILD_TYPE=Debug scripts/setup.sh build-asan -DKASANE_SANITIZE=ON; then
  echo "== unit tests under sanitizers =="
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j2 --timeout 600 -L unit 2>&1 | tee build-asan/ctest.log
  count_ctest build-asan/ctest.log
else
  failed=$((failed + 1))
fi

echo "== build (ThreadSanitizer: the multi-threaded tests) =="
# Only the test binaries with threads; the timing checks of the Lua sandbox are
# left to the other stages (TSan slows every call several times).
if cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKASANE_SANITIZE_THREAD=ON >/dev/null &&
   cmake --build build-tsan -j"${KASANE_JOBS:-2}" --target runtime_test store_test lua_test; then
  echo "== multi-threaded tests under ThreadSanitizer =="
  for run in "runtime_test" "store_test" "lua_test --gtest_filter=PluginThreadTest.*"; do
    # halt_on_error: a data race fails the run; the summary line counts it.
    if TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build-tsan/tests/$run > build-tsan/${run%% *}.log 2>&1; then
      passed=$((passed + 1)); echo "tsan: $run ok ($(grep -E '^\[  PASSED  \]' build-tsan/${run%% *}.log))"
    else
      failed=$((failed + 1)); echo "tsan: $run FAILED"; grep -E "WARNING: ThreadSanitizer|FAILED|Failure" -A20 build-tsan/${run%% *}.log | head -80
    fi
  done
else
  failed=$((failed + 1))
fi

echo "== workflows and scenarios =="
if build/kasane validate workflows/; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
build/kasane test tests/scenarios/ | tee build/scenarios.log
line=$(grep -E "^[0-9]+ passed, [0-9]+ failed$" build/scenarios.log | tail -1)
if [ -n "$line" ]; then
  passed=$((passed + $(echo "$line" | cut -d' ' -f1))); failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
else
  failed=$((failed + 1))
fi

echo "== browser console (headless Chromium) =="
if ! [ -x /usr/bin/chromium ]; then
  echo "setup: installing chromium"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if scripts/console.sh; then
  rm -rf build/screenshots
  (cd web_admin && KASANE_BINARY="$PWD/../build/kasane" KASANE_SCREENSHOTS="$PWD/../build/screenshots" \
     node --test --test-concurrency=1 --test-reporter=tap tests/) 2>&1 | tee build/console-tests.log
  p=$(grep -E "^# pass [0-9]+" build/console-tests.log | tail -1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" build/console-tests.log | tail -1 | awk '{print $3}')
  if [ -n "$p" ] && [ -n "$f" ]; then passed=$((passed + p)); failed=$((failed + f)); else failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi

echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
