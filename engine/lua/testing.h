// Test-only helpers for engine/lua. Tests never include the Lua headers; what
// they need from Lua goes through here.
#pragma once

#include <string>
#include <vector>

#include "lua/plugin.h"

namespace kasane {

// Compiles Lua source with an unrestricted state and returns the bytecode
// (what luac would write). Returns "" if the source does not compile.
std::string CompileToBytecodeForTest(const std::string& source);

// The kasane.log lines of the plugin's last call (or load); empty for a
// Plugin that is not a Lua plugin.
std::vector<std::string> PluginLogForTest(const Plugin& plugin);

}  // namespace kasane
