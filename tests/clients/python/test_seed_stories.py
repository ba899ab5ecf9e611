"""The seed stories after the initial conference, end to end through a real
keeperd: what the register, the case read and the decision record say once
each has been told."""

import unittest

import grpc
from google.protobuf import timestamp_pb2

from conference_story import CASE, StoryTestCase
from keeper.v1 import register_events_pb2, types_pb2 as t
from keeper_client import KeeperClient
import seed_stories as stories


class SeedStoriesTest(StoryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.results = {"initial": cls.results}
        cls.results["deregistered"] = stories.review_and_deregister(cls.cast)
        cls.results["inquorate"] = stories.inquorate_conference(cls.cast)
        cls.results["reconvened"] = stories.reconvene(cls.cast)
        cls.results["pre_birth"] = stories.pre_birth(cls.cast)
        cls.results["transferred"] = stories.transfer(cls.cast)

    def client(self, role):
        c = KeeperClient(self.server.address, self.server.cert_dir, role,
                         purpose="checking the seed stories")
        self.addCleanup(c.close)
        return c

    def conference(self, view, conference_id):
        for conference in view.conferences:
            if conference.conference_id == conference_id:
                return conference
        raise AssertionError(f"no conference {conference_id}")

    def test_a_review_deregisters(self):
        police, sw = self.cast.police, self.cast.social_worker
        self.assertFalse(police.check_register(case_id=CASE).on_register)
        self.assertNotIn(CASE, [e.case_id for e in
                                sw.list_register("fife").entries])
        closed_at = self.results["deregistered"].events[0].position
        before = sw.list_register("fife", as_of_position=closed_at - 1)
        self.assertIn(CASE, [e.case_id for e in before.entries])

        view = sw.get_case(CASE)
        self.assertFalse(view.registration.registered)
        self.assertTrue(view.ever_registered)
        review = self.conference(view, "review-1")
        self.assertEqual(review.kind, t.CONFERENCE_KIND_REVIEW)
        self.assertEqual(list(review.outcomes), [t.OUTCOME_NOT_REGISTER])
        deregistered = register_events_pb2.ChildDeregistered()
        view.history[-1].payload.Unpack(deregistered)
        self.assertEqual(deregistered.conference_id, "review-1")
        # The register as of a time: on it until the moment it was closed.
        closed_time = view.history[-1].recorded_time
        just_before = timestamp_pb2.Timestamp()
        just_before.FromNanoseconds(closed_time.ToNanoseconds() - 1)
        self.assertIn(CASE, [e.case_id for e in sw.list_register(
            "fife", as_of_time=just_before).entries])
        self.assertNotIn(CASE, [e.case_id for e in sw.list_register(
            "fife", as_of_time=closed_time).entries])
        self.assertEqual(deregistered.reason,
                         t.DEREGISTRATION_REASON_REDUCED_RISK)

        record = self.cast.manager.decision_record(CASE, "review-1")
        self.assertEqual(record.decision.views_do_not_register, 3)
        self.assertFalse(record.decision.chair_decided)

    def test_an_inquorate_conference_records_why_and_is_reconvened(self):
        view = self.cast.social_worker.get_case(stories.INQUORATE_CASE)
        first = self.conference(view, "initial-1")
        self.assertTrue(first.opened)
        self.assertFalse(first.quorate)
        record = self.cast.manager.decision_record(stories.INQUORATE_CASE,
                                                   "initial-1")
        self.assertFalse(record.opening.quorate)
        self.assertIn("could not come", record.opening.inquorate_reason)
        self.assertEqual(list(record.opening.agencies_missing),
                         [t.AGENCY_HEALTH, t.AGENCY_POLICE])
        self.assertTrue(record.opening.HasField("reconvene_by"))

        second = self.conference(view, "initial-2")
        self.assertEqual(second.reconvenes_conference_id, "initial-1")
        self.assertTrue(second.quorate)
        self.assertEqual(list(second.outcomes), [t.OUTCOME_REGISTER])

    def test_a_pre_birth_conference_registers_an_unborn_baby(self):
        view = self.cast.social_worker.get_case(stories.PRE_BIRTH_CASE)
        self.assertTrue(view.child.unborn)
        self.assertTrue(view.registration.registered)
        self.assertEqual(self.conference(view, "pre-birth-1").kind,
                         t.CONFERENCE_KIND_PRE_BIRTH)
        self.assertTrue(view.registration.HasField("next_review_due"))
        check = self.cast.police.check_register(
            family_name="Green", date_of_birth=stories.expected_delivery())
        self.assertTrue(check.on_register)
        self.assertEqual([m.case_id for m in check.matches],
                         [stories.PRE_BIRTH_CASE])

    def test_a_transfer_moves_the_child_to_the_new_register(self):
        check = self.cast.police.check_register(
            given_name="Ali", family_name="Brown",
            date_of_birth=stories.INQUORATE_CHILD.date_of_birth)
        self.assertTrue(check.on_register)
        self.assertEqual([(m.case_id, m.local_authority)
                          for m in check.matches],
                         [(stories.DUNDEE_CASE, "dundee-city")])
        deregistered = register_events_pb2.ChildDeregistered()
        fife = self.cast.social_worker.get_case(stories.INQUORATE_CASE)
        fife.history[-1].payload.Unpack(deregistered)
        self.assertEqual(deregistered.reason,
                         t.DEREGISTRATION_REASON_TRANSFERRED)
        self.assertEqual(deregistered.transferred_to.case_id,
                         stories.DUNDEE_CASE)

        dundee = self.client("social-worker-dundee")
        view = dundee.get_case(stories.DUNDEE_CASE)
        self.assertEqual(view.from_case.case_id, stories.INQUORATE_CASE)
        self.assertTrue(view.registration.registered)
        self.assertEqual(
            [e.case_id for e in dundee.list_register("dundee-city").entries],
            [stories.DUNDEE_CASE])
        # Each authority reads its own cases only.
        with self.assertRaises(grpc.RpcError) as caught:
            self.cast.social_worker.get_case(stories.DUNDEE_CASE)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)


if __name__ == "__main__":
    unittest.main()
