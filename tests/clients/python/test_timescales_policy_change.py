"""Timescales across a change of Fife's policy version, through a real
keeperd: the first part of the history under scotland-2023, then keeperd is
restarted with a second version for Fife (policies/fife-local-2026.json,
test data, in force from 1 June 2026) and the history goes on. Each measure
keeps the version and rule its clock started under; a case opened under
the new version counts working days, skipping St Andrew's Day."""

import datetime
import shutil
import unittest

from conference_story import Cast
from keeper.v1 import timescales_pb2 as ts
from keeper.v1 import timescales_service_pb2 as svc
from keeper.v1 import timescales_service_pb2_grpc as svc_grpc
from keeper.v1 import types_pb2 as t
from keeperd_fixture import Keeperd, policy_dir_with
import test_timescales as story


class PolicyChangeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policies = policy_dir_with("fife-local-2026.json")
        cls.server = Keeperd()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.policies, ignore_errors=True)

    def measures(self, cast, case):
        page = svc_grpc.TimescalesServiceStub(cast.inspector.channel) \
            .GetCaseTimescales(svc.GetCaseTimescalesRequest(case_id=case),
                               metadata=cast.inspector.metadata(), timeout=10)
        return {(m.timescale.kind, m.timescale.ref): m for m in page.measures}

    def test_each_measure_keeps_the_version_its_clock_started_under(self):
        case = "fife-pc-1"
        cast = Cast(self.server.address, self.server.cert_dir)
        try:
            # Concern Tue 1 Sep 2026: 28 days under scotland-2023, due 29 Sep.
            story.tell(cast, case, datetime.date(2026, 9, 1), True, False)
        finally:
            cast.close()
        self.server.stop()
        self.server.start(f"--policy_dir={self.policies}")
        cast = Cast(self.server.address, self.server.cert_dir)
        try:
            for who, participant in [(cast.social_worker, "sw"),
                                     (cast.health_visitor, "hv"),
                                     (cast.police, "police")]:
                who.command("GiveRegistrationView", case_id=case,
                            conference_id="icpc", participant_id=participant,
                            view=t.REGISTRATION_VIEW_REGISTER,
                            reasons="From my involvement")
            cast.chair.command("RecordDecision", case_id=case,
                               conference_id="icpc",
                               outcomes=[t.OUTCOME_REGISTER],
                               reasons="Risk of significant harm")
            got = self.measures(cast, case)
            initial = got[(ts.TIMESCALE_KIND_INITIAL_CONFERENCE, "req-1")]
            self.assertEqual(initial.state, svc.MEASURE_STATE_LATE)
            self.assertEqual(initial.timescale.policy_version, "scotland-2023")
            self.assertEqual(initial.timescale.rule,
                             "initial_conference: 28 days")
            self.assertEqual(story.iso(initial.timescale.due_by), "2026-09-29")
            minutes = got[(ts.TIMESCALE_KIND_MINUTES, "icpc")].timescale
            self.assertEqual(minutes.policy_version, "fife-local-2026")
            self.assertEqual(minutes.rule, "minutes: 5 working days")
            self.assertEqual(minutes.started_by.event_type, "DecisionRecorded")

            # Concern Fri 20 Nov 2026: 15 working days, skipping weekends
            # and St Andrew's Day (Mon 30 Nov), is Mon 14 Dec (11 Dec if the
            # holiday were counted).
            later = "fife-pc-2"
            story.tell(cast, later, datetime.date(2026, 11, 20), False, True)
            item = self.measures(cast, later)[
                (ts.TIMESCALE_KIND_INITIAL_CONFERENCE, "req-1")].timescale
            self.assertEqual(item.policy_version, "fife-local-2026")
            self.assertEqual(item.rule,
                             "initial_conference: 15 working days")
            self.assertEqual(story.iso(item.due_by), "2026-12-14")
            self.assertEqual(len(item.reasons), 1)
        finally:
            cast.close()


if __name__ == "__main__":
    unittest.main()
