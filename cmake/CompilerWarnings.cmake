# kasane_warnings: an INTERFACE target every project target links to.
add_library(kasane_warnings INTERFACE)
target_compile_options(kasane_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  -Wno-missing-field-initializers  # designated initializers leave the rest defaulted on purpose
  $<$<BOOL:${KASANE_WARNINGS_AS_ERRORS}>:-Werror>
  # GCC 12 at -O2/-O3 reports false positives inside std::variant and std::string
  # (GCC bugs 105593, 105651): keep them from failing optimised builds.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict>)
