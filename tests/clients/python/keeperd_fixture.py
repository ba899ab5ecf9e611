"""Starts a real keeperd on a loopback port with a fresh data directory."""

import os
import shutil
import signal
import subprocess
import tempfile
import time

KEEPERD = os.environ["KEEPERD_BINARY"]
SOURCE_DIR = os.environ["KEEPER_SOURCE_DIR"]


class Keeperd:
    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="keeperd-py-")
        self.cert_dir = os.path.join(self.data_dir, "tls")
        subprocess.run([os.path.join(SOURCE_DIR, "tools/dev_certs.sh"),
                        self.cert_dir], check=True)
        port_file = os.path.join(self.data_dir, "port")
        self.log = open(os.path.join(self.data_dir, "keeperd.log"), "w")
        self.process = subprocess.Popen(
            [KEEPERD, f"--data_dir={self.data_dir}", "--listen=127.0.0.1:0",
             f"--port_file={port_file}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
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

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.log.close()
        return self.process.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
