"""Inspectors' access trail, end to end: every call that reads or is refused
leaves exactly one record, and reading the trail is recorded too."""

import collections
import unittest

import grpc

from conference_story import (AUTHORITY, CASE, CHILD, CONFERENCE, Cast,
                              run_initial_conference)
from keeper.v1 import access_pb2, audit_service_pb2
from keeper_client import KeeperClient, violations
from keeperd_fixture import Keeperd


class AuditTest(unittest.TestCase):
    def setUp(self):
        self.server = Keeperd()
        self.addCleanup(self.server.cleanup)

    def client(self, role, purpose="inspection of register access"):
        c = KeeperClient(self.server.address, self.server.cert_dir, role,
                         purpose=purpose)
        self.addCleanup(c.close)
        return c

    def expect_code(self, code, call):
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code)
        return caught.exception

    def test_every_read_and_refusal_is_recorded_once(self):
        inspector = self.client("inspector")
        calls = 0
        # Refused: no permission, no purpose, a bad page size.
        self.expect_code(grpc.StatusCode.PERMISSION_DENIED,
                         lambda: next(iter(
                             self.client("housing-officer").subscribe())))
        calls += 1
        self.expect_code(grpc.StatusCode.PERMISSION_DENIED,
                         lambda: self.client("social-worker")
                         .query_access_trail())
        calls += 1
        self.expect_code(grpc.StatusCode.INVALID_ARGUMENT,
                         lambda: self.client("inspector", purpose="")
                         .query_access_trail())
        calls += 1
        error = self.expect_code(
            grpc.StatusCode.INVALID_ARGUMENT,
            lambda: inspector.query_access_trail(page_size=5000))
        self.assertIn("page_size", [field for field, _ in violations(error)])
        calls += 1
        # Granted reads.
        for _ in range(3):
            inspector.query_access_trail(agency="housing")
            calls += 1

        # The count itself is recorded only after it is answered.
        trail = inspector.query_access_trail(page_size=1000).entries
        self.assertEqual(len(trail), calls)
        outcomes = [e.record.outcome for e in trail]
        self.assertEqual(outcomes.count(access_pb2.ACCESS_REFUSED), 4)
        self.assertEqual(outcomes.count(access_pb2.ACCESS_GRANTED), 3)

    def test_access_events_equal_read_rpcs_served_on_every_read_path(self):
        cast = Cast(self.server.address, self.server.cert_dir)
        self.addCleanup(cast.close)
        results = run_initial_conference(cast)
        start = len(self.server.events())
        served = collections.Counter()
        ok, code = grpc.StatusCode.OK, grpc.StatusCode

        def read(method, call, expected=ok):
            try:
                call()
                status = ok
            except grpc.RpcError as error:
                status = error.code()
            self.assertEqual(status, expected, method)
            served[method] += 1

        case = "/keeper.v1.CaseService/GetCase"
        sw, advocate = cast.social_worker, cast.advocate
        dundee = self.client("social-worker-dundee")
        silent = self.client("police-officer", purpose="")
        read(case, lambda: sw.get_case(CASE))
        read(case, lambda: advocate.get_case(CASE))
        read(case, lambda: dundee.get_case(CASE), code.PERMISSION_DENIED)
        read(case, lambda: sw.get_case("no-such-case"), code.NOT_FOUND)
        read(case, lambda: sw.get_case(""), code.INVALID_ARGUMENT)
        read(case, lambda: self.client("teacher").get_case(CASE),
             code.PERMISSION_DENIED)

        check = "/keeper.v1.RegisterService/CheckRegister"
        read(check, lambda: cast.police.check_register(case_id=CASE))
        read(check, lambda: cast.police.check_register(
            given_name="Jamie", family_name="Smith",
            date_of_birth=CHILD.date_of_birth))
        read(check, lambda: self.client("housing-officer").check_register(
            case_id=CASE), code.PERMISSION_DENIED)
        read(check, lambda: cast.police.check_register(case_id=""),
             code.INVALID_ARGUMENT)
        read(check, lambda: silent.check_register(case_id=CASE),
             code.INVALID_ARGUMENT)

        listing = "/keeper.v1.RegisterService/ListRegister"
        registered_at = results["registered"].events[0].position
        read(listing, lambda: sw.list_register(AUTHORITY))
        read(listing, lambda: sw.list_register(
            AUTHORITY, as_of_position=registered_at - 1))
        read(listing, lambda: dundee.list_register(AUTHORITY),
             code.PERMISSION_DENIED)
        read(listing, lambda: sw.list_register(""), code.INVALID_ARGUMENT)

        record = "/keeper.v1.ReviewService/GetDecisionRecord"
        read(record, lambda: cast.manager.decision_record(CASE, CONFERENCE))
        read(record, lambda: advocate.decision_record(CASE, CONFERENCE))
        read(record, lambda: sw.decision_record(CASE, "no-such"),
             code.NOT_FOUND)
        read(record, lambda: sw.decision_record(CASE, ""),
             code.INVALID_ARGUMENT)
        read(record, lambda: cast.police.decision_record(CASE, CONFERENCE),
             code.PERMISSION_DENIED)

        trail = "/keeper.v1.AuditService/QueryAccessTrail"
        read(trail, lambda: cast.inspector.query_access_trail(case_id=CASE))
        read(trail, lambda: cast.inspector.query_access_trail(
            agency="housing"))
        read(trail, lambda: sw.query_access_trail(), code.PERMISSION_DENIED)
        read(trail, lambda: cast.inspector.query_access_trail(page_size=-1),
             code.INVALID_ARGUMENT)

        changes = "/keeper.v1.AuditService/QueryChangeTrail"
        query = audit_service_pb2.ChangeTrailQuery(case_id=CASE)
        read(changes, lambda: cast.inspector.audit.QueryChangeTrail(
            query, metadata=cast.inspector.metadata(), timeout=10))
        read(changes, lambda: sw.audit.QueryChangeTrail(
            query, metadata=sw.metadata(), timeout=10),
            code.PERMISSION_DENIED)

        # A feed records each run of events it delivers: from the
        # registration, the case's stream holds one run.
        feed = "/keeper.v1.EventsService/Subscribe"

        def follow_once():
            stream = sw.subscribe(from_position=registered_at,
                                  stream_prefixes=["case-" + CASE],
                                  timeout=10)
            self.assertEqual(next(stream).event_type, "ChildRegistered")
            stream.cancel()
        read(feed, follow_once)
        read(feed, lambda: next(iter(
            self.client("housing-officer").subscribe(timeout=10))),
            code.PERMISSION_DENIED)
        read(feed, lambda: next(iter(silent.subscribe(timeout=10))),
             code.INVALID_ARGUMENT)

        new = self.server.events()[start:]
        self.assertEqual({e["event_type"] for e in new},
                         {"AccessGranted", "AccessRefused"},
                         "reads write access records and nothing else")
        recorded = collections.Counter(e["payload"]["method"] for e in new)
        self.assertEqual(recorded, served)
        self.assertEqual(len(new), sum(served.values()))
        self.assertEqual(len(served), 7, "every read RPC was driven")

    def test_pages_follow_tokens(self):
        for _ in range(5):
            self.expect_code(grpc.StatusCode.PERMISSION_DENIED,
                             lambda: self.client("teacher")
                             .query_access_trail())
        inspector = self.client("inspector")
        pages = []
        token = ""
        while True:
            page = inspector.query_access_trail(agency="education",
                                                page_size=2, page_token=token)
            pages.append([e.position for e in page.entries])
            token = page.next_page_token
            if not token:
                break
        self.assertEqual([len(p) for p in pages], [2, 2, 1])
        flat = [p for page in pages for p in page]
        self.assertEqual(flat, sorted(set(flat)))

    def test_trail_filters_and_the_inspectors_own_reads(self):
        self.expect_code(grpc.StatusCode.PERMISSION_DENIED,
                         lambda: next(iter(
                             self.client("housing-officer").subscribe())))
        inspector = self.client("inspector")
        housing = inspector.query_access_trail(agency="housing").entries
        self.assertEqual(len(housing), 1)
        self.assertEqual(housing[0].actor.subject, "hal.housing")
        self.assertEqual(housing[0].record.method,
                         "/keeper.v1.EventsService/Subscribe")
        self.assertEqual(housing[0].record.outcome, access_pb2.ACCESS_REFUSED)

        own = inspector.query_access_trail(actor_subject="ivy.inspector")
        self.assertEqual(len(own.entries), 1)
        self.assertEqual(own.entries[0].purpose,
                         "inspection of register access")
        self.assertEqual(own.entries[0].record.outcome,
                         access_pb2.ACCESS_GRANTED)


if __name__ == "__main__":
    unittest.main()
