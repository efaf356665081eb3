#include "diagram/dot_text.h"

#include <gtest/gtest.h>

#include <string>

namespace kasane {
namespace {

TEST(DotTextTest, QuotedEscapesQuotesAndBackslashes) {
  EXPECT_EQ(DotQuoted("plain 日本語"), "plain 日本語");
  EXPECT_EQ(DotQuoted("a\"b"), "a\\\"b");
  EXPECT_EQ(DotQuoted("a\\b"), "a\\\\b");
  EXPECT_EQ(DotQuoted("ends with \\"), "ends with \\\\");
  EXPECT_EQ(DotQuoted("\\\""), "\\\\\\\"");
  EXPECT_EQ(DotQuoted("<>&"), "<>&");  // no meaning inside a quoted string
}

TEST(DotTextTest, QuotedLineBreaksAndControls) {
  EXPECT_EQ(DotQuoted("a\nb"), "a\\nb");
  EXPECT_EQ(DotQuoted("a\r\nb"), "a\\nb");
  EXPECT_EQ(DotQuoted("a\rb"), "a\\nb");
  EXPECT_EQ(DotQuoted("a\tb"), "a b");
  EXPECT_EQ(DotQuoted(std::string("a\0b\x01\x7f", 5)), "ab");
}

TEST(DotTextTest, HtmlEscapesMarkup) {
  EXPECT_EQ(DotHtml("受付"), "受付");
  EXPECT_EQ(DotHtml("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(DotHtml("&amp;"), "&amp;amp;");
  EXPECT_EQ(DotHtml("back\\slash"), "back\\slash");
  EXPECT_EQ(DotHtml("a\nb\r\nc"), "a<BR/>b<BR/>c");
  EXPECT_EQ(DotHtml(std::string("x\0y\x1b", 4)), "xy");
}

}  // namespace
}  // namespace kasane
