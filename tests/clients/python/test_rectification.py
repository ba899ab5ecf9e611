"""Disputed accuracy end to end, through a real keeperd: the mother disputes
the registration's areas of concern, which the health visitor's feed had
delivered; the content is marked disputed in the case read and in her
subject access bundle while the request is open; the outcome is not
corrected, and her supplementary statement then stands beside the content.
The health visitor's feed carries a rectification notice at the request and
at the outcome; a teacher's feed, which never delivered the content, does
not. A second dispute, of a report part, is corrected by the author's new
version, through the keeper CLI."""

import json
import queue
import tempfile
import threading
import unittest
import uuid

import grpc

from conference_story import (CASE, FIVE_PARTS, REPORT, SOCIAL_WORKER,
                              StoryTestCase)
from keeper.v1 import case_service_pb2
from keeper.v1 import privacy_service_pb2 as ps
from keeper.v1 import privacy_service_pb2_grpc as ps_grpc
from keeper.v1 import rectification_commands_pb2 as rc
from keeper.v1 import rectification_events_pb2 as re_
from keeper.v1 import rectification_service_pb2_grpc as rs_grpc
from keeper.v1 import types_pb2 as t
from keeper_client import KeeperClient

NOTICES = ("RectificationRequested", "RectificationDecided")
DISPUTED = re_.ContentMarker.STATUS_DISPUTED
NOT_CORRECTED = re_.ContentMarker.STATUS_NOT_CORRECTED
CORRECTED = re_.ContentMarker.STATUS_CORRECTED
STATEMENT = "We have attended every appointment offered since June."


class Feed:
    """A subscription read on its own thread into a queue."""

    def __init__(self, client, from_position):
        self.call = client.subscribe(from_position=from_position, timeout=120)
        self.events = queue.Queue()
        self.seen = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for event in self.call:
                self.events.put(event)
        except grpc.RpcError:
            pass  # cancelled at the end of the test

    def until(self, test, timeout=15):
        """The first event, after those already taken, that passes
        `test`; every event taken on the way is kept in `seen`."""
        while True:
            event = self.events.get(timeout=timeout)
            self.seen.append(event)
            if test(event):
                return event

    def close(self):
        self.call.cancel()
        self.thread.join(timeout=10)


def notice(event):
    return event.event_type in NOTICES


def unpack(event):
    message = getattr(re_, event.event_type)()
    event.payload.Unpack(message)
    return message


