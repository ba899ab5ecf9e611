"""Statutory returns through a real keeperd and `keeper returns`: a Fife
child registered and visited, another whose initial conference did not
register them, each return's columns and rows, the edges of the period and
of the statistical year, refusals, and each extract recorded as a read.

The server dates commands with its own clock, so the edges are checked
around the day it recorded (the registration's date in the return); the
31 July / 1 August edge itself is checked on a settable clock in
tests/projections/returns_test.cc."""

import csv
import datetime
import io
import json
import unittest

import grpc

from conference_story import (AUTHORITY, CASE, CHILD, CONFERENCE,
                              HEALTH_VISITOR, SOCIAL_WORKER, Cast,
                              convene_initial_conference,
                              run_initial_conference)
from keeper.v1 import access_pb2
from keeper.v1 import returns_service_pb2 as svc
from keeper.v1 import returns_service_pb2_grpc as svc_grpc
from keeper.v1 import types_pb2 as t
from keeper_client import violations
from keeperd_fixture import Keeperd

NOT_REGISTERED = "fife-ret-nr"
PURPOSE = "statistical return"


def not_registered(cast, case):
    sw = cast.social_worker
    child = t.ChildDetails()
    child.CopyFrom(CHILD)
    child.child_id = case + "-child"
    child.given_name = "Robin"
    sw.command("OpenCase", case_id=case, local_authority=AUTHORITY,
               child=child, reason="School's concern")
    cast.health_visitor.command(
        "RequestConference", case_id=case, request_id="req-1",
        kind=t.CONFERENCE_KIND_INITIAL, reasons="Bruising",
        requested_by=HEALTH_VISITOR)
    convene_initial_conference(cast, case)
    for client, who in [(sw, "sw"), (cast.health_visitor, "hv"),
                        (cast.police, "police")]:
        client.command("GiveRegistrationView", case_id=case,
                       conference_id="icpc", participant_id=who,
                       view=t.REGISTRATION_VIEW_DO_NOT_REGISTER,
                       reasons="An accident, well explained")
    cast.chair.command("RecordDecision", case_id=case, conference_id="icpc",
                       outcomes=[t.OUTCOME_NOT_REGISTER,
                                 t.OUTCOME_NO_FURTHER_ACTION])


def statistical_year(day):
    """The year the statistical year holding `day` ends in (31 July)."""
    return day.year + 1 if day.month >= 8 else day.year


def rows(csv_text):
    return list(csv.reader(io.StringIO(csv_text)))


class ReturnsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd()
        cls.cast = Cast(cls.server.address, cls.server.cert_dir)
        run_initial_conference(cls.cast)
        cls.cast.social_worker.command(
            "RecordHomeVisit", case_id=CASE, visit_id="visit-1",
            child_seen=True, child_seen_alone=True, visitor=SOCIAL_WORKER)
        not_registered(cls.cast, NOT_REGISTERED)
        # The day the server recorded, as the return states it.
        extract = cls.get(cls, svc.RETURN_KIND_REGISTRATIONS,
                          from_date=t.Date(year=2000, month=1, day=1),
                          to_date=t.Date(year=2100, month=12, day=31))
        cls.day = datetime.date.fromisoformat(extract.rows[0].cells[1])

    @classmethod
    def tearDownClass(cls):
        cls.cast.close()
        cls.server.cleanup()

    def get(self, kind, client=None, **fields):
        client = client or self.cast.inspector
        return svc_grpc.ReturnsServiceStub(client.channel).GetReturn(
            svc.GetReturnRequest(kind=kind, local_authority=AUTHORITY,
                                 **fields),
            metadata=client.metadata(), timeout=10)

    def cli(self, kind, *flags, who="inspector"):
        out = self.server.keeper(f"--as={who}", f"--purpose={PURPOSE}",
                                 "returns", kind, f"--authority={AUTHORITY}",
                                 *flags)
        return out.stdout

    def year_flag(self, offset=0):
        return f"--year={statistical_year(self.day) + offset}"

    def test_each_return_has_its_columns_and_rows(self):
        day = self.day.isoformat()
        expected = {
            "conferences": [
                ["case_id", "conference_id", "conference_kind",
                 "conference_date", "outcome", "areas_of_concern"],
                [CASE, CONFERENCE, "initial", day, "register",
                 "Physical Neglect; Non-Engaging Family"],
                [NOT_REGISTERED, "icpc", "initial", day,
                 "not_register; no_further_action", ""]],
            "registrations": [
                ["case_id", "date", "movement", "conference_kind", "reason",
                 "areas_of_concern"],
                [CASE, day, "registered", "initial", "",
                 "Physical Neglect; Non-Engaging Family"]],
            "on-register": [
                ["case_id", "registration", "registered_on",
                 "areas_of_concern", "latest_review", "last_core_group",
                 "last_home_visit"],
                [CASE, "registered", day,
                 "Physical Neglect; Non-Engaging Family", "", "", day]],
            "not-registered": [
                ["case_id", "conference_id", "conference_kind",
                 "conference_date", "outcome"],
                [NOT_REGISTERED, "icpc", "initial", day,
                 "not_register; no_further_action"]],
            "plans": [
                ["case_id", "plan_start", "initial_category",
                 "latest_category", "latest_review", "plan_end",
                 "end_reason", "previous_plans", "last_visit",
                 "child_seen_alone", "lead_professional"],
                [CASE, day, "Physical Neglect; Non-Engaging Family",
                 "Physical Neglect; Non-Engaging Family", "", "", "", "0",
                 day, "yes", SOCIAL_WORKER.name]],
        }
        for kind, want in expected.items():
            with self.subTest(kind=kind):
                self.assertEqual(rows(self.cli(kind, self.year_flag())), want)

    def test_the_statistical_year_and_the_period_are_both_inclusive(self):
        day = self.day
        before, after = (day - datetime.timedelta(days=1)).isoformat(), \
            (day + datetime.timedelta(days=1)).isoformat()
        later = [[self.year_flag(+1)], [f"--from={after}", f"--to={after}"]]
        earlier = [[self.year_flag(-1)], [f"--from={before}", f"--to={before}"]]
        # Dated rows fall in their day's periods only; an open plan, and a
        # child still on the register, are in every later one too.
        for kind, n, after_too in [("conferences", 2, False),
                                   ("registrations", 1, False),
                                   ("not-registered", 1, False),
                                   ("plans", 1, True), ("on-register", 1, True)]:
            with self.subTest(kind=kind):
                def count(*flags):
                    return len(rows(self.cli(kind, *flags))) - 1  # header
                self.assertEqual(count(self.year_flag()), n)
                self.assertEqual(count(f"--from={day.isoformat()}",
                                       f"--to={day.isoformat()}"), n)
                for flags in earlier:
                    self.assertEqual(count(*flags), 0, flags)
                for flags in later:
                    self.assertEqual(count(*flags), n if after_too else 0,
                                     flags)
        # The statistical year ends on 31 July and starts on 1 August.
        extract = self.get(svc.RETURN_KIND_CONFERENCES,
                           statistical_year=statistical_year(day))
        self.assertEqual(
            (extract.first_day.year, extract.first_day.month,
             extract.first_day.day, extract.last_day.month,
             extract.last_day.day),
            (statistical_year(day) - 1, 8, 1, 7, 31))

    def test_table_and_json_show_the_same_rows(self):
        table = self.cli("plans", self.year_flag(), "--table")
        self.assertTrue(table.startswith("case id"), table)
        self.assertIn(CASE, table)
        data = json.loads(self.cli("plans", self.year_flag(), "--json"))
        self.assertEqual([r["case_id"] for r in data], [CASE])
        self.assertEqual(data[0]["child_seen_alone"], "yes")

    def test_each_extract_is_recorded_as_a_read(self):
        self.cli("conferences", self.year_flag(), who="team-manager")
        page = self.cast.inspector.query_access_trail(case_id=NOT_REGISTERED,
                                                      page_size=1000)
        found = [e for e in page.entries
                 if e.record.method == "/keeper.v1.ReturnsService/GetReturn"
                 and e.actor.role == "team_manager"]
        self.assertEqual(len(found), 1, page)
        entry = found[0]
        self.assertEqual(entry.purpose, PURPOSE)
        self.assertEqual(sorted(entry.record.case_ids),
                         sorted([CASE, NOT_REGISTERED]))
        self.assertIn("conferences return of fife", entry.record.returned)
        self.assertIn("2 rows", entry.record.returned)

    def test_social_workers_are_refused_and_the_refusal_recorded(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.get(svc.RETURN_KIND_PLANS, client=self.cast.social_worker,
                     statistical_year=2026)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)
        page = self.cast.inspector.query_access_trail(agency="social_work",
                                                      page_size=1000)
        refused = [e for e in page.entries
                   if e.record.method == "/keeper.v1.ReturnsService/GetReturn"
                   and e.actor.role == "social_worker"]
        self.assertEqual(len(refused), 1, page)
        self.assertEqual(refused[0].record.outcome,
                         access_pb2.ACCESS_REFUSED)

    def test_bad_requests_name_the_field(self):
        cases = [
            (dict(kind=svc.RETURN_KIND_UNSPECIFIED, statistical_year=2026),
             "kind"),
            (dict(kind=svc.RETURN_KIND_PLANS, statistical_year=2026,
                  from_date=t.Date(year=2026, month=1, day=1)),
             "statistical_year"),
            (dict(kind=svc.RETURN_KIND_PLANS,
                  from_date=t.Date(year=2026, month=1, day=1)), "to_date"),
            (dict(kind=svc.RETURN_KIND_PLANS,
                  from_date=t.Date(year=2026, month=2, day=1),
                  to_date=t.Date(year=2026, month=1, day=1)), "to_date"),
        ]
        for fields, field in cases:
            with self.subTest(field=field):
                kind = fields.pop("kind")
                with self.assertRaises(grpc.RpcError) as caught:
                    self.get(kind, **fields)
                self.assertEqual(caught.exception.code(),
                                 grpc.StatusCode.INVALID_ARGUMENT)
                self.assertIn(field, dict(violations(caught.exception)))
        out = self.server.keeper("--as=inspector", f"--purpose={PURPOSE}",
                                 "returns", "nonsense",
                                 f"--authority={AUTHORITY}", "--year=2026",
                                 check=False)
        self.assertEqual(out.returncode, 2)
        self.assertIn("conferences, registrations", out.stderr)


if __name__ == "__main__":
    unittest.main()
