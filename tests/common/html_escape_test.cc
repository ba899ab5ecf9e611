#include "common/html_escape.h"

#include "gtest/gtest.h"

namespace keeper {
namespace {

TEST(HtmlEscapeTest, MarkupShowsAsWritten) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("a \"b\" & c"), "a &quot;b&quot; &amp; c");
}

TEST(HtmlEscapeTest, AmpersandsAreEscapedOnce) {
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
}

TEST(HtmlEscapeTest, PlainAndUtf8TextIsUnchanged) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("Perth & Kinross — Zoë"), "Perth &amp; Kinross — Zoë");
  EXPECT_EQ(HtmlEscape("line\nbreak"), "line\nbreak");
}

}  // namespace
}  // namespace keeper
