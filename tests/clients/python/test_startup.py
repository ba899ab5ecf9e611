"""keeperd refuses to start while its access policy leaves a served method
unclassified, naming the method."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from keeperd_fixture import KEEPERD, SOURCE_DIR

POLICY = os.path.join(SOURCE_DIR, "services/access/access_policy.json")


class StartupTest(unittest.TestCase):
    def setUp(self):
        self.data_dir = tempfile.mkdtemp(prefix="keeperd-start-")
        self.addCleanup(shutil.rmtree, self.data_dir, ignore_errors=True)
        subprocess.run([os.path.join(SOURCE_DIR, "tools/dev_certs.sh"),
                        os.path.join(self.data_dir, "tls")], check=True,
                       capture_output=True)

    def start_with(self, drop):
        with open(POLICY) as f:
            policy = json.load(f)
        del policy["methodKinds"][drop]
        path = os.path.join(self.data_dir, "policy.json")
        with open(path, "w") as f:
            json.dump(policy, f)
        return subprocess.run(
            [KEEPERD, f"--data_dir={self.data_dir}", "--listen=127.0.0.1:0",
             f"--access_policy={path}",
             f"--port_file={os.path.join(self.data_dir, 'port')}"],
            capture_output=True, text=True, timeout=60)

    def test_an_unclassified_method_stops_the_start(self):
        for method in ("/keeper.v1.CaseService/GetCase",
                       "/keeper.v1.ProofService/GetCheckpoint",
                       "/grpc.health.v1.Health/Watch",
                       "/grpc.reflection.v1alpha.ServerReflection/"
                       "ServerReflectionInfo",
                       "/grpc.reflection.v1.ServerReflection/"
                       "ServerReflectionInfo",
                       "/keeper.v1.NotificationService/"
                       "AcknowledgeNotification"):
            run = self.start_with(method)
            self.assertNotEqual(run.returncode, 0, method)
            self.assertIn(method, run.stderr)
            self.assertIn("methodKinds", run.stderr)
            self.assertFalse(
                os.path.exists(os.path.join(self.data_dir, "port")),
                "it never served")


if __name__ == "__main__":
    unittest.main()
