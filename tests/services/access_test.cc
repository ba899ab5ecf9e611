// The access gate and the audited read path against a real event store:
// what each outcome of a read leaves in the log.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/temp_dir.h"
#include "eventstore/event_store.h"
#include "gtest/gtest.h"
#include "keeper/v1/access.pb.h"
#include "keeper/v1/case_service.pb.h"
#include "keeper/v1/register_service.pb.h"
#include "services/access/access_gate.h"
#include "services/access/audited_read.h"

namespace keeper::services {
namespace {

constexpr char kGetCase[] = "/keeper.v1.CaseService/GetCase";
constexpr char kList[] = "/keeper.v1.RegisterService/ListRegister";

v1::AccessPolicy Policy() {
  v1::AccessPolicy policy;
  policy.set_version("test-1");
  v1::AccessRule* fife = policy.add_rules();
  fife->set_role("social_worker");
  fife->add_methods("/keeper.v1.CaseService/*");
  v1::AccessRule* national = policy.add_rules();
  national->set_role("inspector");
  national->set_all_authorities(true);
  v1::AccessRule* advocate = policy.add_rules();
  advocate->set_role("advocate");
  advocate->set_family_facing(true);
  (*policy.mutable_method_kinds())[kGetCase] = v1::METHOD_KIND_READ;
  (*policy.mutable_method_kinds())["/keeper.v1.CaseService/OpenCase"] =
      v1::METHOD_KIND_COMMAND;
  return policy;
}

Caller Worker(const std::string& role = "social_worker") {
  Caller caller;
  caller.subject = "sam.social";
  caller.agency = "social_work";
  caller.role = role;
  caller.authority = "fife";
  caller.purpose = "case work";
  return caller;
}

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    eventstore::EventStore::Options options;
    options.data_dir = dir_.path();
    options.sync = false;  // nothing here measures durability
    auto store = eventstore::EventStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    gate_ = std::make_unique<AccessGate>(Policy(), *store_);
  }

  // Every event written, with its AccessRecord.
  std::vector<std::pair<v1::EventEnvelope, v1::AccessRecord>> Written() {
    std::vector<std::pair<v1::EventEnvelope, v1::AccessRecord>> out;
    auto events = store_->ReadAll(1, 100);
    EXPECT_TRUE(events.ok()) << events.status();
    if (!events.ok()) return out;
    for (const v1::EventEnvelope& event : *events) {
      v1::AccessRecord record;
      EXPECT_TRUE(event.payload().UnpackTo(&record));
      out.emplace_back(event, record);
    }
    return out;
  }

  TempDir dir_{"keeper-access-test"};
  std::unique_ptr<eventstore::EventStore> store_;
  std::unique_ptr<AccessGate> gate_;
};

TEST(CheckMethodsClassifiedTest, NamesEveryMethodWithoutAKind) {
  v1::AccessPolicy policy = Policy();
  EXPECT_TRUE(CheckMethodsClassified(
                  policy, {kGetCase, "/keeper.v1.CaseService/OpenCase"})
                  .ok());
  (*policy.mutable_method_kinds())["/grpc.health.v1.Health/Check"] =
      v1::METHOD_KIND_UNSPECIFIED;
  const absl::Status missing = CheckMethodsClassified(
      policy, {kGetCase, kList, "/grpc.health.v1.Health/Check"});
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.message().find(kList), absl::string_view::npos);
  EXPECT_NE(missing.message().find("/grpc.health.v1.Health/Check"),
            absl::string_view::npos);
  EXPECT_EQ(missing.message().find(kGetCase), absl::string_view::npos);
}

TEST_F(AccessTest, TheShippedPolicyClassifiesAMethodOfEachKind) {
  auto policy = LoadAccessPolicy(KEEPER_SHIPPED_ACCESS_POLICY);
  ASSERT_TRUE(policy.ok()) << policy.status();
  AccessGate gate(*policy, *store_);
  EXPECT_EQ(gate.KindOf(kGetCase), v1::METHOD_KIND_READ);
  EXPECT_EQ(gate.KindOf("/keeper.v1.CaseService/OpenCase"),
            v1::METHOD_KIND_COMMAND);
  EXPECT_EQ(gate.KindOf("/keeper.v1.ProofService/GetCheckpoint"),
            v1::METHOD_KIND_PROOF);
  EXPECT_EQ(gate.KindOf("/grpc.health.v1.Health/Check"),
            v1::METHOD_KIND_HEALTH);
  EXPECT_EQ(gate.KindOf("/keeper.v1.CaseService/NoSuchMethod"),
            v1::METHOD_KIND_UNSPECIFIED);
}

