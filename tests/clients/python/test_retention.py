"""A retention report across two policy versions, with a hold placed and
lifted, through a real keeperd. Fife's schedule is scotland-2023's (case
records reviewed 35 years after closure, access records erased after six
years) until policies/fife-retention-2070.json (test data) takes over on
1 January 2070 (the later of 35 years after closure and the 75th birthday;
access records ten years). The reports are for fixed days decades ahead, so
what is due does not depend on today; each is checked item by item against
the recorded closure and access records. The data protection officer
places and lifts a hold on one case with `keeper hold`; other roles are
refused; every report read is in the access trail."""

import datetime
import json
import shutil
import unittest

import grpc

from conference_story import Cast, convene_initial_conference
from google.protobuf import json_format
from keeper.v1 import access_pb2
from keeper.v1 import audit_service_pb2 as audit
from keeper.v1 import retention_pb2 as rp
from keeper.v1 import retention_service_pb2 as rs
from keeper.v1 import retention_service_pb2_grpc as rs_grpc
from keeper.v1 import types_pb2 as t
from keeper_client import KeeperClient
from keeperd_fixture import Keeperd, policy_dir_with

CLOSED = "fife-ret-a"  # not registered: closed by the conference
OPEN = "fife-ret-b"    # no conference yet: open
BORN = datetime.date(2010, 5, 14)
LAST_OF_FIRST = datetime.date(2069, 12, 31)  # scotland-2023's last day
FIRST_OF_SECOND = datetime.date(2070, 1, 1)
ACCESS_TYPES = ("AccessGranted", "AccessRefused")
REPORT = "/keeper.v1.RetentionService/GetRetentionReport"


def child(child_id, born):
    return t.ChildDetails(child_id=child_id, given_name="Alex",
                          family_name="Reid",
                          date_of_birth=t.Date(year=born.year,
                                               month=born.month, day=born.day))


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def as_date(d):
    return datetime.date(d.year, d.month, d.day)


def pb_date(day):
    return t.Date(year=day.year, month=day.month, day=day.day)


class RetentionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.policies = policy_dir_with("fife-retention-2070.json")
        cls.server = Keeperd(extra_args=[f"--policy_dir={cls.policies}"])
        cast = Cast(cls.server.address, cls.server.cert_dir)
        try:
            sw = cast.social_worker
            sw.command("OpenCase", case_id=CLOSED, local_authority="fife",
                       child=child("chi-ret-a", BORN), reason="Concern")
            cast.health_visitor.command(
                "RequestConference", case_id=CLOSED, request_id="req-1",
                kind=t.CONFERENCE_KIND_INITIAL, reasons="Neglect",
                requested_by=t.Person(name="Hana Health"))
            convene_initial_conference(cast, CLOSED)
            for who, participant in [(sw, "sw"), (cast.health_visitor, "hv"),
                                     (cast.police, "police")]:
                who.command("GiveRegistrationView", case_id=CLOSED,
                            conference_id="icpc", participant_id=participant,
                            view=t.REGISTRATION_VIEW_DO_NOT_REGISTER,
                            reasons="Needs met with support")
            cast.chair.command("RecordDecision", case_id=CLOSED,
                               conference_id="icpc",
                               outcomes=[t.OUTCOME_NOT_REGISTER],
                               reasons="Support from the family's GP")
            sw.command("OpenCase", case_id=OPEN, local_authority="fife",
                       child=child("chi-ret-b", datetime.date(2015, 2, 1)),
                       reason="Concern")
            sw.get_case(CLOSED)  # a read: an access record naming the case
        finally:
            cast.close()
        cls.dpo = KeeperClient(cls.server.address, cls.server.cert_dir,
                               "data-protection", purpose="retention review")
        cls.stub = rs_grpc.RetentionServiceStub(cls.dpo.channel)
        decided = [e for e in cls.server.domain_events()
                   if e["event_type"] == "DecisionRecorded"]
        d = decided[0]["payload"]["decided_on"]
        cls.closed_on = datetime.date(d["year"], d["month"], d["day"])

    @classmethod
    def tearDownClass(cls):
        cls.dpo.close()
        cls.server.cleanup()
        shutil.rmtree(cls.policies, ignore_errors=True)

    def report(self, day):
        return self.stub.GetRetentionReport(
            rs.GetRetentionReportRequest(local_authority="fife",
                                         on=pb_date(day)),
            metadata=self.dpo.metadata(), timeout=10)

    def access_groups(self):
        """{(UTC day, cases): count} of Fife's access records so far."""
        fife_cases = {CLOSED, OPEN}
        groups = {}
        for e in self.server.events():
            if e["event_type"] not in ACCESS_TYPES:
                continue
            record = e["payload"]
            cases = tuple(sorted(set(record.get("case_ids", []))))
            known = [c for c in cases if c in fife_cases]
            if not known and record.get("caller_authority") != "fife":
                continue
            day = datetime.date.fromisoformat(e["recorded_time"][:10])
            groups[(day, cases)] = groups.get((day, cases), 0) + 1
        return groups

    @staticmethod
    def items(items):
        out = set()
        for i in items:
            if i.record == rp.RETAINED_RECORD_CASE:
                out.add(("case", i.case_record.case_id, i.rule_id, i.action,
                         as_date(i.due_on)))
            else:
                a = i.access_events
                out.add(("access", as_date(a.recorded_on), tuple(a.case_ids),
                         a.count, i.rule_id, i.action, as_date(i.due_on)))
        return out

    def expected_access(self, groups, rule, years, test=lambda cases: True):
        return {("access", day, cases, count, rule, rp.RETENTION_ACTION_ERASE,
                 add_years(day, years))
                for (day, cases), count in groups.items() if test(cases)}

    def closed_case(self, rule, due):
        return ("case", CLOSED, rule, rp.RETENTION_ACTION_REVIEW, due)

    def test_a_report_across_two_policy_versions_with_a_hold(self):
        # Under scotland-2023: the closed case, 35 years on, and the reads.
        groups = self.access_groups()
        first = self.report(LAST_OF_FIRST)
        self.assertEqual(first.policy_version, "scotland-2023")
        self.assertEqual(self.items(first.due), {
            self.closed_case("case-35-years-after-closure",
                             add_years(self.closed_on, 35))}
            | self.expected_access(groups, "access-6-years", 6))
        self.assertEqual(len(first.holds), 0)
        dues = [as_date(i.due_on) for i in first.due]
        self.assertEqual(dues, sorted(dues))
        case_item = [i for i in first.due
                     if i.record == rp.RETAINED_RECORD_CASE][0]
        self.assertEqual(case_item.rule,
                         f"35 years from the case's closure on "
                         f"{self.closed_on.isoformat()}")
        self.assertEqual(as_date(case_item.case_record.born_on), BORN)

        # From 2070: the 75th birthday keeps the case; reads kept ten years.
        groups = self.access_groups()
        second = self.report(FIRST_OF_SECOND)
        self.assertEqual(second.policy_version, "fife-retention-2070")
        self.assertEqual(self.items(second.due), self.expected_access(
            groups, "access-10-years", 10))
        groups = self.access_groups()
        birthday = self.report(add_years(BORN, 75))
        self.assertEqual(self.items(birthday.due), {
            self.closed_case("case-until-75th-birthday", add_years(BORN, 75))}
            | self.expected_access(groups, "access-10-years", 10))

        # A hold on the case keeps back its record and the reads of it.
        placed = self.server.keeper(
            "--as", "data-protection", "--purpose", "inquiry", "hold",
            "place", "--authority", "fife", "--hold_id", "inquiry-1",
            "--case_id", CLOSED, "--reason", "Inquiry moratorium")
        self.assertIn("hold inquiry-1 placed on case " + CLOSED, placed.stdout)
        groups = self.access_groups()
        out = self.server.keeper(
            "--as", "data-protection", "--purpose", "retention review",
            "--json", "retention", "report", "--authority", "fife", "--date",
            LAST_OF_FIRST.isoformat()).stdout
        held = rs.RetentionReport()
        json_format.Parse(out, held)
        names_case = lambda cases: CLOSED in cases
        self.assertEqual(self.items(held.due), self.expected_access(
            groups, "access-6-years", 6, lambda c: not names_case(c)))
        self.assertEqual(len(held.holds), 1)
        hold = held.holds[0]
        self.assertEqual(hold.hold.hold_id, "inquiry-1")
        self.assertEqual(hold.hold.scope.case_id, CLOSED)
        self.assertEqual(hold.hold.reason, "Inquiry moratorium")
        self.assertEqual(hold.hold.placed_by.subject, "dana.dpo")
        self.assertEqual(self.items(hold.items), {
            self.closed_case("case-35-years-after-closure",
                             add_years(self.closed_on, 35))}
            | self.expected_access(groups, "access-6-years", 6, names_case))
        # The text report names the hold and what it keeps back.
        text = self.server.keeper(
            "--as", "data-protection", "--purpose", "retention review",
            "retention", "report", "--authority", "fife", "--date",
            LAST_OF_FIRST.isoformat()).stdout
        self.assertIn("under policy scotland-2023", text)
        self.assertIn("hold inquiry-1 (case fife-ret-a", text)

        # Lifted: released, and no longer a hold in force.
        self.server.keeper(
            "--as", "data-protection", "--purpose", "inquiry", "hold", "lift",
            "--authority", "fife", "--hold_id", "inquiry-1", "--reason",
            "The inquiry reported")
        again = self.server.keeper(
            "--as", "data-protection", "--purpose", "inquiry", "hold", "lift",
            "--authority", "fife", "--hold_id", "inquiry-1", "--reason",
            "Twice", check=False)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("hold 'inquiry-1' was lifted on", again.stderr)
        groups = self.access_groups()
        released = self.report(LAST_OF_FIRST)
        self.assertEqual(len(released.holds), 0)
        self.assertEqual(self.items(released.due), {
            self.closed_case("case-35-years-after-closure",
                             add_years(self.closed_on, 35))}
            | self.expected_access(groups, "access-6-years", 6))
        lifted = [e for e in self.server.domain_events()
                  if e["event_type"] == "LegalHoldLifted"]
        self.assertEqual(len(lifted), 1)
        self.assertEqual(lifted[0]["stream_id"], "holds-fife")
        self.assertEqual(lifted[0]["actor"]["subject"], "dana.dpo")

    def test_other_roles_are_refused_and_the_refusals_recorded(self):
        sw = KeeperClient(self.server.address, self.server.cert_dir,
                          "social-worker", purpose="case work")
        self.addCleanup(sw.close)
        stub = rs_grpc.RetentionServiceStub(sw.channel)
        with self.assertRaises(grpc.RpcError) as caught:
            stub.GetRetentionReport(rs.GetRetentionReportRequest(
                local_authority="fife", on=pb_date(LAST_OF_FIRST)),
                metadata=sw.metadata(), timeout=10)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        with self.assertRaises(grpc.RpcError) as caught:
            stub.PlaceLegalHold(rs.PlaceLegalHold(
                local_authority="fife", idempotency_key=
                "5f0c6a4e-8d7b-4c1a-9e2f-3b4a5c6d7e8f", hold_id="mine",
                scope=rp.LegalHoldScope(all_records=True), reason="Mine"),
                metadata=sw.metadata(), timeout=10)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        events = self.server.events()
        refused = {e["payload"]["method"] for e in events
                   if e["event_type"] == "AccessRefused"
                   and e["actor"]["subject"] == "sam.social"}
        self.assertIn(REPORT, refused)
        self.assertIn("/keeper.v1.RetentionService/PlaceLegalHold", refused)
        self.assertFalse([e for e in events if e["event_type"]
                          == "LegalHoldPlaced"
                          and e["payload"]["hold_id"] == "mine"])

    def test_the_report_read_is_in_the_access_trail(self):
        self.report(LAST_OF_FIRST)
        inspector = KeeperClient(self.server.address, self.server.cert_dir,
                                 "inspector", purpose="inspection")
        self.addCleanup(inspector.close)
        page = inspector.audit.QueryAccessTrail(
            audit.AccessTrailQuery(case_id=CLOSED, page_size=1000),
            metadata=inspector.metadata(), timeout=10)
        reads = [e for e in page.entries if e.record.method == REPORT]
        self.assertTrue(reads)
        self.assertEqual(reads[-1].actor.subject, "dana.dpo")
        self.assertEqual(reads[-1].record.outcome, access_pb2.ACCESS_GRANTED)
        self.assertIn("retention report of fife for 2069-12-31 under "
                      "scotland-2023", reads[-1].record.returned)


if __name__ == "__main__":
    unittest.main()
