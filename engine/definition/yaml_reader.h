// Typed reading of a yaml-cpp node tree with positions and diagnostics.
//
// The tree must come from text accepted by PrescanYaml (bounded depth and
// alias expansion). None of these functions throw: yaml-cpp accessors are only
// called on nodes whose kind was checked first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "definition/diagnostic.h"
#include "definition/utf8.h"
#include "model/source_pos.h"

namespace kasane {

// Reports problems of one file. Not thread-safe; one per file being read.
class YamlReader {
 public:
  // `text` is the YAML the tree was loaded from (so columns count characters,
  // not bytes); it must outlive the reader. Empty: columns count bytes.
  YamlReader(std::string file, std::vector<Diagnostic>* diags, std::string_view text = {})
      : file_(std::move(file)), diags_(diags), text_(WithoutBom(text)) {}

  const std::string& file() const { return file_; }
  SourcePos Pos(const YAML::Node& node) const;
  void Error(const SourcePos& pos, std::string message) { diags_->push_back({pos, std::move(message)}); }
  // Number of diagnostics in the shared list; compare before and after reading
  // an element to learn whether it had problems.
  size_t diagnostic_count() const { return diags_->size(); }

  // How a node is described after "got": "a map", "a list", "nothing",
  // or the scalar itself in quotes.
  static std::string Describe(const YAML::Node& node);
  static bool IsPlainScalar(const YAML::Node& node);

 private:
  std::string file_;
  std::vector<Diagnostic>* diags_;
  std::string_view text_;
  // chars_before_[i]: characters in text_[0, i), built on first use when the
  // text is not plain ASCII, so every position costs O(1).
  mutable std::vector<uint32_t> chars_before_;
  mutable bool index_built_ = false;
};

// One key/value pair of a mapping, in file order.
struct MapEntry {
  std::string key;
  SourcePos key_pos;
  YAML::Node value;
};

// The scalar-keyed entries of a map node, first occurrence of each key only
// (the pre-scan reports duplicate and non-scalar keys).
std::vector<MapEntry> MapEntries(const YamlReader& reader, const YAML::Node& map);

// Reads one mapping against the keys it may hold. The constructor reports a
// node that is not a map ("<what> must be a map, got a list"), every unknown key
// (with a did-you-mean suggestion) and every missing required key.
class MapReader {
 public:
  struct Key {
    std::string_view name;
    bool required = false;
  };

  // `what` names the element in messages: "state 'intake'"; unknown and
  // missing keys are reported "in <what>", or with `where` when given
  // ("at the top level").
  MapReader(YamlReader* reader, const YAML::Node& node, std::string what, std::vector<Key> keys,
            std::string where = "");

  bool ok() const { return ok_; }
  const YAML::Node& node() const { return node_; }
  YamlReader* reader() const { return reader_; }
  SourcePos pos() const { return reader_->Pos(node_); }

  // Present, even with a null value.
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // Present with a non-null value.
  bool HasValue(std::string_view key) const;
  // The value node, or an undefined node when absent.
  YAML::Node Get(std::string_view key) const;
  SourcePos KeyPos(std::string_view key) const;
  // Where the value was written; the key's position when the value is null.
  SourcePos ValuePos(std::string_view key) const;
  // Reports "missing required key '<key>' in <what>" when absent.
  bool Require(std::string_view key);

  // Typed reads. Absent or null keys leave *out untouched and return false
  // without a report; a value of the wrong type is reported
  // ("'initial' must be a boolean, got a list") and returns false.
  bool ReadString(std::string_view key, std::string* out);
  bool ReadBool(std::string_view key, bool* out);
  bool ReadInt(std::string_view key, std::optional<int64_t>* out);
  // A list of strings; a single string is accepted as a one-entry list when
  // `allow_single` is set. Positions of the entries go to *positions when given.
  bool ReadStringList(std::string_view key, std::vector<std::string>* out, std::vector<SourcePos>* positions,
                      bool allow_single = false);

  // Reports "'<key>' <problem>" at the value's position.
  void ValueError(std::string_view key, const std::string& problem);

 private:
  const MapEntry* Find(std::string_view key) const;

  YamlReader* reader_;
  YAML::Node node_;
  std::string what_;
  std::string where_;
  std::vector<MapEntry> entries_;
  bool ok_ = false;
};

// Scalar conversions shared by MapReader and list readers: return false when
// the node is not of that type.
bool ScalarString(const YAML::Node& node, std::string* out);
bool ScalarBool(const YAML::Node& node, bool* out);
bool ScalarInt(const YAML::Node& node, int64_t* out);

}  // namespace kasane