class RectificationTest(StoryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registered = cls.position_of_type("ChildRegistered")
        cls.report_v1 = cls.position_of_type("ReportSubmitted")
        cls.health = cls.client_of("health-visitor", "child protection")
        cls.teacher = cls.client_of("teacher", "child protection")
        cls.dpo = cls.client_of("data-protection", "rectification")
        cls.rectify = rs_grpc.RectificationServiceStub(cls.dpo.channel)
        cls.bundles = ps_grpc.SubjectAccessServiceStub(cls.dpo.channel)
        cls.dpo.command("RecordSubjectAccessRequest", case_id=CASE,
                        request_id="sar-mum", subject_participant_id="mum",
                        requested_by=t.Person(name="Kim Smith"))

        # The health visitor's feed delivers the registration; the
        # teacher's starts after it, and the social worker's takes all.
        cls.health_feed = Feed(cls.health, 1)
        cls.addClassCleanup(cls.health_feed.close)
        cls.health_feed.until(lambda e: e.position == cls.registered)
        cls.sw_feed = Feed(cls.cast.social_worker, 1)
        cls.addClassCleanup(cls.sw_feed.close)
        cls.sw_feed.until(lambda e: e.position == cls.report_v1)
        head = max(int(e["position"]) for e in cls.server.events())
        cls.teacher_feed = Feed(cls.teacher, head + 1)
        cls.addClassCleanup(cls.teacher_feed.close)

        cls.requested = cls.decide(
            "RequestRectification", request_id="rect-areas",
            position=cls.registered, subject_participant_id="mum",
            requested_by=t.Person(name="Kim Smith"),
            inaccuracy="The family is not non-engaging: we attended.")
        cls.open_view = cls.cast.social_worker.get_case(CASE)
        cls.open_bundle = cls.bundle()
        cls.decided = cls.decide(
            "DecideRectification", request_id="rect-areas",
            outcome=re_.RECTIFICATION_OUTCOME_NOT_CORRECTED,
            reason="Three appointments were missed without notice.",
            supplementary_statement=STATEMENT)
        cls.closed_view = cls.cast.social_worker.get_case(CASE)
        cls.closed_bundle = cls.bundle()

    @classmethod
    def client_of(cls, role, purpose):
        c = KeeperClient(cls.server.address, cls.server.cert_dir, role,
                         purpose=purpose)
        cls.addClassCleanup(c.close)
        return c

    @classmethod
    def position_of_type(cls, event_type):
        found = [int(e["position"]) for e in cls.server.events()
                 if e["event_type"] == event_type]
        return found[0]

    @classmethod
    def decide(cls, method, **fields):
        request = getattr(rc, method)(case_id=CASE,
                                      idempotency_key=str(uuid.uuid4()),
                                      **fields)
        return getattr(cls.rectify, method)(
            request, metadata=cls.dpo.metadata(), timeout=10)

    @classmethod
    def bundle(cls):
        return cls.bundles.ProduceDisclosureBundle(
            ps.ProduceDisclosureBundleRequest(
                case_id=CASE, request_id="sar-mum",
                released_to=t.Person(name="Kim Smith")),
            metadata=cls.dpo.metadata(), timeout=30)

    def marker_at(self, markers, position):
        found = [m for m in markers if m.content.position == position]
        self.assertEqual(len(found), 1, markers)
        return found[0]

    def test_marked_disputed_in_the_api_and_the_bundle_while_open(self):
        marker = self.marker_at(self.open_view.markers, self.registered)
        self.assertEqual(marker.status, DISPUTED)
        self.assertEqual(marker.content.event_type, "ChildRegistered")
        self.assertIn("we attended", marker.inaccuracy)
        marker = self.marker_at(self.open_bundle.markers, self.registered)
        self.assertEqual(marker.status, DISPUTED)
        # The disputed event itself is released to her.
        self.assertIn(self.registered,
                      [e.event.position for e in self.open_bundle.events])

    def test_the_statement_stands_beside_the_content_after_the_outcome(self):
        for markers in (self.closed_view.markers, self.closed_bundle.markers):
            marker = self.marker_at(markers, self.registered)
            self.assertEqual(marker.status, NOT_CORRECTED)
            self.assertEqual(marker.supplementary_statement, STATEMENT)
        # And in the bundle as keeper sar writes it for her.
        with tempfile.TemporaryDirectory() as out:
            self.server.keeper(
                "--as", "data-protection", "--purpose", "subject access",
                "sar", f"--case_id={CASE}", "--request_id=sar-mum",
                "--released_to=Kim Smith", f"--out={out}/sar")
            with open(f"{out}/sar.html") as f:
                html = f.read()
            with open(f"{out}/sar.json") as f:
                released = json.load(f)
        self.assertIn("the person&#39;s statement: " + STATEMENT, html)
        self.assertIn(STATEMENT, [m.get("supplementary_statement")
                                  for m in released["markers"]])

    def test_notices_reach_the_feed_that_delivered_the_content_only(self):
        requested = self.health_feed.until(notice)
        self.assertEqual(requested.event_type, "RectificationRequested")
        self.assertEqual(requested.position, self.requested.events[0].position)
        told = [(r.agency, r.authority) for r in unpack(requested).notified]
        self.assertIn(("health", "fife"), told)
        self.assertNotIn(("education", "fife"), told)
        decided = self.health_feed.until(notice)
        self.assertEqual(decided.event_type, "RectificationDecided")
        self.assertEqual(unpack(decided).supplementary_statement, STATEMENT)

        # An amendment the teacher's feed does deliver, after both notices:
        # everything before it on that feed is what it was sent.
        amended = self.cast.social_worker.command(
            "AmendRegistration", case_id=CASE,
            areas_of_concern=["Physical Neglect"],
            lead_professional=SOCIAL_WORKER,
            reason="Reviewed after the family's request")
        self.teacher_feed.until(
            lambda e: e.position == amended.events[0].position)
        self.assertEqual([e.event_type for e in self.teacher_feed.seen
                          if notice(e)], [])

    def test_a_report_part_corrected_by_a_new_version_through_the_cli(self):
        dpo = ["--as", "data-protection", "--purpose", "rectification"]
        self.server.keeper(
            *dpo, "rectify", "request", f"--case_id={CASE}",
            "--request_id=rect-report", f"--report_id={REPORT}",
            "--report_version=1", "--part=2", "--subject=mum",
            "--requested_by=Kim Smith",
            "--inaccuracy=Two appointments were rearranged by the clinic")
        timeline = self.server.keeper(
            "--as", "social-worker", "--purpose", "case work", "case",
            "timeline", f"--case_id={CASE}").stdout
        self.assertIn("part 2 disputed (request rect-report)", timeline)
        self.assertIn("report submitted [disputed]", timeline)
        # The decision record holds version 1: marked there too.
        record = self.cast.manager.decision_record(CASE, "initial-1")
        self.assertEqual([(m.request_id, m.status) for m in record.markers],
                         [("rect-report", DISPUTED)])
        # Refused until the report's author has corrected it.
        refused = self.server.keeper(
            *dpo, "rectify", "correct", f"--case_id={CASE}",
            "--request_id=rect-report", "--corrected_version=2", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("correct the report first", refused.stderr)

        parts = [t.ReportPart(section=p.section, text=p.text,
                              restricted=p.restricted,
                              restriction_reason=p.restriction_reason)
                 for p in FIVE_PARTS]
        parts[2].text = "One missed appointment; two rearranged by the clinic."
        v2 = self.cast.health_visitor.command(
            "CorrectReport", case_id=CASE, report_id=REPORT, parts=parts,
            title="Health visitor's report",
            reason="Two appointments were rearranged by the clinic")
        self.server.keeper(
            *dpo, "rectify", "correct", f"--case_id={CASE}",
            "--request_id=rect-report", "--corrected_version=2",
            "--outcome_reason=The clinic's letters confirm it")
        view = self.cast.social_worker.get_case(CASE)
        marker = self.marker_at(view.markers, self.report_v1)
        self.assertEqual(marker.status, CORRECTED)
        self.assertEqual(marker.corrected_version, 2)
        self.assertEqual(marker.correction_position, v2.events[0].position)
        self.assertEqual(marker.content.part_index, 2)
        # The report reached the social worker's feed, not the health
        # visitor's: the notices are addressed so.
        notices = [e for e in self.server.events()
                   if e["event_type"] in NOTICES
                   and e["payload"]["request_id"] == "rect-report"]
        self.assertEqual(len(notices), 2)
        for e in notices:
            told = [(r["agency"], r["authority"])
                    for r in e["payload"].get("notified", [])]
            self.assertIn(("social_work", "fife"), told)
            self.assertNotIn(("health", "fife"), told)

    def test_only_the_data_protection_officer_decides(self):
        stub = rs_grpc.RectificationServiceStub(self.cast.social_worker.channel)
        with self.assertRaises(grpc.RpcError) as caught:
            stub.DecideRectification(
                rc.DecideRectification(
                    case_id=CASE, request_id="rect-areas",
                    outcome=re_.RECTIFICATION_OUTCOME_CORRECTED),
                metadata=self.cast.social_worker.metadata(), timeout=10)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)


if __name__ == "__main__":
    unittest.main()
