"""The Python client against a real keeperd: TLS, refusals, the feed."""

import unittest

import grpc

from keeper.v1 import access_pb2
from keeper_client import KeeperClient
from keeperd_fixture import Keeperd


class FeedTest(unittest.TestCase):
    def setUp(self):
        self.server = Keeperd()
        # Cleanups run last-in first-out: clients close before the server
        # stops, so it need not wait for their connections.
        self.addCleanup(self.server.cleanup)

    def client(self, role, purpose="safeguarding enquiry"):
        c = KeeperClient(self.server.address, self.server.cert_dir, role,
                         purpose=purpose, on_behalf_of="duty worker")
        self.addCleanup(c.close)
        return c

    def test_health_needs_a_certificate_from_the_ca(self):
        self.assertEqual(self.client("social-worker").health(), 1)
        with self.assertRaises(grpc.RpcError) as caught:
            self.client(None).health()
        self.assertEqual(caught.exception.code(), grpc.StatusCode.UNAVAILABLE)

    def test_refused_call_is_recorded_and_visible_in_the_feed(self):
        with self.assertRaises(grpc.RpcError) as caught:
            next(iter(self.client("housing-officer").subscribe()))
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)

        feed = self.client("social-worker").subscribe(timeout=10)
        first = next(iter(feed))
        feed.cancel()
        self.assertEqual(first.position, 1)
        self.assertEqual(first.event_type, "AccessRefused")
        self.assertEqual(first.actor.role, "housing_officer")
        record = access_pb2.AccessRecord()
        self.assertTrue(first.payload.Unpack(record))
        self.assertEqual(record.method, "/keeper.v1.EventsService/Subscribe")
        self.assertEqual(record.outcome, access_pb2.ACCESS_REFUSED)


if __name__ == "__main__":
    unittest.main()
