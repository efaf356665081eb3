// File-system helpers of the loader: reading sources with a size limit,
// finding a definition's base and plugins before it is fully parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "definition/diagnostic.h"
#include "definition/loader.h"
#include "definition/yaml_prescan.h"

namespace kasane {

YamlLimits YamlLimitsFrom(const LoaderOptions& options);

// "a/b/c.yaml" -> "c.yaml"; "a/b/c.yaml" -> "a/b" ("" without a directory).
std::string FileNameOf(const std::string& path);
std::string DirOf(const std::string& path);
// "c.yaml" -> "c".
std::string StemOf(const std::string& file_name);

bool IsRegularFile(const std::string& path);

// Reads a regular file of at most max_bytes. On failure appends a diagnostic
// for `path` and returns false.
bool ReadSourceFile(const std::string& path, size_t max_bytes, std::vector<Diagnostic>* diags, std::string* out);

// The keys needed to find a definition's other sources.
struct DefinitionHeader {
  std::string id;
  SourcePos id_pos;
  std::string extends;               // empty, or a valid id
  std::vector<std::string> plugins;  // valid ids only, as listed
};

// Reads them without reporting anything; false when the text cannot be parsed.
bool ReadDefinitionHeader(std::string_view text, const std::string& file, const YamlLimits& limits,
                          DefinitionHeader* header);

}  // namespace kasane
