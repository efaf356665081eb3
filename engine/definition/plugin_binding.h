// Binding the plugins a definition uses: load, check config, check calls.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "definition/definition_draft.h"
#include "definition/diagnostic.h"
#include "definition/loader.h"

namespace kasane {

// For every plugin listed in draft->plugins: loads it from sources (reporting
// one that is missing, fails to load or declares another name), checks its
// `with:` config against the plugin's schema (problems reported at the config
// key when its position is known), replaces the config with the completed one
// and binds it. Then checks that every guard call names one of its plugin's
// guards and every action / on_enter / on_exit call one of its actions.
// Loaded plugins go to *plugins by name.
void BindPlugins(DefinitionDraft* draft, const SourceSet& sources, const LoaderOptions& options,
                 std::map<std::string, std::shared_ptr<Plugin>>* plugins, std::vector<Diagnostic>* diags);

}  // namespace kasane
