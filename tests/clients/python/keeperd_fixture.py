"""Starts a real keeperd on a loopback port with a fresh data directory."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

KEEPERD = os.environ["KEEPERD_BINARY"]
KEEPER = os.environ["KEEPER_BINARY"]
SOURCE_DIR = os.environ["KEEPER_SOURCE_DIR"]
TEST_POLICIES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "policies")


def policy_dir_with(test_policy):
    """A temporary policy directory: the shipped policies plus
    policies/<test_policy> of these tests. The caller removes it."""
    policies = tempfile.mkdtemp(prefix="keeper-policies-")
    shipped = os.path.join(SOURCE_DIR, "domain", "policies")
    for name in os.listdir(shipped):
        shutil.copy(os.path.join(shipped, name), policies)
    shutil.copy(os.path.join(TEST_POLICIES, test_policy), policies)
    return policies


class Keeperd:
    def __init__(self, prepare=None, data_dir=None, extra_args=()):
        """`prepare(data_dir)`, if given, fills the store before keeperd
        starts (e.g. with `keeper demo`); `extra_args` are keeperd flags
        for every start."""
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="keeperd-py-")
        self.extra_args = tuple(extra_args)
        if prepare is not None:
            prepare(self.data_dir)
        self.cert_dir = os.path.join(self.data_dir, "tls")
        subprocess.run([os.path.join(SOURCE_DIR, "tools/dev_certs.sh"),
                        self.cert_dir], check=True)
        self.start()

    def start(self, *args):
        """Starts keeperd on the data directory, with extra flags `args`."""
        port_file = os.path.join(self.data_dir, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.log = open(os.path.join(self.data_dir, "keeperd.log"), "a")
        self.process = subprocess.Popen(
            [KEEPERD, f"--data_dir={self.data_dir}", "--listen=127.0.0.1:0",
             "--metrics_listen=127.0.0.1:0",
             f"--port_file={port_file}", *self.extra_args, *args],
            stdout=self.log, stderr=subprocess.STDOUT)
        # Generous: an ASan keeperd beside a browser test can take over 10 s.
        deadline = time.time() + 60
        self.port = 0
        while not self.port:
            if time.time() > deadline or self.process.poll() is not None:
                raise RuntimeError("keeperd did not start")
            try:
                with open(port_file) as f:
                    self.port = int(f.read().strip() or 0)
            except (FileNotFoundError, ValueError):
                time.sleep(0.02)
        self.address = f"localhost:{self.port}"

    def keeper(self, *args, check=True):
        """Runs the keeper CLI against this server; returns the process."""
        return subprocess.run(
            [KEEPER, f"--data_dir={self.data_dir}", f"--server={self.address}",
             f"--tls_dir={self.cert_dir}", *args],
            capture_output=True, text=True, check=check, timeout=120)

    def events(self):
        """Every event in the store, read from disk (`keeper export`, a
        read-only secondary), as protobuf JSON dicts."""
        out = subprocess.run([KEEPER, f"--data_dir={self.data_dir}", "export"],
                             capture_output=True, text=True, check=True,
                             timeout=60).stdout
        return [json.loads(line) for line in out.splitlines()]

    def domain_events(self):
        """The stored events that are not access records."""
        return [e for e in self.events()
                if e["event_type"] not in ("AccessGranted", "AccessRefused",
                                           "QuotaExceeded")]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.log.close()
        return self.process.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
