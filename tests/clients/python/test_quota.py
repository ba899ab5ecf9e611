"""The per-certificate quota of the access policy through a real keeperd:
calls beyond it are RESOURCE_EXHAUSTED with ErrorInfo QUOTA_EXCEEDED and a
RetryInfo, other certificates are unaffected, and the refusals over quota
are counted in one QuotaExceeded event per interval instead of each being
recorded."""

import json
import os
import tempfile
import time
import unittest

import grpc

from keeper_client import KeeperClient, error_info, retry_info
from keeperd_fixture import Keeperd, SOURCE_DIR

CALLS = 5
INTERVAL = 2  # seconds
OVER = 12


class QuotaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(SOURCE_DIR,
                               "services/access/access_policy.json")) as f:
            policy = json.load(f)
        policy["callerQuota"] = {"calls": CALLS, "intervalSeconds": INTERVAL}
        cls.policy_dir = tempfile.TemporaryDirectory()
        path = os.path.join(cls.policy_dir.name, "policy.json")
        with open(path, "w") as f:
            json.dump(policy, f)
        cls.server = Keeperd(extra_args=[f"--access_policy={path}"])

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        cls.policy_dir.cleanup()

    def client(self, role):
        c = KeeperClient(self.server.address, self.server.cert_dir, role,
                         purpose="quota test")
        self.addCleanup(c.close)
        return c

    def wait_for_new_window(self):
        # Start at the beginning of a window so that all calls fall in it.
        time.sleep(INTERVAL - time.time() % INTERVAL + 0.05)

    def test_over_quota_is_refused_and_summarised(self):
        hv = self.client("health-visitor")
        self.wait_for_new_window()
        answered, refused = 0, []
        for _ in range(CALLS + OVER):
            try:
                hv.check_register(case_id="no-such-case")
                answered += 1
            except grpc.RpcError as error:
                refused.append(error)
        self.assertEqual(answered, CALLS)
        self.assertEqual(len(refused), OVER)
        for error in refused:
            self.assertEqual(error.code(), grpc.StatusCode.RESOURCE_EXHAUSTED)
            info = error_info(error)
            self.assertEqual((info.domain, info.reason),
                             ("keeper.v1", "QUOTA_EXCEEDED"))
            self.assertEqual(info.metadata["limit"], str(CALLS))
            delay = retry_info(error).retry_delay
            self.assertLessEqual(delay.seconds + delay.nanos / 1e9, INTERVAL)
        # Another certificate has its own quota.
        self.client("social-worker").health()
        self.client("police-officer").check_register(case_id="no-such-case")

        # The refusals over quota were not recorded one by one; after the
        # interval, the next call records their summary.
        time.sleep(INTERVAL + 0.1)
        hv.check_register(case_id="no-such-case")
        events = self.server.events()
        refusals = [e for e in events if e["event_type"] == "AccessRefused"
                    and e["actor"]["subject"] == "hana.health"]
        self.assertEqual(refusals, [])
        summaries = [e for e in events if e["event_type"] == "QuotaExceeded"]
        self.assertEqual(len(summaries), 1, summaries)
        summary = summaries[0]["payload"]
        self.assertEqual(summary["subject"], "hana.health")
        self.assertEqual(summary["refused"], OVER)
        self.assertEqual(summary["methods"],
                         ["/keeper.v1.RegisterService/CheckRegister"])


if __name__ == "__main__":
    unittest.main()
