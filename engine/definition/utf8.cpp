#include "definition/utf8.h"

#include <string>

namespace kasane {

size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned int min_second = 0x80, max_second = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    len = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0) min_second = 0xa0;  // overlong
    if (c == 0xed) max_second = 0x9f;  // surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0) min_second = 0x90;  // overlong
    if (c == 0xf4) max_second = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (size_t k = 2; k < len; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return len;
}

size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t len = Utf8SequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string_view WithoutBom(std::string_view text) {
  return text.substr(0, 3) == "\xef\xbb\xbf" ? text.substr(3) : text;
}

int CharColumn(std::string_view text, int byte_offset, int byte_column) {
  if (byte_offset < byte_column || byte_column < 0 || static_cast<size_t>(byte_offset) > text.size())
    return byte_column;
  int column = 0;
  for (auto i = static_cast<size_t>(byte_offset - byte_column); i < static_cast<size_t>(byte_offset); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) ++column;
  return column;
}

}  // namespace kasane
