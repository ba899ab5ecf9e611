// The listings' rendering: aligned text, RFC 4180 CSV and JSON.
#include "tools/table.h"

#include "gtest/gtest.h"
#include "keeper/v1/types.pb.h"
#include "nlohmann/json.hpp"
#include "tools/labels.h"
#include "tools/local_time.h"

namespace keeper::tools {
namespace {

Table TwoColumns() {
  return Table({{"case_id", "case"}, {"areas", "areas of concern"}});
}

TEST(TableTest, TextAlignsColumnsUnderTheirHeaders) {
  Table table = TwoColumns();
  table.AddRow({"fife-1", "Neglect"});
  table.AddRow({"glasgow-city-12", "Zoë's school"});
  EXPECT_EQ(table.Text(),
            "case             areas of concern\n"
            "---------------  ----------------\n"
            "fife-1           Neglect\n"
            "glasgow-city-12  Zoë's school\n");
}

TEST(TableTest, TextSaysWhenThereAreNoRows) {
  EXPECT_EQ(TwoColumns().Text("nobody"),
            "case  areas of concern\n"
            "----  ----------------\n"
            "nobody\n");
}

TEST(TableTest, TextKeepsARowOnOneLine) {
  Table table({{"a", "a"}, {"b", "b"}});
  table.AddRow({"x\ny", "z"});
  EXPECT_EQ(table.Text(), "a    b\n---  -\nx y  z\n");
}

TEST(TableTest, MissingCellsAreEmpty) {
  Table table({{"a", "a"}, {"b", "b"}});
  table.AddRow({"only"});
  EXPECT_EQ(table.Csv(), "a,b\r\nonly,\r\n");
}

TEST(TableTest, CsvQuotesCommasQuotesAndNewlines) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a, b"), "\"a, b\"");
  EXPECT_EQ(CsvField("say \"no\""), "\"say \"\"no\"\"\"");
  EXPECT_EQ(CsvField("one\ntwo"), "\"one\ntwo\"");
  EXPECT_EQ(CsvField("one\r\ntwo"), "\"one\r\ntwo\"");
  EXPECT_EQ(CsvField(""), "");
  Table table = TwoColumns();
  table.AddRow({"fife-1", "Neglect, \"Domestic\"\nAbuse"});
  EXPECT_EQ(table.Csv(),
            "case_id,areas\r\n"
            "fife-1,\"Neglect, \"\"Domestic\"\"\nAbuse\"\r\n");
}

TEST(TableTest, JsonIsAnArrayOfObjectsByKey) {
  Table table = TwoColumns();
  EXPECT_EQ(table.Json(), "[]\n");
  table.AddRow({"fife-1", "a \"b\""});
  const auto parsed = nlohmann::json::parse(table.Json());
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0]["case_id"], "fife-1");
  EXPECT_EQ(parsed[0]["areas"], "a \"b\"");
}

TEST(TableTest, FieldsAlignTheirLabels) {
  Fields fields;
  fields.Add("kind", "initial");
  fields.Add("due by", "2026-03-04");
  EXPECT_EQ(fields.Text(2),
            "  kind:   initial\n"
            "  due by: 2026-03-04\n");
}

TEST(LabelsTest, EnumsAndMethodsInWords) {
  EXPECT_EQ(Label(v1::OUTCOME_REGISTER), "register");
  EXPECT_EQ(Label(v1::OUTCOME_NOT_REGISTER), "not register");
  EXPECT_EQ(Label(v1::CONFERENCE_KIND_PRE_BIRTH), "pre-birth");
  EXPECT_EQ(Label(v1::ATTENDANCE_ATTENDED_PART), "attended in part");
  EXPECT_EQ(Label(v1::AGENCY_SOCIAL_WORK), "social work");
  EXPECT_EQ(Label(v1::OUTCOME_UNSPECIFIED), "");
  EXPECT_EQ(MethodLabel("/keeper.v1.RegisterService/CheckRegister"),
            "checked the register");
  EXPECT_EQ(MethodLabel("/keeper.v1.CaseService/OpenCase"), "open case");
  EXPECT_EQ(EventTypeLabel("ReportSubmitted"), "report submitted");
}

TEST(LocalTimeTest, DatesAreDaysInTheZoneAndToIncludesTheDay) {
  absl::TimeZone london;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/London", &london));
  // 1 July is in British Summer Time: midnight is 23:00 UTC the day before.
  auto from = ParseWhen("2026-07-01", london, false);
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(from->seconds(), 1782860400);
  auto to = ParseWhen("2026-07-01", london, true);
  ASSERT_TRUE(to.ok());
  EXPECT_EQ(to->seconds() - from->seconds(), 86400);
  auto exact = ParseWhen("2026-07-01T09:30:00Z", london, true);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(RecordedText(*exact, london), "2026-07-01 10:30:00");
  EXPECT_EQ(ParseWhen("yesterday", london, false).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace keeper::tools
