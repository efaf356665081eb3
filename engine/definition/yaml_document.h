// One YAML file -> node tree, safely: pre-scan first, yaml-cpp exceptions
// turned into diagnostics.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "definition/diagnostic.h"
#include "definition/yaml_prescan.h"

namespace kasane {

// Returns false (with diagnostics) when the text is refused by PrescanYaml or
// cannot be loaded; *root is then untouched. An empty file gives a null root.
// Duplicate keys are reported but do not make it fail.
bool LoadYamlDocument(std::string_view text, const std::string& file, const YamlLimits& limits,
                      std::vector<Diagnostic>* diags, YAML::Node* root);

}  // namespace kasane
