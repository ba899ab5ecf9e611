"""The seed story end to end through a real keeperd: commands, the
register, the decision record, notices to the child's authority, the
access policy and the audit-first count."""

import unittest

import grpc

from conference_story import (AUTHORITY, CASE, CHILD, CONFERENCE, REPORT,
                              StoryTestCase)
from keeper.v1 import access_pb2, report_events_pb2, types_pb2 as t
from keeper_client import KeeperClient, violations


class StoryTest(StoryTestCase):
    def test_commands_recorded_the_story(self):
        decision = self.results["decision"]
        self.assertEqual([e.event_type for e in decision.events],
                         ["DecisionRecorded"])
        self.assertEqual(
            [e.event_type for e in self.results["registered"].events],
            ["ChildRegistered", "RegisterEntryOpened"])
        self.assertGreater(self.results["registered"].case_version,
                           decision.case_version)

    def test_register_check_by_name_and_by_other_name(self):
        police = self.cast.police
        check = police.check_register(given_name="jamie", family_name="SMITH",
                                      date_of_birth=CHILD.date_of_birth)
        self.assertTrue(check.on_register)
        match = check.matches[0]
        self.assertEqual(match.local_authority, AUTHORITY)
        self.assertEqual(list(match.areas_of_concern),
                         ["Physical Neglect", "Non-Engaging Family"])
        self.assertEqual(match.lead_professional_name, "Sam Social")
        self.assertEqual(match.lead_professional_contact, "01592 000001")
        by_other = police.check_register(given_name="Jay", family_name="Smith",
                                         date_of_birth=CHILD.date_of_birth)
        self.assertTrue(by_other.on_register)
        other_child = police.check_register(
            given_name="Jamie", family_name="Smith",
            date_of_birth=t.Date(year=2017, month=1, day=1))
        self.assertFalse(other_child.on_register)
        self.assertTrue(police.check_register(case_id=CASE).on_register)

    def test_register_now_and_before_registration(self):
        sw = self.cast.social_worker
        now = sw.list_register(AUTHORITY)
        self.assertEqual([e.case_id for e in now.entries], [CASE])
        registered_at = self.results["registered"].events[0].position
        before = sw.list_register(AUTHORITY, as_of_position=registered_at - 1)
        self.assertEqual(len(before.entries), 0)
        at = sw.list_register(AUTHORITY, as_of_position=registered_at)
        self.assertEqual([e.case_id for e in at.entries], [CASE])

    def test_decision_record_shows_what_was_known(self):
        record = self.cast.manager.decision_record(CASE, CONFERENCE)
        self.assertTrue(record.decision.chair_decided)
        self.assertEqual(record.decision.views_register, 2)
        self.assertEqual(record.decision.views_do_not_register, 1)
        self.assertEqual(len(record.views), 3)
        self.assertEqual(len(record.attendance), 4)
        self.assertTrue(record.opening.quorate)
        self.assertEqual(len(record.reports), 1)
        report = record.reports[0]
        self.assertEqual([s.participant_id for s in report.shared], ["mum"])
        self.assertEqual([a.participant_id for a in report.acknowledged],
                         ["mum"])
        self.assertEqual(len(record.disagreements), 1)
        self.assertEqual(record.disagreements[0].section,
                         t.REPORT_SECTION_FACTUAL_INFORMATION)
        self.assertEqual([d.participant_id for d in record.dissent], ["mum"])
        self.assertIn("ex-partner", report.version.parts[4].text)

    def test_family_facing_roles_never_see_restricted_parts(self):
        record = self.cast.advocate.decision_record(CASE, CONFERENCE)
        part = record.reports[0].version.parts[4]
        self.assertTrue(part.restricted)
        self.assertEqual(part.text, "")
        self.assertEqual(record.reports[0].version.parts[2].text,
                         "Three missed appointments; home conditions poor.")

    def test_case_read_gives_state_and_history(self):
        view = self.cast.social_worker.get_case(CASE)
        self.assertEqual(view.local_authority, AUTHORITY)
        self.assertEqual(view.child.child_id, CHILD.child_id)
        self.assertEqual(len(view.history), view.version)
        self.assertEqual([e.stream_version for e in view.history],
                         list(range(1, view.version + 1)))
        self.assertEqual(view.history[0].event_type, "CaseOpened")
        self.assertTrue(view.registration.registered)
        self.assertEqual(list(view.registration.areas_of_concern),
                         ["Physical Neglect", "Non-Engaging Family"])
        [conference] = view.conferences
        self.assertTrue(conference.decided)
        self.assertEqual(conference.minutes_version, 1)
        self.assertEqual(view.history[-1].event_type, "MinutesIssued")
        self.assertEqual(list(conference.outcomes), [t.OUTCOME_REGISTER])
        self.assertFalse(view.restricted_parts_withheld)
        self.assertIn("ex-partner", self.report_parts(view)[4].text)

    def test_case_read_withholds_restricted_parts_from_the_family(self):
        # A part restricted after submission is withheld too.
        self.cast.social_worker.command(
            "RestrictReportPart", case_id=CASE, report_id=REPORT, version=1,
            part_index=3, reason="names a relative's new address")
        view = self.cast.advocate.get_case(CASE)
        self.assertTrue(view.restricted_parts_withheld)
        parts = self.report_parts(view)
        for index in (3, 4):
            self.assertTrue(parts[index].restricted)
            self.assertEqual(parts[index].text, "")
            self.assertEqual(parts[index].restriction_reason, "")
        self.assertEqual(parts[2].text,
                         "Three missed appointments; home conditions poor.")
        for event in view.history:
            if event.event_type == "ReportPartRestricted":
                restricted = report_events_pb2.ReportPartRestricted()
                event.payload.Unpack(restricted)
                self.assertEqual(restricted.reason, "")
        # The professionals still see it all.
        full = self.report_parts(self.cast.social_worker.get_case(CASE))
        self.assertEqual(full[3].text, "Needs are not being met consistently.")

    def test_case_read_is_recorded_and_scoped_to_the_authority(self):
        sw = self.client("social-worker", purpose="case review")
        sw.get_case(CASE)
        with self.assertRaises(grpc.RpcError) as caught:
            self.client("social-worker-dundee").get_case(CASE)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        with self.assertRaises(grpc.RpcError) as caught:
            sw.get_case("no-such-case")
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as caught:
            sw.get_case("")
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("case_id", [f for f, _ in violations(caught.exception)])
        trail = self.cast.inspector.query_access_trail(
            case_id=CASE, page_size=1000).entries
        reads = [(e.actor.subject, e.record.outcome, e.purpose) for e in trail
                 if e.record.method == "/keeper.v1.CaseService/GetCase"]
        self.assertIn(("sam.social", access_pb2.ACCESS_GRANTED, "case review"),
                      reads)
        self.assertIn(("dee.social", access_pb2.ACCESS_REFUSED,
                       "child protection enquiry"), reads)

    @staticmethod
    def report_parts(view):
        """The parts of the story's report as the case's history holds it."""
        for event in view.history:
            if event.event_type == "ReportSubmitted":
                submitted = report_events_pb2.ReportSubmitted()
                event.payload.Unpack(submitted)
                if submitted.report_id == REPORT:
                    return submitted.parts
        raise AssertionError("no report in the history")

    def test_only_professionals_give_views(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.cast.social_worker.command(
                "GiveRegistrationView", case_id=CASE,
                conference_id=CONFERENCE, participant_id="mum",
                view=t.REGISTRATION_VIEW_DO_NOT_REGISTER, reasons="No")
        self.assertIn(caught.exception.code(),
                      (grpc.StatusCode.FAILED_PRECONDITION,))
        rules = [subject for subject, _ in violations(caught.exception)]
        self.assertTrue(rules, "the refusal names the broken rule")
        # A family-facing role may not call it at all.
        with self.assertRaises(grpc.RpcError) as denied:
            self.cast.advocate.command(
                "GiveRegistrationView", case_id=CASE,
                conference_id=CONFERENCE, participant_id="mum",
                view=t.REGISTRATION_VIEW_DO_NOT_REGISTER, reasons="No")
        self.assertEqual(denied.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)

    def test_register_enquiries_only_by_permitted_agencies(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.client("housing-officer").check_register(case_id=CASE)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        with self.assertRaises(grpc.RpcError) as caught:
            self.client("inspector").check_register(case_id=CASE)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)

    def test_enquiry_reaches_the_childs_authority(self):
        # The child is on Fife's register: Fife's social worker, whose role
        # sees access records, is told of the teacher's enquiry. (Roles that
        # list no access records are not: test_read_records.)
        teacher = self.client("teacher")
        teacher.check_register(case_id=CASE)
        feed = self.client("social-worker").subscribe(
            event_types=["AccessGranted"], timeout=10)
        notices = []
        for event in feed:
            record = access_pb2.AccessRecord()
            event.payload.Unpack(record)
            notices.append((event.actor.subject, list(record.case_ids),
                            list(record.notify_authorities)))
            if event.actor.subject == "tom.teacher":
                break
        feed.cancel()
        self.assertIn(("tom.teacher", [CASE], [AUTHORITY]), notices)
        # Another authority's worker is not told.
        dundee = self.client("social-worker-dundee").subscribe(
            event_types=["AccessGranted"], timeout=3)
        seen = []
        try:
            for event in dundee:
                seen.append(event.actor.subject)
        except grpc.RpcError:
            pass  # the deadline ends the feed
        self.assertNotIn("tom.teacher", seen)

    def test_malformed_commands_are_precise_and_write_nothing(self):
        sw = self.client("social-worker", purpose="case work")
        before = self.server.domain_events()
        with self.assertRaises(grpc.RpcError) as caught:
            sw.command("OpenCase", case_id="", local_authority=AUTHORITY,
                       child=CHILD)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("case_id",
                      [field for field, _ in violations(caught.exception)])
        with self.assertRaises(grpc.RpcError) as caught:
            sw.command("OpenCase", case_id="x", local_authority=AUTHORITY,
                       child=CHILD, reason="y" * (5 << 20))
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.RESOURCE_EXHAUSTED)
        with self.assertRaises(grpc.RpcError) as caught:
            sw.command("RequestConference", case_id=CASE, request_id="r9",
                       kind=42, reasons="unknown kind")
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("kind", [f for f, _ in violations(caught.exception)])
        self.assertEqual(self.server.domain_events(), before)


if __name__ == "__main__":
    unittest.main()
