#include "services/console/sessions.h"

#include "gtest/gtest.h"

namespace keeper::services::console {
namespace {

TEST(SessionsTest, APurposeIsKeptForItsCertificateOnly) {
  Sessions sessions;
  absl::StatusOr<std::string> id = sessions.Start("cert-a", "inspection");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->size(), 64u);
  EXPECT_EQ(sessions.PurposeOf(*id, "cert-a"), "inspection");
  // A copied cookie is no use with another certificate.
  EXPECT_EQ(sessions.PurposeOf(*id, "cert-b"), "");
  EXPECT_EQ(sessions.PurposeOf(*id, ""), "");
  EXPECT_EQ(sessions.PurposeOf("not-a-session", "cert-a"), "");
}

TEST(SessionsTest, IdsAreNotRepeated) {
  Sessions sessions;
  EXPECT_NE(*sessions.Start("cert-a", "x"), *sessions.Start("cert-a", "x"));
}

TEST(SessionsTest, TheOldestAreForgottenWhenFull) {
  Sessions sessions(2);
  const std::string first = *sessions.Start("a", "one");
  const std::string second = *sessions.Start("b", "two");
  const std::string third = *sessions.Start("c", "three");
  EXPECT_EQ(sessions.PurposeOf(first, "a"), "");
  EXPECT_EQ(sessions.PurposeOf(second, "b"), "two");
  EXPECT_EQ(sessions.PurposeOf(third, "c"), "three");
}

TEST(SessionsTest, NoCertificateHasNoFingerprint) {
  EXPECT_EQ(CertificateFingerprint(nullptr), "");
}

}  // namespace
}  // namespace keeper::services::console
