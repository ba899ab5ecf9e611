"""The feed's delivery guarantees through a real keeperd: a client that
resumes from its last position after a restart, or after being cut off for
reading too slowly, receives every event exactly once and in order; a
stalled client holds up no one else."""

import subprocess
import time
import unittest

import grpc

from conference_story import CHILD
from keeper.v1 import events_service_pb2, events_service_pb2_grpc
from keeper_client import KeeperClient, error_info, rich_status
from keeperd_fixture import KEEPER, Keeperd

STALL = 2  # seconds: keeperd's --feed_stall_timeout in these tests


def demo(data_dir):
    subprocess.run([KEEPER, f"--data_dir={data_dir}", "demo", "--children",
                    "12", "--seed", "3"], check=True, capture_output=True)


def resume_position(error, reason):
    """The FeedResume detail of a feed the server ended, which its ErrorInfo
    names too, with `reason`."""
    status = rich_status(error)
    for detail in status.details if status else ():
        resume = events_service_pb2.FeedResume()
        if detail.Unpack(resume):
            info = error_info(error)
            if (info is None or info.reason != reason or
                    info.metadata["resume_from_position"]
                    != str(resume.resume_from_position)):
                raise AssertionError(f"{info} does not say {reason} from "
                                     f"{resume.resume_from_position}")
            return resume.resume_from_position
    return None


class FeedDeliveryTest(unittest.TestCase):
    def setUp(self):
        self.server = Keeperd(prepare=demo,
                              extra_args=[f"--feed_stall_timeout={STALL}s"])
        self.addCleanup(self.server.cleanup)
        self.opened = 0

    def client(self, role="inspector", options=()):
        c = KeeperClient(self.server.address, self.server.cert_dir, role,
                         purpose="inspection")
        if options:  # a channel of its own, e.g. with a tiny window
            c.channel.close()
            c.channel = grpc.secure_channel(
                self.server.address, self.credentials(role), options=options)
            c.events = events_service_pb2_grpc.EventsServiceStub(c.channel)
        self.addCleanup(c.close)
        return c

    def credentials(self, role):
        def read(name):
            with open(f"{self.server.cert_dir}/{name}", "rb") as f:
                return f.read()
        return grpc.ssl_channel_credentials(read("ca.pem"),
                                            read(f"{role}.key"),
                                            read(f"{role}.pem"))

    def open_cases(self, count):
        sw = self.client("social-worker")
        for _ in range(count):
            self.opened += 1
            sw.command("OpenCase", case_id=f"fife-2026-{9000 + self.opened}",
                       local_authority="fife", child=CHILD, reason="test")

    def case_positions(self):
        """Every stored case event's position: what a case feed owes."""
        return [int(e["position"]) for e in self.server.events()
                if e["stream_id"].startswith("case-")]

    def read_until(self, feed, received, want, seconds=20):
        """Appends positions from `feed` until it has `want` of them."""
        deadline = time.time() + seconds
        for event in feed:
            received.append(event.position)
            if len(received) >= want or time.time() > deadline:
                break
        feed.cancel()

    def test_resumes_after_restart_with_every_event_once_in_order(self):
        received = []
        feed = self.client().subscribe(stream_prefixes=["case-"])
        for event in feed:
            received.append(event.position)
            if len(received) == 25:
                break
        # keeperd restarts under the feed: it ends it, saying where to
        # resume, after what it has already sent.
        self.server.stop()
        with self.assertRaises(grpc.RpcError) as ended:
            for event in feed:
                received.append(event.position)
        self.assertEqual(ended.exception.code(), grpc.StatusCode.UNAVAILABLE)
        resume = resume_position(ended.exception, "SHUTTING_DOWN")
        self.assertIsNotNone(resume, ended.exception.details())
        self.assertGreater(resume, received[-1])
        self.server.start()
        self.open_cases(3)  # and the log grows after the restart
        expected = self.case_positions()
        self.read_until(
            self.client().subscribe(from_position=received[-1] + 1,
                                    stream_prefixes=["case-"]),
            received, len(expected))
        self.assertEqual(received, expected)

    def test_slow_consumer_stalls_no_one_and_loses_nothing(self):
        expected_before = self.case_positions()
        # A consumer that reads nothing, with a small flow-control window:
        # keeperd's writes to it soon wait.
        slow_client = self.client(options=[
            ("grpc.http2.lookahead_bytes", 1024),
            ("grpc.http2.bdp_probe", 0)])
        slow = slow_client.subscribe(stream_prefixes=["case-"],
                                     timeout=STALL + 30)
        # Meanwhile others are served at once: a write commits and another
        # feed delivers it while the slow one holds its writes.
        time.sleep(0.5)
        self.open_cases(1)
        fresh = self.case_positions()[-1]
        fast = self.client().subscribe(from_position=fresh,
                                       stream_prefixes=["case-"], timeout=5)
        self.assertEqual(next(iter(fast)).position, fresh)
        fast.cancel()
        # After the stall timeout keeperd gives up on it, with where to
        # resume; the slow client reads what was sent, then that status.
        time.sleep(STALL + 1.5)
        received = []
        with self.assertRaises(grpc.RpcError) as ended:
            for event in slow:
                received.append(event.position)
        self.assertEqual(ended.exception.code(),
                         grpc.StatusCode.RESOURCE_EXHAUSTED,
                         ended.exception.details())
        self.assertIsNotNone(resume_position(ended.exception, "FEED_STALLED"))
        self.assertLess(len(received), len(expected_before))
        # Resuming from its last position it misses nothing, sees nothing
        # twice.
        self.open_cases(2)
        expected = self.case_positions()
        self.read_until(
            self.client().subscribe(
                from_position=received[-1] + 1 if received else 1,
                stream_prefixes=["case-"]),
            received, len(expected))
        self.assertEqual(received, expected)


if __name__ == "__main__":
    unittest.main()
