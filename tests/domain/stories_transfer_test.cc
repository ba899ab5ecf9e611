// Whole stories of a child moving between authorities (seed 004: each
// authority keeps its own register): a transfer with a temporary
// registration while it is arranged, and a temporary stay that ends.
#include "gtest/gtest.h"
#include "domain/rules.h"
#include "tests/domain/domain_fixture.h"

namespace keeper::domain::testing {
namespace {

v1::CaseRef CaseIn(const std::string& case_id, const std::string& authority) {
  v1::CaseRef ref;
  ref.set_case_id(case_id);
  ref.set_local_authority(authority);
  return ref;
}

class TransferStoriesTest : public DomainTest {
 protected:
  v1::OpenCase Opening(const std::string& case_id, const std::string& authority,
                       const std::string& child_id, const v1::CaseRef& from) {
    v1::OpenCase command;
    command.set_case_id(case_id);
    command.set_local_authority(authority);
    *command.mutable_child() = BornChild(child_id);
    *command.mutable_from_case() = from;
    command.set_reason("The family moved");
    return command;
  }

  v1::RegisterTemporarily Temporarily(const std::string& case_id) {
    v1::RegisterTemporarily command;
    command.set_case_id(case_id);
    *command.mutable_ends_on() = MakeDate(2024, 5, 1);
    command.set_reason("Staying with an aunt while the move is arranged");
    *command.mutable_lead_professional() = SocialWorkerPerson();
    return command;
  }

  v1::DeregisterChild TransferredTo(const std::string& to_case) {
    v1::DeregisterChild command;
    command.set_case_id("fife-1");
    command.set_reason(v1::DEREGISTRATION_REASON_TRANSFERRED);
    command.set_transferred_to_case_id(to_case);
    return command;
  }