TEST_F(AccessTest, ScopeToAdmitsOwnAuthorityAndNationalRolesOnly) {
  EXPECT_TRUE(gate_->ScopeTo(Worker(), "fife").ok());
  EXPECT_EQ(gate_->ScopeTo(Worker(), "dundee-city").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(gate_->ScopeTo(Worker("inspector"), "dundee-city").ok());
  EXPECT_TRUE(gate_->IsFamilyFacing(Worker("advocate")));
  EXPECT_FALSE(gate_->IsFamilyFacing(Worker()));
  EXPECT_TRUE(Written().empty()) << "checks record nothing by themselves";
}

TEST_F(AccessTest, RefusalNamesTheSubject) {
  const absl::Status refusal = absl::PermissionDeniedError("no");
  EXPECT_EQ(gate_->RecordRefusal(Worker(), kGetCase,
                                 {{"fife-1"}, "case_id: \"fife-1\""}, refusal),
            refusal);
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].first.event_type(), "AccessRefused");
  EXPECT_EQ(written[0].first.stream_id(), "access-fife-1");
  EXPECT_EQ(written[0].first.actor().subject(), "sam.social");
  EXPECT_EQ(written[0].second.method(), kGetCase);
  EXPECT_EQ(written[0].second.outcome(), v1::ACCESS_REFUSED);
  EXPECT_EQ(written[0].second.status_code(),
            static_cast<int>(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(std::vector<std::string>(written[0].second.case_ids().begin(),
                                     written[0].second.case_ids().end()),
            std::vector<std::string>{"fife-1"});
  EXPECT_EQ(written[0].second.query(), "case_id: \"fife-1\"");
}

TEST(SubjectOfTest, NamesAValidCaseIdAndKeepsTheRequestAsTheQuery) {
  v1::GetCaseRequest get;
  get.set_case_id("fife-2026-0042");
  ReadSubject subject = SubjectOf(get);
  EXPECT_EQ(subject.case_ids, std::vector<std::string>{"fife-2026-0042"});
  EXPECT_EQ(subject.query, get.ShortDebugString());

  // An id the domain would refuse names no child (nor a stream).
  get.set_case_id(std::string("fife\0-1", 7));
  subject = SubjectOf(get);
  EXPECT_TRUE(subject.case_ids.empty());
  EXPECT_EQ(subject.query, get.ShortDebugString());

  // A request that names an authority, not a child.
  v1::ListRegisterRequest list;
  list.set_local_authority("fife");
  subject = SubjectOf(list);
  EXPECT_TRUE(subject.case_ids.empty());
  EXPECT_NE(subject.query.find("fife"), std::string::npos);
}

TEST_F(AccessTest, GrantedReadIsRecordedOnceWithWhatWentBack) {
  ReadCall call(*gate_, kGetCase, Worker(), {{"fife-1"}, "q"});
  call.record().returned = "case at version 3";
  EXPECT_TRUE(call.Finish(absl::OkStatus()).ok());
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].first.event_type(), "AccessGranted");
  EXPECT_EQ(written[0].first.purpose(), "case work");
  EXPECT_EQ(written[0].second.returned(), "case at version 3");
  EXPECT_EQ(written[0].second.query(), "q");
  ASSERT_EQ(written[0].second.case_ids_size(), 1);
  EXPECT_EQ(written[0].second.case_ids(0), "fife-1");
}

TEST_F(AccessTest, FailedReadIsRecordedAsARefusalNamingTheChild) {
  ReadCall call(*gate_, kGetCase, Worker(), {{"fife-1"}, "q"});
  const absl::Status told =
      call.Finish(absl::OutOfRangeError("beyond the head"));
  EXPECT_EQ(told.code(), absl::StatusCode::kOutOfRange);
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].first.event_type(), "AccessRefused");
  EXPECT_EQ(written[0].second.status_code(),
            static_cast<int>(absl::StatusCode::kOutOfRange));
  EXPECT_EQ(written[0].second.reason(), "beyond the head");
  ASSERT_EQ(written[0].second.case_ids_size(), 1);
  EXPECT_EQ(written[0].second.case_ids(0), "fife-1");
}

TEST_F(AccessTest, AnAnswerThatIsAnErrorIsRecordedAsGranted) {
  ReadCall call(*gate_, kGetCase, Worker(), {{"fife-9"}, "q"});
  const absl::Status told =
      call.Finish(AnsweredWith(absl::NotFoundError("no case 'fife-9'")));
  EXPECT_EQ(told, absl::NotFoundError("no case 'fife-9'"))
      << "the marker never reaches the caller";
  auto written = Written();
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].first.event_type(), "AccessGranted");
  EXPECT_EQ(written[0].second.returned(), "no case 'fife-9'");
}

}  // namespace
}  // namespace keeper::services
