// UTF-8 checks for definition sources (YAML must be UTF-8).
#pragma once

#include <cstddef>
#include <string_view>

namespace kasane {

// Length of the valid UTF-8 sequence starting at text[i] (1-4), or 0 when the
// bytes there are not valid UTF-8 (overlong forms and surrogates included).
size_t Utf8SequenceLength(std::string_view text, size_t i);

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FindInvalidUtf8(std::string_view text);

// The text after a UTF-8 byte order mark, if any. yaml-cpp's marks count from
// there.
std::string_view WithoutBom(std::string_view text);

// yaml-cpp counts columns in bytes; people count characters. Given a mark's
// byte offset and byte column in `text`, returns the 0-based column in
// characters (the byte column when the mark does not fit the text).
int CharColumn(std::string_view text, int byte_offset, int byte_column);

}  // namespace kasane
