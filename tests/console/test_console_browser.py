"""The console in a real browser: keeperd with --console_listen, the
initial conference story told through gRPC, then Debian's Chromium driven
by playwright-core (browser/console_test.mjs) through every page as
several roles. Each page view must then be in the access trail, read back
through the gRPC API."""

import json
import os
import re
import subprocess
import time
import unittest

from conference_story import (AUTHORITY, CASE, CONFERENCE, FIVE_PARTS, Cast,
                              run_initial_conference)
from keeper.v1 import access_pb2
from keeper.v1 import types_pb2 as t
from keeperd_fixture import Keeperd

NODE_DIR = os.environ["CONSOLE_NODE_DIR"]
SCREENSHOT_DIR = os.environ["CONSOLE_SCREENSHOT_DIR"]
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
MARKUP_CASE = "fife-2026-0666"
PURPOSE = "inspection preparation"


def console_url(server):
    """The console's URL, as keeperd prints it once serving."""
    deadline = time.time() + 10
    while time.time() < deadline:
        with open(os.path.join(server.data_dir, "keeperd.log")) as log:
            found = re.search(r"console: (https://[0-9.]+:[0-9]+)/", log.read())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise RuntimeError("keeperd printed no console URL")


class ConsoleBrowserTest(unittest.TestCase):
    def test_every_page_in_chromium(self):
        # No browser is no pass.
        self.assertTrue(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} missing")
        server = Keeperd(extra_args=["--console_listen=127.0.0.1:0"])
        self.addCleanup(server.cleanup)
        cast = Cast(server.address, server.cert_dir)
        self.addCleanup(cast.close)
        run_initial_conference(cast)
        cast.social_worker.command(
            "OpenCase", case_id=MARKUP_CASE, local_authority=AUTHORITY,
            reason="A name that holds markup",
            child=t.ChildDetails(
                child_id="child-markup",
                given_name="<script>alert(1)</script>",
                family_name="<b>Bold</b>",
                date_of_birth=t.Date(year=2019, month=2, day=3)))
        restricted = [p for p in FIVE_PARTS if p.restricted][0]
        config = {
            "origin": console_url(server),
            "certDir": server.cert_dir,
            "chromium": CHROMIUM,
            "screenshotDir": SCREENSHOT_DIR,
            "caseId": CASE,
            "conferenceId": CONFERENCE,
            "markupCaseId": MARKUP_CASE,
            "purpose": PURPOSE,
            "restrictedText": "account names an ex-partner",
            "restrictionReason": "third-party information",
        }
        self.assertIn(config["restrictedText"], restricted.text)
        self.assertIn(config["restrictionReason"],
                      restricted.restriction_reason)
        run = subprocess.run(
            ["node", os.path.join(NODE_DIR, "console_test.mjs"),
             json.dumps(config)],
            cwd=NODE_DIR, capture_output=True, text=True, timeout=240)
        self.assertEqual(run.returncode, 0,
                         f"browser test failed:\n{run.stdout}\n{run.stderr}")
        views = [json.loads(line) for line in run.stdout.splitlines()
                 if line.startswith("{")]
        self.assertGreaterEqual(len(views), 15)
        for view in views:
            self.assertTrue(os.path.exists(os.path.join(
                SCREENSHOT_DIR, f"{view['role']}-{view['name']}.png")))

        # Every page view is in the access trail, with its purpose; the
        # refusals too.
        trail = cast.inspector.query_access_trail(
            actor_subject="tara.manager", page_size=1000)
        seen = [(e.record.method, e.purpose, e.record.outcome)
                for e in trail.entries]
        for page in ["Register", "CaseRecord", "DecisionRecord",
                     "AccessTrail", "ChangeTrail", "Timescales"]:
            self.assertIn((f"/keeper.console/{page}", PURPOSE, access_pb2.ACCESS_GRANTED), seen, page)
        case_pages = [e for e in trail.entries
                      if e.record.method == "/keeper.console/CaseRecord"
                      and CASE in e.record.case_ids]
        self.assertTrue(case_pages)
        self.assertIn("case record page", case_pages[0].record.returned)
        refused = cast.inspector.query_access_trail(
            actor_subject="tom.teacher", page_size=1000)
        self.assertIn(
            ("/keeper.console/Register", "worried about a pupil", 7),
            [(e.record.method, e.purpose, e.record.status_code)
             for e in refused.entries
             if e.record.outcome == access_pb2.ACCESS_REFUSED])
        advocate = cast.inspector.query_access_trail(
            actor_subject="ada.advocate", page_size=1000)
        returned = [e.record.returned for e in advocate.entries
                    if e.record.method == "/keeper.console/DecisionRecord"]
        self.assertTrue(returned)
        self.assertIn("restricted parts withheld", returned[0])


if __name__ == "__main__":
    unittest.main()
