#include "definition/source_set.h"

#include <openssl/evp.h>

#include "util/value.h"

namespace kasane {
namespace {

constexpr const char* kBundleFormat = "kasane-bundle/1";

bool IsFileName(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name.find('\\') != std::string::npos) return false;
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".yaml") || ends(".yml");
}

Status ReadTextMap(const Value& bundle, const char* key, bool required, std::map<std::string, std::string>* out) {
  const Value* v = bundle.find(key);
  if (v == nullptr) {
    return required ? Status::InvalidArgument(std::string("bundle: missing '") + key + "'") : Status::OK();
  }
  if (!v->is_object()) return Status::InvalidArgument(std::string("bundle: '") + key + "' must be an object");
  for (const auto& [name, text] : v->as_object()) {
    if (!text.is_string())
      return Status::InvalidArgument(std::string("bundle: '") + key + "." + name + "' must be a string");
    (*out)[name] = text.as_string();
  }
  return Status::OK();
}

}  // namespace

std::string SourceSet::DisplayName(const std::string& file_name) const {
  auto it = file_paths.find(file_name);
  return it == file_paths.end() ? file_name : it->second;
}

std::string SourceSet::ToBundleJson() const {
  Object workflows, plugins;
  for (const auto& [name, text] : workflow_files) workflows.emplace(name, Value(text));
  for (const auto& [name, text] : plugin_sources) plugins.emplace(name, Value(text));
  Object bundle;
  bundle.emplace("format", Value(kBundleFormat));
  bundle.emplace("root", Value(root));
  bundle.emplace("workflows", Value(std::move(workflows)));
  bundle.emplace("plugins", Value(std::move(plugins)));
  return Value(std::move(bundle)).ToJson();
}

Result<SourceSet> SourceSet::FromBundleJson(std::string_view json) {
  Result<Value> parsed = ParseJson(json);
  if (!parsed.ok()) return Status::InvalidArgument("bundle: " + parsed.status().message());
  const Value& bundle = *parsed;
  if (!bundle.is_object()) return Status::InvalidArgument("bundle: must be a JSON object");
  const Value* format = bundle.find("format");
  if (format == nullptr || !format->is_string() || format->as_string() != kBundleFormat)
    return Status::InvalidArgument(std::string("bundle: 'format' must be \"") + kBundleFormat + "\"");
  SourceSet set;
  const Value* root = bundle.find("root");
  if (root == nullptr || !root->is_string()) return Status::InvalidArgument("bundle: 'root' must be a string");
  set.root = root->as_string();
  KASANE_RETURN_IF_ERROR(ReadTextMap(bundle, "workflows", true, &set.workflow_files));
  KASANE_RETURN_IF_ERROR(ReadTextMap(bundle, "plugins", false, &set.plugin_sources));
  for (const auto& [name, text] : set.workflow_files)
    if (!IsFileName(name)) return Status::InvalidArgument("bundle: '" + name + "' is not a .yaml file name");
  if (!set.workflow_files.count(set.root))
    return Status::InvalidArgument("bundle: root '" + set.root + "' is not among its workflows");
  return set;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) return std::string();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

}  // namespace kasane
