"""What the `keeper` listings print, against golden files: a demo store
(fixed seed) served by a real keeperd, every table and every CSV. Recorded
times come from the wall clock, so they are masked; everything else is
fixed by the seed. KEEPER_UPDATE_GOLDENS=1 rewrites the files."""

import os
import re
import subprocess
import unittest

from keeperd_fixture import KEEPER, Keeperd

GOLDEN_DIR = os.path.join(os.path.dirname(__file__), "golden")
# A recorded time: to the second (payload times are shown to the minute).
RECORDED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
MASK = "YYYY-MM-DD hh:mm:ss"


def demo(data_dir):
    subprocess.run([KEEPER, f"--data_dir={data_dir}", "demo", "--children=6",
                    "--seed=7"], check=True, capture_output=True, timeout=120)


class GoldenTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd(prepare=demo)

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def keeper(self, who, *args):
        # The machine's zone must not matter: times are the authority's.
        out = subprocess.run(
            [KEEPER, f"--data_dir={self.server.data_dir}",
             f"--server={self.server.address}",
             f"--tls_dir={self.server.cert_dir}", f"--as={who}",
             "--purpose=golden", *args],
            capture_output=True, timeout=120,
            env={**os.environ, "TZ": "America/New_York"})
        self.assertEqual(out.returncode, 0, out.stderr)
        # Bytes, so that CSV's CRLF line ends survive.
        return RECORDED.sub(MASK, out.stdout.decode())

    def golden(self, name, text):
        path = os.path.join(GOLDEN_DIR, name)
        if os.environ.get("KEEPER_UPDATE_GOLDENS"):
            with open(path, "w", newline="") as f:
                f.write(text)
        with open(path, newline="") as f:
            self.assertEqual(text, f.read(), name)

    def both(self, name, who, *args):
        self.golden(f"{name}.txt", self.keeper(who, *args))
        self.golden(f"{name}.csv", self.keeper(who, "--csv", *args))

    def test_register_list(self):
        self.both("register_list", "team-manager", "register", "list",
                  "--authority=fife")

    def test_register_check(self):
        self.both("register_check_not_on", "police-officer", "register",
                  "check", "--family_name=Nobody",
                  "--date_of_birth=2001-01-01")

    def test_case_timeline(self):
        self.both("case_timeline", "social-worker", "case", "timeline",
                  f"--case_id={CASE}")

    def test_decision_record(self):
        self.both("decision_record", "team-manager", "decision-record",
                  f"--case_id={CASE}", f"--conference_id={CONFERENCE}")

    def test_change_trail(self):
        self.both("change_trail", "inspector", "change-trail",
                  f"--case_id={CASE}")

    def test_access_trail(self):
        # Demo enquirers only: this test's own reads differ by test order.
        self.both("access_trail", "inspector", "access-trail",
                  f"--actor={ENQUIRER}")

    def test_returns(self):
        # CSV by default; each return where the demo gives it rows.
        for kind, authority, period in [
                ("conferences", "fife", ["--year=2024"]),
                ("registrations", "fife", ["--from=2024-01-01",
                                           "--to=2024-12-31"]),
                ("on-register", "fife", ["--from=2024-08-10",
                                         "--to=2024-08-10"]),
                ("not-registered", "perth-and-kinross", ["--year=2024"]),
                ("plans", "fife", ["--from=2024-01-01", "--to=2024-12-31"])]:
            with self.subTest(kind=kind):
                args = ["returns", kind, f"--authority={authority}", *period]
                name = "returns_" + kind.replace("-", "_")
                self.golden(f"{name}.csv", self.keeper("inspector", *args))
                self.golden(f"{name}.txt",
                            self.keeper("inspector", *args, "--table"))


# A Fife child registered, reviewed and moved to Dundee; an enquirer of
# the demo's register checks.
CASE = "demo-00002"
CONFERENCE = "demo-00002-icpc"
ENQUIRER = "police-14"

if __name__ == "__main__":
    unittest.main()
