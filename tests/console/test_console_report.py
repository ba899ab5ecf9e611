"""`keeper report` against a real keeperd: each of the four documents as
HTML and, printed by Debian's Chromium, as PDF. Each export must show the
page's records (and withhold restricted parts from a family-facing role),
stand alone, and be in the access trail as an export; a role the policy
refuses gets PERMISSION_DENIED with its reason, recorded too."""

import os
import re
import shutil
import tempfile
import time
import unittest

import grpc

from conference_story import (AUTHORITY, CASE, CONFERENCE, Cast,
                              run_initial_conference)
from keeper.v1 import access_pb2
from keeper.v1 import report_service_pb2 as rs
from keeper.v1 import report_service_pb2_grpc as rs_grpc
from keeper_client import KeeperClient, error_info
from keeperd_fixture import Keeperd

CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
PURPOSE = "court bundle for the hearing"
RESTRICTED = "account names an ex-partner"
EXPORT = "/keeper.v1.ReportService/Export"


class ConsoleReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd()
        cls.cast = Cast(cls.server.address, cls.server.cert_dir)
        run_initial_conference(cls.cast)
        cls.out = tempfile.mkdtemp(prefix="keeper-report-test-")

    @classmethod
    def tearDownClass(cls):
        cls.cast.close()
        cls.server.cleanup()
        shutil.rmtree(cls.out, ignore_errors=True)

    def report(self, role, kind, *flags, pdf=False, check=True,
               purpose=PURPOSE):
        """Runs `keeper report KIND`; returns (process, file written)."""
        path = os.path.join(self.out, f"{role}-{kind}-{len(os.listdir(self.out))}"
                            + (".pdf" if pdf else ".html"))
        args = ["--as", role]
        if purpose:
            args += ["--purpose", purpose]
        args += ["report", kind, "--out", path, *flags]
        if pdf:
            args += ["--pdf", f"--chromium={CHROMIUM}"]
        run = self.server.keeper(*args, check=False)
        if check:
            self.assertEqual(run.returncode, 0, run.stderr)
        return run, path

    def html(self, role, kind, *flags):
        _, path = self.report(role, kind, *flags)
        with open(path, encoding="utf-8") as f:
            page = f.read()
        # Standalone: styles inline, a policy that loads nothing, and no
        # reference to anything that would be fetched.
        self.assertIn("<style>", page)
        self.assertIn("default-src 'none'", page)
        for fetch in ("<link", "<script", " src=", "url(", "@import"):
            self.assertNotIn(fetch, page, f"{kind} fetches {fetch}")
        self.assertIn(PURPOSE, page)  # the provenance line
        self.assertNotIn("<nav>", page)
        return page

    def pdf(self, role, kind, *flags):
        _, path = self.report(role, kind, *flags, pdf=True)
        with open(path, "rb") as f:
            data = f.read()
        self.assertTrue(data.startswith(b"%PDF-"), f"{kind}: not a PDF")
        self.assertGreater(len(data), 8000, f"{kind}: a trivial PDF")
        self.assertGreaterEqual(len(re.findall(rb"/Type\s*/Page\b", data)), 1)
        return data

    def exports(self):
        """The access trail's export records, read back over gRPC."""
        trail = self.cast.inspector.query_access_trail(page_size=1000)
        return [e for e in trail.entries
                if e.record.method.startswith(EXPORT)]

    def assert_recorded(self, role_subject, page, fmt, case_id=None):
        found = [e for e in self.exports()
                 if e.record.method == EXPORT + page
                 and e.actor.subject == role_subject
                 and e.record.outcome == access_pb2.ACCESS_GRANTED
                 and e.purpose == PURPOSE
                 and e.record.returned.endswith(f"exported as {fmt}")]
        self.assertTrue(found, f"no {fmt} export of {page} by {role_subject}")
        if case_id is not None:
            self.assertIn(case_id, found[-1].record.case_ids)

    def test_the_chromium_to_print_with_is_there(self):
        # No browser is no pass: the PDF checks below need it.
        self.assertTrue(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} missing")

    def test_decision_record_with_its_proof_footer(self):
        page = self.html("team-manager", "decision", "--case_id", CASE,
                         "--conference_id", CONFERENCE)
        self.assertIn("Decision record: " + CONFERENCE, page)
        self.assertIn("Jamie", page)
        self.assertIn("OUTCOME_REGISTER", page)
        self.assertIn(RESTRICTED, page)
        footer = page[page.index('id="proof"'):]
        self.assertIn("signed checkpoint", footer)
        self.assertIn("<strong>verified</strong>", footer)
        self.assertIn("keeper proof verify", footer)
        self.assert_recorded("tara.manager", "DecisionRecord", "HTML", CASE)
        self.pdf("team-manager", "decision", "--case_id", CASE,
                 "--conference_id", CONFERENCE)
        self.assert_recorded("tara.manager", "DecisionRecord", "PDF", CASE)

    def test_family_facing_role_never_gets_restricted_parts(self):
        page = self.html("parent-advocate", "decision", "--case_id", CASE,
                         "--conference_id", CONFERENCE)
        self.assertIn("OUTCOME_REGISTER", page)
        self.assertNotIn(RESTRICTED, page)
        self.assertIn("restricted and withheld", page)
        records = [e for e in self.exports()
                   if e.actor.subject == "ada.advocate"]
        self.assertTrue(records)
        self.assertIn("restricted parts withheld", records[-1].record.returned)

    def test_register(self):
        page = self.html("team-manager", "register", "--authority", AUTHORITY)
        rows = page[page.index('id="register"'):]
        self.assertIn(CASE, rows)
        self.assertIn("Jamie Smith", rows)
        self.assertIn("Physical Neglect", rows)
        self.assert_recorded("tara.manager", "Register", "HTML", CASE)
        self.pdf("social-worker", "register", "--authority", AUTHORITY)
        self.assert_recorded("sam.social", "Register", "PDF", CASE)

    def test_trails(self):
        # The decision export above or below is itself in the child's
        # access trail; the trail's first page is exported here.
        self.report("team-manager", "decision", "--case_id", CASE,
                    "--conference_id", CONFERENCE)
        page = self.html("inspector", "trail", "--case_id", CASE,
                         "--page_size", "1000")
        rows = page[page.index('id="access-trail"'):]
        self.assertIn("/keeper.v1.ReportService/ExportDecisionRecord", rows)
        self.assertIn("tara.manager", rows)
        self.assert_recorded("ivy.inspector", "AccessTrail", "HTML", CASE)
        changes = self.html("inspector", "trail", "--trail", "change",
                            "--case_id", CASE)
        rows = changes[changes.index('id="change-trail"'):]
        self.assertIn("DecisionRecorded", rows)
        self.assertIn("ChildRegistered", rows)
        self.assert_recorded("ivy.inspector", "ChangeTrail", "HTML", CASE)
        self.pdf("inspector", "trail", "--case_id", CASE)
        self.assert_recorded("ivy.inspector", "AccessTrail", "PDF", CASE)

    def test_trail_paging(self):
        run, path = self.report("inspector", "trail", "--case_id", CASE,
                                "--page_size", "1")
        token = re.search(r"--page_token (\S+)", run.stdout)
        self.assertTrue(token, run.stdout)
        run, second = self.report("inspector", "trail", "--case_id", CASE,
                                  "--page_size", "1", "--page_token",
                                  token.group(1))
        with open(path) as a, open(second) as b:
            first_rows = a.read().split('id="access-trail"')[1]
            second_rows = b.read().split('id="access-trail"')[1]
        self.assertNotEqual(first_rows, second_rows)

    def test_timescales(self):
        page = self.html("inspector", "timescales", "--authority", AUTHORITY)
        self.assertIn(f"Timescales of {AUTHORITY}", page)
        self.assertIn("Share met in time", page)
        # The story's initial conference, held this month, was in time.
        month = time.strftime("%Y-%m", time.gmtime())
        chart = page[page.index('data-kind="initial conference"'):]
        self.assertIn(f"{month}: 1 of 1 met (100%)",
                      chart[:chart.index("</svg>")])
        self.assertIn('id="late"', page)
        self.assert_recorded("ivy.inspector", "Timescales", "HTML")
        self.pdf("chair", "timescales", "--authority", AUTHORITY)
        self.assert_recorded("chris.chair", "Timescales", "PDF")

    def test_refused_export_is_recorded_with_its_reason(self):
        # A social worker may open the register, not the dashboard.
        run, path = self.report("social-worker", "timescales", "--authority",
                                AUTHORITY, check=False)
        self.assertEqual(run.returncode, 1)
        self.assertIn("may not call /keeper.v1.ReportService/ExportTimescales"
                      " (code 7)", run.stderr)
        self.assertFalse(os.path.exists(path))
        client = KeeperClient(self.server.address, self.server.cert_dir,
                              "teacher", purpose=PURPOSE)
        self.addCleanup(client.close)
        with self.assertRaises(grpc.RpcError) as caught:
            rs_grpc.ReportServiceStub(client.channel).ExportDecisionRecord(
                rs.ExportDecisionRecordRequest(case_id=CASE,
                                               conference_id=CONFERENCE),
                metadata=client.metadata(), timeout=10)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        self.assertEqual(error_info(caught.exception).reason,
                         "ROLE_NOT_PERMITTED")
        refused = {(e.actor.subject, e.record.method): e
                   for e in self.exports()
                   if e.record.outcome == access_pb2.ACCESS_REFUSED}
        self.assertIn(("sam.social", EXPORT + "Timescales"), refused)
        teacher = refused[("tom.teacher", EXPORT + "DecisionRecord")]
        self.assertEqual(teacher.record.status_code,
                         grpc.StatusCode.PERMISSION_DENIED.value[0])
        self.assertIn(CASE, teacher.record.case_ids)

    def test_every_export_says_why(self):
        run, _ = self.report("team-manager", "register", check=False,
                             purpose="")
        self.assertNotEqual(run.returncode, 0)
        self.assertIn("--purpose", run.stderr)

    def test_a_missing_chromium_fails_the_pdf(self):
        run = self.server.keeper(
            "--as", "team-manager", "--purpose", PURPOSE, "report",
            "register", "--out", os.path.join(self.out, "none.pdf"), "--pdf",
            "--chromium=/nonexistent/chromium", check=False)
        self.assertEqual(run.returncode, 1)
        self.assertIn("/nonexistent/chromium", run.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.out, "none.pdf")))


if __name__ == "__main__":
    unittest.main()
