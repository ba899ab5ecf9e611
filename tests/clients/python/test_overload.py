"""Load shedding through a real keeperd: with one handler thread and room
for one waiting call, a burst of concurrent calls is partly refused at once
with UNAVAILABLE, ErrorInfo SERVER_OVERLOADED and a RetryInfo; a refused
call records nothing, and the server keeps serving."""

import unittest

import grpc

from keeper_client import KeeperClient, error_info, retry_info
from keeper.v1 import register_service_pb2
from keeperd_fixture import Keeperd

BURST = 64


class OverloadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd(
            extra_args=["--handler_threads=1", "--max_waiting_calls=1"])

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_a_burst_beyond_the_waiting_bound_is_shed(self):
        hv = KeeperClient(self.server.address, self.server.cert_dir,
                          "health-visitor", purpose="overload test")
        self.addCleanup(hv.close)
        hv.health()  # connected before the burst
        request = register_service_pb2.RegisterCheckRequest(
            case_id="no-such-case")
        calls = [hv.register.CheckRegister.future(
            request, metadata=hv.metadata(), timeout=30)
            for _ in range(BURST)]
        answered, shed = 0, 0
        for call in calls:
            try:
                call.result()
                answered += 1
            except grpc.RpcError as error:
                self.assertEqual(error.code(), grpc.StatusCode.UNAVAILABLE,
                                 error.details())
                info = error_info(error)
                self.assertEqual((info.domain, info.reason),
                                 ("keeper.v1", "SERVER_OVERLOADED"))
                delay = retry_info(error).retry_delay
                self.assertGreater(delay.seconds * 1e9 + delay.nanos, 0)
                shed += 1
        self.assertGreater(shed, 0)
        self.assertGreater(answered, 0)
        # Still serving; and only the calls that ran were recorded.
        hv.check_register(case_id="no-such-case")
        records = [e for e in self.server.events()
                   if e["actor"]["subject"] == "hana.health"]
        self.assertEqual(len(records), answered + 1,
                         [e["event_type"] for e in records])


if __name__ == "__main__":
    unittest.main()
