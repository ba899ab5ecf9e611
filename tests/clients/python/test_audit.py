"""Inspectors' access trail, end to end: every call that reads or is refused
leaves exactly one record, and reading the trail is recorded too."""

import unittest

import grpc

from keeper.v1 import access_pb2
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
