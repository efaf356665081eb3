# kasane_sanitizers: ASan + UBSan when KASANE_SANITIZE is on, nothing otherwise.
add_library(kasane_sanitizers INTERFACE)
if(KASANE_SANITIZE)
  set(_san -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(kasane_sanitizers INTERFACE ${_san})
  target_link_options(kasane_sanitizers INTERFACE ${_san})
endif()
