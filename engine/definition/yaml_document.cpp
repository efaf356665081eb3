#include "definition/yaml_document.h"

#include "definition/utf8.h"

namespace kasane {

bool LoadYamlDocument(std::string_view text, const std::string& file, const YamlLimits& limits,
                      std::vector<Diagnostic>* diags, YAML::Node* root) {
  if (!PrescanYaml(text, file, limits, diags)) return false;
  try {
    *root = YAML::Load(std::string(text));
    return true;
  } catch (const YAML::Exception& e) {
    SourcePos pos{file, 1, 1};
    if (!e.mark.is_null()) pos = {file, e.mark.line + 1, CharColumn(WithoutBom(text), e.mark.pos, e.mark.column) + 1};
    diags->push_back({pos, "invalid YAML: " + SanitizeMessage(e.msg)});
  } catch (const std::exception& e) {
    diags->push_back({SourcePos{file, 1, 1}, "invalid YAML: " + SanitizeMessage(e.what())});
  }
  return false;
}

}  // namespace kasane
