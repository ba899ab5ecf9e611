"""The operator's `keeper` client subcommands and `keeper bench grpc`
against a real keeperd: what they print, and that each read they make is
recorded like any client's."""

import json
import unittest

from conference_story import AUTHORITY, CASE, CONFERENCE, StoryTestCase
from keeperd_fixture import KEEPERD


class CliTest(StoryTestCase):
    def keeper(self, who, purpose, *args, check=True):
        return self.server.keeper(f"--as={who}", f"--purpose={purpose}", *args,
                                  check=check)

    def reads_by(self, subject, method):
        # Every page: `bench grpc`, in another test, may add thousands of
        # reads by the same subject.
        entries, token = [], ""
        while True:
            page = self.cast.inspector.query_access_trail(
                actor_subject=subject, page_size=1000, page_token=token)
            entries.extend(page.entries)
            token = page.next_page_token
            if not token:
                break
        return [e for e in entries if e.record.method == method]

    def test_register_check_by_case_and_by_name(self):
        text = self.keeper("police-officer", "cli check", "register", "check",
                           f"--case_id={CASE}").stdout
        self.assertIn("on register: yes", text)
        self.assertIn("Physical Neglect; Non-Engaging Family", text)
        self.assertRegex(text, r"Sam Social\s+01592 000001")
        out = self.keeper("police-officer", "cli check", "--json", "register",
                          "check", "--family_name=Smith", "--given_name=Jay",
                          "--date_of_birth=2016-05-14").stdout
        result = json.loads(out)
        self.assertTrue(result["on_register"])
        self.assertEqual(result["matches"][0]["case_id"], CASE)
        self.assertEqual(result["matches"][0]["local_authority"], AUTHORITY)
        born_later = json.loads(self.keeper(
            "police-officer", "cli check", "--json", "register", "check",
            "--family_name=Smith", "--date_of_birth=2017-01-01").stdout)
        self.assertFalse(born_later.get("on_register", False))
        checks = self.reads_by("pat.police",
                               "/keeper.v1.RegisterService/CheckRegister")
        self.assertEqual([e.purpose for e in checks].count("cli check"), 3)

    def test_register_check_needs_a_case_or_a_name_and_birth(self):
        failed = self.keeper("police-officer", "cli check", "register",
                             "check", "--family_name=Smith", check=False)
        self.assertEqual(failed.returncode, 2)
        self.assertIn("--date_of_birth", failed.stderr)

    def test_a_refusal_is_reported_and_exits_non_zero(self):
        failed = self.keeper("housing-officer", "cli check", "register",
                             "check", f"--case_id={CASE}", check=False)
        self.assertEqual(failed.returncode, 1)
        self.assertIn("housing_officer", failed.stderr)
        self.assertIn("code 7", failed.stderr)

    def test_decision_record(self):
        text = self.keeper("team-manager", "review of a decision",
                           "decision-record", f"--case_id={CASE}",
                           f"--conference_id={CONFERENCE}").stdout
        self.assertRegex(text, r"outcomes:\s+register\n")
        self.assertRegex(text, r"decided by:\s+the chair")
        self.assertNotIn("(none)", text.split("\nDissent\n")[1])
        record = json.loads(self.keeper(
            "parent-advocate", "supporting the mother", "--json",
            "decision-record", f"--case_id={CASE}",
            f"--conference_id={CONFERENCE}").stdout)
        part = record["reports"][0]["version"]["parts"][4]
        self.assertTrue(part["restricted"])
        self.assertNotIn("text", part)
        self.assertEqual(record["decision"]["views_register"], 2)

    def test_access_trail(self):
        for _ in range(3):
            self.cast.police.check_register(case_id=CASE)
        text = self.keeper("inspector", "inspection", "access-trail",
                           f"--case_id={CASE}").stdout
        self.assertRegex(text, r"pat\.police\s+police\s+police officer\s+"
                         r"granted\s+checked the register")
        entries = json.loads(self.keeper("inspector", "inspection", "--json",
                                         "access-trail", "--agency=police",
                                         "--limit=2").stdout)
        self.assertEqual(len(entries), 2)
        self.assertEqual({e["agency"] for e in entries}, {"police"})
        self.assertLess(int(entries[0]["position"]),
                        int(entries[1]["position"]))
        refused = self.keeper("social-worker", "curiosity", "--json",
                              "access-trail", check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(json.loads(refused.stderr)["error"]["code"],
                         "PERMISSION_DENIED")

    def test_the_caller_is_never_assumed(self):
        failed = self.server.keeper("--purpose=x", "register", "check",
                                    f"--case_id={CASE}", check=False)
        self.assertEqual(failed.returncode, 2)
        self.assertIn("give --as", failed.stderr)

    def test_not_on_register_is_said_in_every_format(self):
        args = ("register", "check", "--family_name=Nobody",
                "--date_of_birth=2001-01-01")
        self.assertIn("on register: no",
                      self.keeper("police-officer", "c", *args).stdout)
        self.assertEqual(json.loads(self.keeper(
            "police-officer", "c", "--json", *args).stdout),
            {"on_register": False, "matches": []})
        self.assertIn("\nno,", self.keeper("police-officer", "c", "--csv",
                                           *args).stdout)

    def test_each_subcommand_has_help(self):
        for words in (["change-trail", "--help"], ["help", "change-trail"]):
            out = self.server.keeper(*words).stdout
            self.assertIn("usage: keeper change-trail", out)
            self.assertIn("--from", out)
            self.assertIn("example:", out)

    def test_bench_grpc_measures_real_calls(self):
        # Brief: a few hundred calls, to show it works and prints figures.
        before = self.server.events()
        out = self.server.keeper("--json", "bench", "grpc", "--clients=2",
                                 "--seconds=0.25", "--check_rate=400").stdout
        figures = json.loads(out)
        commands = figures["commands"]
        checks = figures["register checks"]
        fixed = figures["checks at 400/s"]
        for run in (commands, checks, fixed):
            self.assertGreater(run["operations"], 0)
            self.assertEqual(run["errors"], 0)
            self.assertGreater(run["p99_us"], 0)
            self.assertLessEqual(run["p50_us"], run["p99_us"])
        self.assertEqual(fixed["operations"], 100)
        # Counted from the schedule, each call is at least as late as from
        # its sending.
        self.assertGreaterEqual(fixed["from_schedule"]["p99_us"],
                                fixed["p99_us"])
        # Every command it counted is a case in the store, and every check
        # an access record.
        new = self.server.events()[len(before):]
        opened = [e for e in new if e["event_type"] == "CaseOpened"]
        self.assertEqual(len(opened), commands["operations"])
        check_records = [
            e for e in new if e["event_type"] == "AccessGranted"
            and e["payload"]["method"] ==
            "/keeper.v1.RegisterService/CheckRegister"]
        self.assertEqual(len(check_records),
                         checks["operations"] + fixed["operations"])
        self.assertEqual(figures["clients"], 2)


    def test_bench_grpc_can_measure_a_keeperd_of_its_own(self):
        before = len(self.server.events())
        out = self.server.keeper(
            "--json", "bench", "grpc", "--own_keeperd",
            f"--keeperd={KEEPERD}", "--clients=2", "--seconds=0.25",
            "--check_rate=400").stdout
        figures = json.loads(out)
        self.assertTrue(figures["own_keeperd"])
        for name in ("commands", "register checks", "checks at 400/s"):
            self.assertGreater(figures[name]["operations"], 0, name)
            self.assertEqual(figures[name]["errors"], 0, name)
        # Its freshness came from its own keeperd's metrics.
        self.assertIn("freshness_p99_ms", figures)
        # None of it reached the server given by --server.
        self.assertEqual(len(self.server.events()), before)


if __name__ == "__main__":
    unittest.main()
