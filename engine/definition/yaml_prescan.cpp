#include "definition/yaml_prescan.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "definition/utf8.h"

namespace kasane {
namespace {

// Thrown from the event handler to stop the parser at the first limit crossed.
struct LimitCrossed {
  YAML::Mark mark;
  std::string message;
};

SourcePos PosAt(const std::string& file, std::string_view text, const YAML::Mark& mark) {
  if (mark.is_null() || mark.line < 0) return SourcePos{file, 1, 1};
  return SourcePos{file, mark.line + 1, CharColumn(text, mark.pos, mark.column) + 1};
}

SourcePos PosOfOffset(const std::string& file, std::string_view text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      ++column;  // count characters, not bytes
    }
  }
  return SourcePos{file, line, column};
}

size_t SaturatingAdd(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

class PrescanHandler : public YAML::EventHandler {
 public:
  PrescanHandler(const std::string& file, std::string_view text, const YamlLimits& limits)
      : file_(file), text_(WithoutBom(text)), limits_(limits) {}

  // Problems that do not stop loading (duplicate and non-scalar keys). Only
  // meaningful when the whole text was scanned.
  std::vector<Diagnostic>& key_problems() { return key_problems_; }

  void OnDocumentStart(const YAML::Mark& mark) override { document_start_ = mark; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (ExpectingKey()) KeyError(mark, "a mapping key must be a string, got null");
    Leaf(mark, anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (++aliases_ > limits_.max_aliases)
      throw LimitCrossed{mark, "more than " + std::to_string(limits_.max_aliases) + " aliases"};
    if (ExpectingKey()) KeyError(mark, "a mapping key must be a string, not an alias");
    // yaml-cpp registers an anchor before reading its node, so `&a [*a]` would
    // build a cycle that any walk of the tree follows forever.
    for (const Frame& f : frames_)
      if (f.anchor == anchor) throw LimitCrossed{mark, "an alias cannot refer to a node that contains it"};
    auto it = anchor_sizes_.find(anchor);
    size_t size = it == anchor_sizes_.end() ? 1 : it->second;
    expanded_ = SaturatingAdd(expanded_, size);
    if (expanded_ > limits_.max_alias_expansion)
      throw LimitCrossed{mark, "alias expansion too large (more than " +
                                   std::to_string(limits_.max_alias_expansion) + " nodes)"};
    Leaf(mark, 0, size);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                const std::string& value) override {
    if (ExpectingKey()) {
      auto [it, inserted] = frames_.back().keys.emplace(value, mark);
      if (!inserted) {
        SourcePos first = PosAt(file_, text_, it->second);
        key_problems_.push_back({PosAt(file_, text_, mark), "duplicate key '" + value + "' (first defined at " +
                                                                std::to_string(first.line) + ":" +
                                                                std::to_string(first.column) + ")"});
      }
    }
    Leaf(mark, anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, false);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value /*style*/) override {
    Open(mark, anchor, true);
  }
  void OnMapEnd() override { Close(); }

  const YAML::Mark& document_start() const { return document_start_; }

 private:
  struct Frame {
    bool is_map = false;
    bool expect_key = true;  // maps only: the next node is a key
    YAML::anchor_t anchor = 0;
    size_t size = 1;  // nodes in this subtree, aliases counted expanded
    std::map<std::string, YAML::Mark> keys;  // converted to a SourcePos only when reported
  };

  bool ExpectingKey() const { return !frames_.empty() && frames_.back().is_map && frames_.back().expect_key; }

  void KeyError(const YAML::Mark& mark, std::string message) {
    key_problems_.push_back({PosAt(file_, text_, mark), std::move(message)});
  }

  void CountNode(const YAML::Mark& mark) {
    if (++nodes_ > limits_.max_nodes)
      throw LimitCrossed{mark, "more than " + std::to_string(limits_.max_nodes) + " nodes"};
  }

  // A complete node of `size` nodes was read in the current frame.
  void Finished(size_t size) {
    if (frames_.empty()) return;
    Frame& parent = frames_.back();
    parent.size = SaturatingAdd(parent.size, size);
    if (parent.is_map) parent.expect_key = !parent.expect_key;
  }

  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor, size_t size) {
    CountNode(mark);
    if (anchor != 0) anchor_sizes_[anchor] = size;
    Finished(size);
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
    CountNode(mark);
    if (ExpectingKey()) KeyError(mark, "a mapping key must be a string, not a map or list");
    if (static_cast<int>(frames_.size()) >= limits_.max_depth)
      throw LimitCrossed{mark, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels"};
    Frame frame;
    frame.is_map = is_map;
    frame.anchor = anchor;
    frames_.push_back(std::move(frame));
  }

  void Close() {
    if (frames_.empty()) return;
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.anchor != 0) anchor_sizes_[frame.anchor] = frame.size;
    Finished(frame.size);
  }

  const std::string& file_;
  std::string_view text_;
  const YamlLimits& limits_;
  std::vector<Diagnostic> key_problems_;
  std::vector<Frame> frames_;
  std::map<YAML::anchor_t, size_t> anchor_sizes_;
  YAML::Mark document_start_;
  size_t nodes_ = 0;
  size_t expanded_ = 0;
  int aliases_ = 0;
};

// Control characters other than tab, newline and carriage return are not
// allowed in YAML; refusing them early keeps diagnostics printable.
bool CheckCharacters(std::string_view text, const std::string& file, std::vector<Diagnostic>* diags) {
  size_t bad = FindInvalidUtf8(text);
  if (bad != std::string_view::npos) {
    diags->push_back({PosOfOffset(file, text, bad), "the file is not valid UTF-8"});
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned>(c));
      diags->push_back({PosOfOffset(file, text, i), std::string("control character ") + buf + " is not allowed"});
      return false;
    }
  }
  return true;
}

}  // namespace

bool PrescanYaml(std::string_view text, const std::string& file, const YamlLimits& limits,
                 std::vector<Diagnostic>* diags) {
  if (text.size() > limits.max_bytes) {
    diags->push_back({SourcePos{file, 1, 1}, "file is " + std::to_string(text.size()) +
                                                 " bytes, over the limit of " + std::to_string(limits.max_bytes)});
    return false;
  }
  if (!CheckCharacters(text, file, diags)) return false;
  try {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    PrescanHandler handler(file, text, limits);
    if (!parser.HandleNextDocument(handler)) return true;  // empty: the caller reports it
    if (parser.HandleNextDocument(handler)) {
      diags->push_back({PosAt(file, WithoutBom(text), handler.document_start()),
                        "a definition file holds one YAML document, but a second one starts here"});
      return false;
    }
    diags->insert(diags->end(), handler.key_problems().begin(), handler.key_problems().end());
    return true;
  } catch (const LimitCrossed& e) {
    diags->push_back({PosAt(file, WithoutBom(text), e.mark), e.message});
  } catch (const YAML::Exception& e) {
    diags->push_back({PosAt(file, WithoutBom(text), e.mark), "invalid YAML: " + SanitizeMessage(e.msg)});
  } catch (const std::exception& e) {
    diags->push_back({SourcePos{file, 1, 1}, "invalid YAML: " + SanitizeMessage(e.what())});
  }
  return false;
}

}  // namespace kasane
