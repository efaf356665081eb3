# Every dependency comes from a Debian package (see scripts/setup.sh).
find_package(PkgConfig REQUIRED)
pkg_check_modules(LUA REQUIRED IMPORTED_TARGET lua5.4)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
find_package(yaml-cpp REQUIRED)
find_package(Threads REQUIRED)
if(KASANE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
