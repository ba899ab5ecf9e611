// The shapes the gRPC layer and projections rely on: command fields 1 to 3,
// event types, payload packing, derived ids and rule violations.
#include "domain/command_meta.h"
#include "domain/event_codec.h"
#include "domain/event_ids.h"
#include "domain/policy/rule_violation.h"
#include "eventstore/uuid.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"

namespace keeper::domain {
namespace {

using google::protobuf::FieldDescriptor;

TEST(CodecTest, EveryCommandStartsWithCaseKeyAndExpectedVersion) {
  const auto* oneof = v1::Command::descriptor()->FindOneofByName("command");
  ASSERT_EQ(oneof->field_count(), v1::Command::descriptor()->field_count());
  EXPECT_EQ(oneof->field_count(), 38);
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* message = oneof->field(i)->message_type();
    SCOPED_TRACE(message->name());
    const FieldDescriptor* case_id = message->FindFieldByNumber(1);
    const FieldDescriptor* key = message->FindFieldByNumber(2);
    const FieldDescriptor* expected = message->FindFieldByNumber(3);
    ASSERT_NE(case_id, nullptr);
    ASSERT_NE(key, nullptr);
    ASSERT_NE(expected, nullptr);
    EXPECT_EQ(case_id->name(), "case_id");
    EXPECT_EQ(case_id->type(), FieldDescriptor::TYPE_STRING);
    EXPECT_EQ(key->name(), "idempotency_key");
    EXPECT_EQ(key->type(), FieldDescriptor::TYPE_STRING);
    EXPECT_EQ(expected->name(), "expected_version");
    EXPECT_EQ(expected->type(), FieldDescriptor::TYPE_UINT64);
    EXPECT_TRUE(expected->has_presence());
  }
}

TEST(CodecTest, CommandMetaReadsAndWrapCommandWraps) {
  v1::RecordDecision decision;
  decision.set_case_id("c1");
  decision.set_idempotency_key("k");
  decision.set_expected_version(7);
  absl::StatusOr<v1::Command> command = WrapCommand(decision);
  ASSERT_TRUE(command.ok()) << command.status();
  EXPECT_TRUE(command->has_record_decision());
  absl::StatusOr<CommandMeta> meta = GetCommandMeta(*command);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->name, "RecordDecision");
  EXPECT_EQ(meta->case_id, "c1");
  EXPECT_EQ(meta->idempotency_key, "k");
  EXPECT_EQ(meta->expected_version, 7u);

  decision.clear_expected_version();
  EXPECT_FALSE(GetCommandMeta(*WrapCommand(decision))->expected_version);
  EXPECT_EQ(WrapCommand(v1::Date()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetCommandMeta(v1::Command()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CodecTest, EventTypeIsThePayloadsShortName) {
  v1::DomainEvent event;
  event.mutable_case_opened()->set_case_id("c1");
  EXPECT_EQ(EventType(event), "CaseOpened");
  EXPECT_TRUE(IsDomainEventType("CaseOpened"));
  EXPECT_TRUE(IsDomainEventType("RegisterEntryClosed"));
  EXPECT_FALSE(IsDomainEventType("DomainEvent"));
  EXPECT_FALSE(IsDomainEventType("OpenCase"));
  EXPECT_EQ(EventType(v1::DomainEvent()), "");
}

TEST(CodecTest, PacksTheInnerMessageAndUnpacksIt) {
  v1::DomainEvent event;
  event.mutable_dissent_recorded()->set_statement("We do not agree");
  v1::EventEnvelope envelope;
  ASSERT_TRUE(PackEvent(event, &envelope).ok());
  EXPECT_EQ(envelope.event_type(), "DissentRecorded");
  EXPECT_EQ(envelope.payload().type_url(),
            "type.googleapis.com/keeper.v1.DissentRecorded");
  absl::StatusOr<v1::DomainEvent> back = UnpackEvent(envelope);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->dissent_recorded().statement(), "We do not agree");

  envelope.set_event_type("CaseOpened");
  EXPECT_EQ(UnpackEvent(envelope).status().code(), absl::StatusCode::kDataLoss);
  envelope.mutable_payload()->PackFrom(v1::Date());
  EXPECT_EQ(UnpackEvent(envelope).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PackEvent(v1::DomainEvent(), &envelope).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CodecTest, DerivedEventIdsAreDeterministicUuids) {
  const std::string key = "6F9619FF-8B86-4011-B42D-00C04FC964FF";
  EXPECT_EQ(DerivedEventId(key, 0), "6f9619ff-8b86-4011-b42d-00c04fc964ff");
  const std::string first = DerivedEventId(key, 1);
  const std::string second = DerivedEventId(key, 2);
  EXPECT_TRUE(eventstore::IsUuid(first));
  EXPECT_TRUE(eventstore::IsUuid(second));
  EXPECT_NE(first, second);
  EXPECT_NE(first, DerivedEventId(key, 0));
  EXPECT_EQ(first, DerivedEventId(key, 1));
  EXPECT_EQ(first, DerivedEventId("6f9619ff-8b86-4011-b42d-00c04fc964ff", 1));
  EXPECT_EQ(first[14], '8');  // version 8: derived, not random
  EXPECT_NE(first, DerivedEventId("6f9619ff-8b86-4011-b42d-00c04fc964fe", 1));
}

TEST(CodecTest, CommandDigestTellsCommandsApart) {
  v1::Command a;
  a.mutable_record_dissent()->set_statement("no");
  v1::Command b = a;
  EXPECT_EQ(CommandDigest(a), CommandDigest(b));
  b.mutable_record_dissent()->set_statement("No.");
  EXPECT_NE(CommandDigest(a), CommandDigest(b));
  EXPECT_EQ(CommandDigest(a).rfind("sha256:", 0), 0u);
  EXPECT_EQ(CommandDigest(a).size(), 7u + 64u);
}

TEST(CodecTest, RuleViolationsTravelWithTheStatus) {
  absl::Status status = Broken("views.professionals_only", "participant_id",
                               "a parent cannot give a view");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("a parent cannot give a view"),
            std::string::npos);
  EXPECT_NE(status.message().find("views.professionals_only"),
            std::string::npos);
  std::optional<v1::RuleViolation> violation = RuleViolationFromStatus(status);
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->rule(), "views.professionals_only");
  EXPECT_EQ(violation->field(), "participant_id");
  EXPECT_EQ(violation->description(), "a parent cannot give a view");

  EXPECT_EQ(Invalid("reason", "is required").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RuleViolationFromStatus(Invalid("reason", "x"))->rule(), "input");
  EXPECT_EQ(Missing("report_id", "x").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Duplicate("record.once", "report_id", "x").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_FALSE(RuleViolationFromStatus(absl::AbortedError("x")).has_value());
}

}  // namespace
}  // namespace keeper::domain
