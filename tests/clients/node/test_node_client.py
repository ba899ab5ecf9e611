"""The Node.js client (clients/node) against a real keeperd holding the
conference story: starts keeperd as the Python tests do, then runs the
client's own end-to-end tests with node's test runner."""

import os
import subprocess
import unittest

from conference_story import CASE, StoryTestCase

NODE_CLIENT = os.path.join(os.environ["KEEPER_SOURCE_DIR"], "clients/node")


class NodeClientTest(StoryTestCase):
    def test_node_client_end_to_end(self):
        env = dict(os.environ,
                   KEEPER_ADDRESS=self.server.address,
                   KEEPER_TLS_DIR=self.server.cert_dir,
                   KEEPER_PROTO_DIR=os.environ["KEEPER_PROTO_DIR"],
                   KEEPER_CASE=CASE)
        run = subprocess.run(["node", "--test", "test/"], cwd=NODE_CLIENT,
                             env=env, capture_output=True, text=True,
                             timeout=240)
        print(run.stdout, run.stderr)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("# fail 0", run.stdout)


if __name__ == "__main__":
    unittest.main()
