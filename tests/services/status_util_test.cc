// Every error ToGrpcStatus makes carries one google.rpc.ErrorInfo in domain
// keeper.v1 with a reason, beside the details it already had.
#include "services/grpc/status_util.h"

#include <gtest/gtest.h>

#include <optional>

#include "common/error_info.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "keeper/v1/events_service.pb.h"

namespace keeper::services {
namespace {

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status rpc;
  EXPECT_TRUE(rpc.ParseFromString(status.error_details()));
  return rpc;
}

template <typename Detail>
std::vector<Detail> Unpacked(const google::rpc::Status& rpc) {
  std::vector<Detail> out;
  for (const auto& any : rpc.details()) {
    Detail detail;
    if (any.UnpackTo(&detail)) out.push_back(detail);
  }
  return out;
}

TEST(StatusUtilTest, EveryCodeCarriesOneErrorInfo) {
  for (int code = 1; code <= 16; ++code) {
    const grpc::Status status = ToGrpcStatus(
        absl::Status(static_cast<absl::StatusCode>(code), "message"));
    EXPECT_EQ(static_cast<int>(status.error_code()), code);
    const auto infos = Unpacked<google::rpc::ErrorInfo>(DetailsOf(status));
    ASSERT_EQ(infos.size(), 1u) << code;
    EXPECT_EQ(infos[0].domain(), "keeper.v1");
    EXPECT_EQ(infos[0].reason(),
              ReasonForCode(static_cast<absl::StatusCode>(code)));
    EXPECT_FALSE(infos[0].reason().empty()) << code;
  }
}

TEST(StatusUtilTest, OkCarriesNothing) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

TEST(StatusUtilTest, AGivenReasonWinsAndDetailsStay) {
  v1::FeedResume resume;
  resume.set_resume_from_position(42);
  const grpc::Status status = ToGrpcStatus(AddDetail(
      WithReason(absl::ResourceExhaustedError("stalled"), kReasonFeedStalled,
                 {{"resume_from_position", "42"}}),
      resume));
  const google::rpc::Status rpc = DetailsOf(status);
  const auto infos = Unpacked<google::rpc::ErrorInfo>(rpc);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), "FEED_STALLED");
  EXPECT_EQ(infos[0].metadata().at("resume_from_position"), "42");
  const auto resumes = Unpacked<v1::FeedResume>(rpc);
  ASSERT_EQ(resumes.size(), 1u);
  EXPECT_EQ(resumes[0].resume_from_position(), 42u);
  // A FEED_STALLED is no quota: it carries no RetryInfo.
  EXPECT_TRUE(Unpacked<google::rpc::RetryInfo>(rpc).empty());
}

TEST(StatusUtilTest, ABadRequestKeepsItsFieldAndGainsItsReason) {
  const google::rpc::Status rpc =
      DetailsOf(ToGrpcStatus(InvalidField("backup_dir", "must be absolute")));
  const auto bad = Unpacked<google::rpc::BadRequest>(rpc);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].field_violations(0).field(), "backup_dir");
  const auto infos = Unpacked<google::rpc::ErrorInfo>(rpc);
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].reason(), "INVALID_INPUT");
  EXPECT_EQ(infos[0].metadata().at("field"), "backup_dir");
}

TEST(StatusUtilTest, AddDetailKeepsWhatWasThere) {
  v1::FeedResume resume;
  const absl::Status status =
      AddDetail(InvalidField("page_token", "forged"), resume);
  const google::rpc::Status rpc = DetailsOf(ToGrpcStatus(status));
  EXPECT_EQ(Unpacked<google::rpc::BadRequest>(rpc).size(), 1u);
  EXPECT_EQ(Unpacked<v1::FeedResume>(rpc).size(), 1u);
  EXPECT_TRUE(AddDetail(absl::OkStatus(), resume).ok());
}

}  // namespace
}  // namespace keeper::services
