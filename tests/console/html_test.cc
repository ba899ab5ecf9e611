#include "services/console/html.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace keeper::services::console {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(EscapeTest, MarkupIsText) {
  EXPECT_EQ(Escape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(Escape("Smith & \"Sons\""), "Smith &amp; &quot;Sons&quot;");
  EXPECT_EQ(Escape("Jamie Smith"), "Jamie Smith");
  EXPECT_EQ(Escape(""), "");
  // Bytes of UTF-8 pass through unchanged.
  EXPECT_EQ(Escape("Siobhán"), "Siobhán");
}

TEST(EscapeTest, AChildNamedScriptIsShownAsText) {
  const std::string name = "<script>alert(1)</script>";
  const std::string page = Document(
      name, Table({"Child"}, {{Escape(name)}, {Link("/case?id=1", name)}}));
  EXPECT_THAT(page, Not(HasSubstr("<script>")));
  EXPECT_THAT(page,
              HasSubstr("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>"));
  EXPECT_THAT(page, HasSubstr("<title>&lt;script&gt;"));
  EXPECT_THAT(page, HasSubstr(">&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
}

TEST(EscapeTest, AttributeValuesCannotBeLeft) {
  EXPECT_EQ(Link("/x?a=\"><script>", "t"),
            "<a href=\"/x?a=&quot;&gt;&lt;script&gt;\">t</a>");
}

TEST(ExportDocumentTest, StandsAloneAndEscapesItsProvenance) {
  const std::string page =
      ExportDocument("Register of fife", "<table id=\"register\"></table>",
                     "Exported by <b>x</b> for the purpose: court & hearing");
  EXPECT_THAT(page, HasSubstr("<table id=\"register\"></table>"));
  EXPECT_THAT(page, HasSubstr("by &lt;b&gt;x&lt;/b&gt; for the purpose: "
                              "court &amp; hearing"));
  // It loads nothing, wherever it is opened, and has no console links.
  EXPECT_THAT(page, HasSubstr("content=\"default-src 'none'; style-src "
                              "'unsafe-inline'\""));
  EXPECT_THAT(page, Not(HasSubstr("<nav>")));
  EXPECT_THAT(Document("t", ""), HasSubstr("<nav>"));
}

TEST(UrlEncodeTest, QueryValues) {
  EXPECT_EQ(UrlEncode("fife-2026-0042"), "fife-2026-0042");
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
}

}  // namespace
}  // namespace keeper::services::console
