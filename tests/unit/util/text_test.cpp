#include "util/text.h"

#include <gtest/gtest.h>

namespace kasane {
namespace {

TEST(CutTextTest, ShortTextIsKeptWhole) {
  EXPECT_EQ(CutText("本人同意が記録されていません", 1000), "本人同意が記録されていません");
  EXPECT_EQ(CutText("", 0), "");
}

TEST(CutTextTest, LongTextIsCutAtACharacterBoundaryWithAMarker) {
  const std::string text = "あいうえお";  // 15 bytes, 3 per character
  const std::string cut = CutText(text, 7);  // byte 7 falls inside う
  EXPECT_EQ(cut, "あい…（以下省略: 15 バイト / truncated）");
  EXPECT_EQ(CutText(std::string(20, 'x'), 4), "xxxx…（以下省略: 20 バイト / truncated）");
}

}  // namespace
}  // namespace kasane
