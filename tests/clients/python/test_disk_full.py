"""keeperd on a small tmpfs that fills up: writes are refused with
RESOURCE_EXHAUSTED naming the cause, the server keeps answering, nothing
aborts,
and once space is freed writes resume without a restart; the chain verifies.

Needs root to mount the tmpfs; fails (never skips) where it cannot."""

import os
import shutil
import subprocess
import tempfile
import time
import unittest

import grpc

from conference_story import Cast, CHILD
from google.rpc import error_details_pb2, status_pb2
from keeperd_fixture import Keeperd, KEEPER


class DiskFullTest(unittest.TestCase):
    def setUp(self):
        self.mount = tempfile.mkdtemp(prefix="keeperd-tmpfs-")
        self.addCleanup(os.rmdir, self.mount)
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", self.mount],
            capture_output=True, text=True)
        self.assertEqual(mounted.returncode, 0,
                         f"cannot mount a tmpfs: {mounted.stderr}")
        self.addCleanup(subprocess.run, ["umount", "-l", self.mount])
        self.server = Keeperd(
            data_dir=os.path.join(self.mount, "data"),
            extra_args=["--min_free_disk_mb=3", "--memtable_budget_mb=4",
                        "--block_cache_mb=4"])
        self.addCleanup(self.server.log.close)
        self.cast = Cast(self.server.address, self.server.cert_dir)
        self.filler = os.path.join(self.mount, "filler")
        self.count = 0

    def open_case(self):
        self.count += 1
        return self.cast.social_worker.command(
            "OpenCase", case_id=f"fife-2026-{self.count:04d}",
            local_authority="fife", child=CHILD, reason="Referral")

    def fill(self, leave_bytes):
        """Writes a file until only `leave_bytes` are free."""
        stat = os.statvfs(self.mount)
        free = stat.f_bavail * stat.f_frsize
        with open(self.filler, "ab") as f:
            remaining = max(free - leave_bytes, 0)
            chunk = b"\0" * (1 << 16)
            try:
                while remaining > 0:
                    remaining -= f.write(chunk[:min(len(chunk), remaining)])
                    f.flush()
            except OSError:
                pass  # really full

    def assert_refused_as_full(self):
        with self.assertRaises(grpc.RpcError) as refused:
            self.open_case()
        error = refused.exception
        self.assertEqual(error.code(), grpc.StatusCode.RESOURCE_EXHAUSTED,
                         error.details())
        self.assertIn("disk is full", error.details())
        status = None
        for key, value in error.trailing_metadata() or ():
            if key == "grpc-status-details-bin":
                status = status_pb2.Status.FromString(value)
        self.assertIsNotNone(status, "no google.rpc.Status details")
        info = error_details_pb2.ErrorInfo()
        self.assertTrue(status.details[0].Unpack(info))
        self.assertEqual(info.reason, "DISK_FULL")
        self.assertIn("cause", info.metadata)

    def test_a_full_disk_refuses_writes_until_space_returns(self):
        first = self.open_case()
        self.assertTrue(first.events)

        # Below the reserve: refused before the disk is really full.
        self.fill(leave_bytes=1 << 20)
        self.assert_refused_as_full()
        # Really full: RocksDB's own write fails, the answer is the same.
        self.fill(leave_bytes=0)
        for _ in range(3):
            self.assert_refused_as_full()
        # The server keeps answering. An audited read needs its access
        # record written first, so it is refused the same way: no record,
        # no read.
        self.assertEqual(self.cast.social_worker.health(), 1)
        with self.assertRaises(grpc.RpcError) as read:
            self.cast.social_worker.get_case("fife-2026-0001")
        self.assertEqual(read.exception.code(),
                         grpc.StatusCode.RESOURCE_EXHAUSTED)
        self.assertIsNone(self.server.process.poll(), "keeperd exited")

        # Space returns: writes resume without a restart.
        os.remove(self.filler)
        deadline = time.time() + 30
        while True:
            try:
                result = self.open_case()
                break
            except grpc.RpcError as error:
                if time.time() > deadline:
                    raise
                self.assertIn(error.code(),
                              (grpc.StatusCode.RESOURCE_EXHAUSTED,
                               grpc.StatusCode.ALREADY_EXISTS), error.details())
                self.count -= 1  # retry the same case
                time.sleep(0.5)
        self.assertTrue(result.events)
        self.assertIsNone(self.server.process.poll(), "keeperd exited")

        case = self.cast.social_worker.get_case("fife-2026-0001")
        self.assertEqual(case.case_id, "fife-2026-0001")
        self.assertEqual(self.server.stop(), 0, "keeperd did not exit cleanly")
        verify = subprocess.run(
            [KEEPER, f"--data_dir={self.server.data_dir}", "verify"],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)


if __name__ == "__main__":
    unittest.main()