  RegisterEntryState Entry(const std::string& authority,
                           const std::string& child_id) {
    absl::StatusOr<RegisterEntryState> entry =
        commands_->LoadRegisterEntry(authority, child_id);
    EXPECT_TRUE(entry.ok()) << entry.status();
    return entry.value_or(RegisterEntryState());
  }
};

// A child on Fife's register moves permanently to Dundee: Dundee registers
// them temporarily, holds a transfer conference and registers them; only
// then does Fife take them off its register.
TEST_F(TransferStoriesTest, AChildMovesFromFifeToDundee) {
  RegisteredCase("fife-1", "fife", "child-1");  // Monday 4 March 2024
  SetDay(2024, 4, 8);

  // The receiving case continues the sending one: another authority's case
  // about the same child.
  v1::OpenCase same_authority = Opening("dundee-1", "dundee-city", "child-1",
                                        CaseIn("fife-1", "dundee-city"));
  Refused(same_authority, absl::StatusCode::kFailedPrecondition,
          rules::kTransferOtherAuthority);
  v1::OpenCase wrong_authority = Opening("dundee-1", "dundee-city", "child-1",
                                         CaseIn("fife-1", "glasgow-city"));
  Refused(wrong_authority, absl::StatusCode::kFailedPrecondition,
          rules::kTransferOtherAuthority);
  v1::OpenCase other_child =
      Opening("dundee-1", "dundee-city", "child-2", CaseIn("fife-1", "fife"));
  Refused(other_child, absl::StatusCode::kFailedPrecondition,
          rules::kTransferSameChild);
  v1::OpenCase unknown =
      Opening("dundee-1", "dundee-city", "child-1", CaseIn("fife-9", "fife"));
  Refused(unknown, absl::StatusCode::kNotFound, "exists");
  OpenCase("dundee-1", "dundee-city", BornChild("child-1"),
           CaseIn("fife-1", "fife"));
  EXPECT_EQ(LastEvent("case-dundee-1").case_opened().from_case().case_id(),
            "fife-1");

  // On Dundee's register for now, with Fife's areas of concern.
  v1::RegisterTemporarily temporary = Temporarily("dundee-1");
  ASSERT_EQ(Ok(temporary),
            (Types{"TemporaryRegistrationMade", "RegisterEntryOpened"}));
  const v1::TemporaryRegistrationMade made =
      LastEvent("case-dundee-1").temporary_registration_made();
  EXPECT_EQ(made.home_case().case_id(), "fife-1");
  EXPECT_EQ(made.home_case().local_authority(), "fife");
  EXPECT_EQ(
      Types(made.areas_of_concern().begin(), made.areas_of_concern().end()),
      Types{"Domestic Abuse"});
  EXPECT_EQ(made.starts_on().DebugString(), On(2024, 4, 8));
  EXPECT_TRUE(Entry("dundee-city", "child-1").temporary);

  // Fife waits for Dundee's transfer conference to decide.
  v1::DeregisterChild premature = TransferredTo("dundee-1");
  Refused(premature, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);

  QuorateConference("dundee-1", "transfer", v1::CONFERENCE_KIND_TRANSFER,
                    v1::REGISTRATION_VIEW_REGISTER);
  v1::RegisterChild registration;
  registration.set_case_id("dundee-1");
  registration.set_conference_id("transfer");
  registration.add_areas_of_concern("Domestic Abuse");
  registration.add_areas_of_concern("Parental Drug Misuse");
  *registration.mutable_lead_professional() = SocialWorkerPerson();
  ASSERT_EQ(Ok(registration),
            (Types{"ChildRegistered", "RegisterEntryOpened"}));
  EXPECT_TRUE(LastEvent("case-dundee-1")
                  .child_registered()
                  .ends_temporary_registration());
  EXPECT_FALSE(LastEvent("register-dundee-city:child-1")
                   .register_entry_opened()
                   .temporary());
  // A transfer conference's decision does not deregister.
  v1::DeregisterChild by_transfer;
  by_transfer.set_case_id("dundee-1");
  by_transfer.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
  by_transfer.set_conference_id("transfer");
  Refused(by_transfer, absl::StatusCode::kFailedPrecondition,
          rules::kDeregisterGround);

  // Fife's deregistration must name the case that received the child.
  OpenCase("fife-2", "fife", BornChild("child-1"));
  v1::DeregisterChild same = TransferredTo("fife-2");
  Refused(same, absl::StatusCode::kFailedPrecondition,
          rules::kTransferOtherAuthority);
  OpenCase("glasgow-9", "glasgow-city", BornChild("child-9"));
  v1::DeregisterChild another_child = TransferredTo("glasgow-9");
  Refused(another_child, absl::StatusCode::kFailedPrecondition,
          rules::kTransferSameChild);
  OpenCase("glasgow-1", "glasgow-city", BornChild("child-1"));
  v1::DeregisterChild not_continuing = TransferredTo("glasgow-1");
  Refused(not_continuing, absl::StatusCode::kFailedPrecondition,
          rules::kTransferFromThisCase);
  v1::DeregisterChild nowhere = TransferredTo("nowhere");
  Refused(nowhere, absl::StatusCode::kNotFound, "exists");

  v1::DeregisterChild transferred = TransferredTo("dundee-1");
  ASSERT_EQ(Ok(transferred),
            (Types{"ChildDeregistered", "RegisterEntryClosed"}));
  const v1::ChildDeregistered off =
      LastEvent("case-fife-1").child_deregistered();
  EXPECT_EQ(off.reason(), v1::DEREGISTRATION_REASON_TRANSFERRED);
  EXPECT_EQ(off.transferred_to().case_id(), "dundee-1");
  EXPECT_EQ(off.transferred_to().local_authority(), "dundee-city");
  EXPECT_EQ(off.conference_id(), "");

  // Both cases and both registers as they stand.
  const CaseState fife = Case("fife-1");
  EXPECT_FALSE(fife.registration.registered);
  EXPECT_TRUE(fife.ever_registered);
  EXPECT_FALSE(Entry("fife", "child-1").on_register);
  const CaseState dundee = Case("dundee-1");
  EXPECT_TRUE(dundee.registration.registered);
  EXPECT_FALSE(dundee.registration.temporary);
  EXPECT_EQ(dundee.registration.conference_id, "transfer");
  EXPECT_EQ(dundee.registration.areas_of_concern,
            (Types{"Domestic Abuse", "Parental Drug Misuse"}));
  const RegisterEntryState entry = Entry("dundee-city", "child-1");
  EXPECT_TRUE(entry.on_register);
  EXPECT_FALSE(entry.temporary);
  EXPECT_EQ(entry.case_id, "dundee-1");
  EXPECT_EQ(Stream("register-dundee-city:child-1").size(), 2u);
}

// A child on Fife's register stays in Glasgow for a time and goes home: the
// temporary registration is ended, never deregistered, and Fife's stays.
TEST_F(TransferStoriesTest, ATemporaryStayEndsAndTheChildGoesHome) {
  RegisteredCase("fife-1", "fife", "child-1");
  // No home case, or a home case that is not registered: nothing to lend.
  OpenCase("glasgow-0", "glasgow-city", BornChild("child-1"));
  v1::RegisterTemporarily homeless = Temporarily("glasgow-0");
  Refused(homeless, absl::StatusCode::kFailedPrecondition,
          rules::kTemporaryHomeRegistered);
  OpenCase("fife-5", "fife", BornChild("child-5"));
  OpenCase("glasgow-5", "glasgow-city", BornChild("child-5"),
           CaseIn("fife-5", "fife"));
  v1::RegisterTemporarily unregistered = Temporarily("glasgow-5");
  Refused(unregistered, absl::StatusCode::kFailedPrecondition,
          rules::kTemporaryHomeRegistered);
  v1::RequestConference transfer;
  transfer.set_case_id("glasgow-0");
  transfer.set_request_id("t1");
  transfer.set_kind(v1::CONFERENCE_KIND_TRANSFER);
  transfer.set_reasons("Moved in from Fife");
  Refused(transfer, absl::StatusCode::kFailedPrecondition,
          rules::kConferenceKindFits);

  OpenCase("glasgow-1", "glasgow-city", BornChild("child-1"),
           CaseIn("fife-1", "fife"));
  v1::RegisterTemporarily ends_today = Temporarily("glasgow-1");
  *ends_today.mutable_ends_on() = MakeDate(2024, 3, 4);
  Refused(ends_today, absl::StatusCode::kInvalidArgument, "input");
  v1::RegisterTemporarily temporary = Temporarily("glasgow-1");
  ASSERT_EQ(Ok(temporary),
            (Types{"TemporaryRegistrationMade", "RegisterEntryOpened"}));
  v1::RegisterTemporarily twice = Temporarily("glasgow-1");
  Refused(twice, absl::StatusCode::kFailedPrecondition,
          rules::kRegisterNotAlreadyOn);

  v1::DeregisterChild deregister;
  deregister.set_case_id("glasgow-1");
  deregister.set_reason(v1::DEREGISTRATION_REASON_REDUCED_RISK);
  deregister.set_conference_id("none");
  Refused(deregister, absl::StatusCode::kFailedPrecondition,
          rules::kRegistered);
  v1::EndTemporaryRegistration unexplained;
  unexplained.set_case_id("glasgow-1");
  Refused(unexplained, absl::StatusCode::kInvalidArgument, "input");
  v1::EndTemporaryRegistration end;
  end.set_case_id("glasgow-1");
  end.set_reason("Went home to Fife");
  ASSERT_EQ(Ok(end),
            (Types{"TemporaryRegistrationEnded", "RegisterEntryClosed"}));
  EXPECT_EQ(LastEvent("case-glasgow-1")
                .temporary_registration_ended()
                .ended_on()
                .DebugString(),
            On(2024, 3, 4));
  v1::EndTemporaryRegistration again = end;
  again.clear_idempotency_key();
  Refused(again, absl::StatusCode::kFailedPrecondition, rules::kRegistered);

  EXPECT_FALSE(Case("glasgow-1").registration.registered);
  EXPECT_FALSE(Entry("glasgow-city", "child-1").on_register);
  EXPECT_TRUE(Case("fife-1").registration.registered);
  EXPECT_TRUE(Entry("fife", "child-1").on_register);
}

}  // namespace
}  // namespace keeper::domain::testing
