#include "definition/source_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "definition/parse_common.h"
#include "definition/yaml_document.h"

namespace kasane {

namespace fs = std::filesystem;

YamlLimits YamlLimitsFrom(const LoaderOptions& options) {
  YamlLimits limits;
  limits.max_bytes = options.max_file_bytes;
  limits.max_depth = options.max_depth;
  limits.max_aliases = options.max_aliases;
  limits.max_alias_expansion = options.max_alias_expansion;
  limits.max_nodes = options.max_nodes;
  return limits;
}

std::string FileNameOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string DirOf(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return std::string();
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string StemOf(const std::string& file_name) {
  size_t dot = file_name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? file_name : file_name.substr(0, dot);
}

bool IsRegularFile(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool ReadSourceFile(const std::string& path, size_t max_bytes, std::vector<Diagnostic>* diags, std::string* out) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec) {
    diags->push_back({SourcePos{path, 0, 0}, "cannot read the file: " + ec.message()});
    return false;
  }
  if (!fs::is_regular_file(status)) {
    diags->push_back({SourcePos{path, 0, 0}, "cannot read the file: not a regular file"});
    return false;
  }
  uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    diags->push_back({SourcePos{path, 0, 0}, "cannot read the file: " + ec.message()});
    return false;
  }
  if (size > max_bytes) {
    diags->push_back({SourcePos{path, 1, 1}, "file is " + std::to_string(size) + " bytes, over the limit of " +
                                                 std::to_string(max_bytes)});
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    diags->push_back({SourcePos{path, 0, 0}, "cannot read the file"});
    return false;
  }
  *out = text.str();
  if (out->size() > max_bytes) {  // grew while being read
    diags->push_back({SourcePos{path, 1, 1}, "file is " + std::to_string(out->size()) +
                                                 " bytes, over the limit of " + std::to_string(max_bytes)});
    return false;
  }
  return true;
}

bool ReadDefinitionHeader(std::string_view text, const std::string& file, const YamlLimits& limits,
                          DefinitionHeader* header) {
  std::vector<Diagnostic> ignored;
  YAML::Node root;
  if (!LoadYamlDocument(text, file, limits, &ignored, &root) || !root.IsMap()) return false;
  YamlReader reader(file, &ignored, text);
  for (const MapEntry& e : MapEntries(reader, root)) {
    if (e.key == "workflow" && e.value.IsScalar()) {
      header->id = e.value.Scalar();
      header->id_pos = reader.Pos(e.value);
    } else if (e.key == "extends" && e.value.IsScalar() && IsValidId(e.value.Scalar())) {
      header->extends = e.value.Scalar();
    } else if (e.key == "plugins" && e.value.IsSequence()) {
      for (const YAML::Node& item : e.value) {
        for (const MapEntry& u : MapEntries(reader, item))
          if (u.key == "use" && u.value.IsScalar() && IsValidId(u.value.Scalar()))
            header->plugins.push_back(u.value.Scalar());
      }
    }
  }
  return true;
}

}  // namespace kasane
