"""Timescales served by a real keeperd: met, late and overdue initial
conferences in Fife (28 calendar days from the concern, scotland-2023),
each with and without a reason, an approved variation, the authority's
summary, who may read them, and `keeper timescales`.

The server dates commands with its own clock, so the histories are
backdated through their business dates: the concern date of each request.
"""

import datetime
import json
import unittest

import grpc

from conference_story import (AUTHORITY, HEALTH_VISITOR, SOCIAL_WORKER, CHILD,
                              Cast, convene_initial_conference)
from keeper.v1 import timescales_pb2 as ts
from keeper.v1 import timescales_service_pb2 as svc
from keeper.v1 import timescales_service_pb2_grpc as svc_grpc
from keeper.v1 import types_pb2 as t
from keeper_client import violations
from keeperd_fixture import Keeperd

INITIAL = ts.TIMESCALE_KIND_INITIAL_CONFERENCE


def date(day):
    return t.Date(year=day.year, month=day.month, day=day.day)


def iso(d):
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


TODAY = datetime.date.today()
# Hand-checked: 28 calendar days from the concern.
#   late:    concern Tue 1 Sep 2026, due Tue 29 Sep, opened today
#   overdue: concern Mon 3 Aug 2026, due Mon 31 Aug, never opened
#   met:     concern yesterday, due in 27 days, opened today
CASES = {
    "late": (datetime.date(2026, 9, 1), "2026-09-29", True),
    "overdue": (datetime.date(2026, 8, 3), "2026-08-31", False),
    "met": (TODAY - datetime.timedelta(days=1),
            iso(TODAY + datetime.timedelta(days=27)), True),
}
STATES = {"late": svc.MEASURE_STATE_LATE, "met": svc.MEASURE_STATE_MET,
          "overdue": svc.MEASURE_STATE_OVERDUE}


def case_id(name, explained):
    return f"fife-ts-{name}-{'why' if explained else 'bare'}"


def tell(cast, case, concern, open_it, explained):
    sw = cast.social_worker
    child = t.ChildDetails()
    child.CopyFrom(CHILD)
    child.child_id = case + "-child"
    sw.command("OpenCase", case_id=case, local_authority=AUTHORITY,
               child=child, reason="Health visitor's concern")
    cast.health_visitor.command(
        "RequestConference", case_id=case, request_id="req-1",
        kind=t.CONFERENCE_KIND_INITIAL, reasons="Neglect",
        requested_by=HEALTH_VISITOR, concern_date=date(concern))
    if explained:
        sw.command("RecordTimescaleReason", case_id=case, reason_id="why-1",
                   kind=INITIAL, ref="req-1", given_by=SOCIAL_WORKER,
                   reason="The family could not be traced for two weeks")
    if not open_it:
        return
    convene_initial_conference(cast, case)


class TimescalesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd()
        cls.cast = Cast(cls.server.address, cls.server.cert_dir)
        for name, (concern, _, open_it) in CASES.items():
            for explained in (False, True):
                tell(cls.cast, case_id(name, explained), concern, open_it,
                     explained)

    @classmethod
    def tearDownClass(cls):
        cls.cast.close()
        cls.server.cleanup()

    def stub(self, client):
        return svc_grpc.TimescalesServiceStub(client.channel)

    def initial(self, client, case):
        page = self.stub(client).GetCaseTimescales(
            svc.GetCaseTimescalesRequest(case_id=case),
            metadata=client.metadata(), timeout=10)
        found = [m for m in page.measures if m.timescale.kind == INITIAL]
        self.assertEqual(len(found), 1, page)
        return found[0]

    def test_met_late_and_overdue_each_with_and_without_a_reason(self):
        for name, (concern, due, open_it) in CASES.items():
            for explained in (False, True):
                case = case_id(name, explained)
                with self.subTest(case=case):
                    m = self.initial(self.cast.inspector, case)
                    self.assertEqual(m.state, STATES[name])
                    item = m.timescale
                    self.assertEqual(iso(item.due_by), due)
                    self.assertEqual(iso(item.starts_on), iso(concern))
                    self.assertEqual(item.policy_version, "scotland-2023")
                    self.assertEqual(item.rule, "initial_conference: 28 days")
                    self.assertEqual(item.started_by.event_type,
                                     "ConferenceRequested")
                    self.assertGreater(item.started_by.position, 0)
                    if open_it:
                        self.assertEqual(item.stopped_by.event_type,
                                         "ConferenceOpened")
                    else:
                        self.assertFalse(item.HasField("stopped_by"))
                    self.assertEqual(
                        [r.reason for r in item.reasons],
                        ["The family could not be traced for two weeks"]
                        if explained else [])

    def test_an_approved_variation_changes_the_due_date_used(self):
        case = "fife-ts-varied"
        tell(self.cast, case, datetime.date(2026, 8, 3), False, False)
        self.assertEqual(self.initial(self.cast.chair, case).state,
                         svc.MEASURE_STATE_OVERDUE)
        varied = TODAY + datetime.timedelta(days=10)
        self.cast.social_worker.command(
            "RecordTimescaleReason", case_id=case, reason_id="var-1",
            kind=INITIAL, ref="req-1", given_by=SOCIAL_WORKER,
            reason="Agreed by the head of service", approved_variation=True,
            varied_due_by=date(varied))
        m = self.initial(self.cast.chair, case)
        self.assertEqual(m.state, svc.MEASURE_STATE_DUE)
        self.assertEqual(iso(m.timescale.due_by), iso(varied))
        self.assertEqual(iso(m.timescale.policy_due_by), "2026-08-31")

    def test_an_unknown_measure_is_refused_and_nothing_written(self):
        before = len(self.server.domain_events())
        with self.assertRaises(grpc.RpcError) as caught:
            self.cast.social_worker.command(
                "RecordTimescaleReason", case_id=case_id("late", False),
                reason_id="why-9", kind=INITIAL, ref="no-such-request",
                given_by=SOCIAL_WORKER, reason="Late")
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.FAILED_PRECONDITION)
        found = dict(violations(caught.exception))
        self.assertIn("timescale.known_measure", found)
        self.assertIn("no-such-request", found["timescale.known_measure"])
        self.assertEqual(len(self.server.domain_events()), before)

    def test_the_summary_counts_by_the_period_the_measure_was_due(self):
        summary = self.stub(self.cast.manager).SummariseTimescales(
            svc.SummariseTimescalesRequest(local_authority=AUTHORITY,
                                           period="2026-Q3"),
            metadata=self.cast.manager.metadata(), timeout=10)
        tally = {x.kind: x for x in summary.tallies}[INITIAL]
        # Due 31 Aug (twice, overdue) and 29 Sep (twice, late).
        self.assertEqual((tally.met, tally.missed, tally.overdue),
                         (0, 2, 2))
        self.assertEqual(tally.share_met, 0.0)

    def test_paging_returns_each_measure_once(self):
        client = self.cast.inspector
        case = case_id("overdue", True)
        token, seen = "", []
        while True:
            page = self.stub(client).GetCaseTimescales(
                svc.GetCaseTimescalesRequest(case_id=case, page_size=1,
                                             page_token=token),
                metadata=client.metadata(), timeout=10)
            self.assertLessEqual(len(page.measures), 1)
            seen += [(m.timescale.kind, m.timescale.ref)
                     for m in page.measures]
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(seen, [(INITIAL, "req-1")])

    def test_only_managers_chairs_and_inspectors_read_them(self):
        for client in (self.cast.social_worker, self.cast.health_visitor):
            with self.assertRaises(grpc.RpcError) as caught:
                self.initial(client, case_id("late", False))
            self.assertEqual(caught.exception.code(),
                             grpc.StatusCode.PERMISSION_DENIED)
        # Another authority's summary is out of a Fife manager's scope.
        with self.assertRaises(grpc.RpcError) as caught:
            self.stub(self.cast.manager).SummariseTimescales(
                svc.SummariseTimescalesRequest(local_authority="dundee",
                                               period="2026"),
                metadata=self.cast.manager.metadata(), timeout=10)
        self.assertEqual(caught.exception.code(),
                         grpc.StatusCode.PERMISSION_DENIED)

    def test_the_cli_prints_a_table_and_json(self):
        case = case_id("late", True)
        out = self.server.keeper("timescales", f"--case_id={case}",
                                 "--as=inspector", "--purpose=inspection")
        lines = out.stdout.splitlines()
        self.assertTrue(lines[1].startswith("MEASURE"), out.stdout)
        row = [line for line in lines if line.startswith("initial_conference")]
        self.assertEqual(len(row), 1, out.stdout)
        self.assertIn("late", row[0].split())
        self.assertIn("2026-09-29", row[0])
        self.assertIn("could not be traced", row[0])
        out = self.server.keeper("--json", "timescales", f"--case_id={case}",
                                 "--as=inspector", "--purpose=inspection")
        measures = [json.loads(line) for line in out.stdout.splitlines()]
        self.assertIn("MEASURE_STATE_LATE", [m["state"] for m in measures])
        out = self.server.keeper("timescales", f"--authority={AUTHORITY}",
                                 "--period=2026-Q3", "--as=team-manager",
                                 "--purpose=inspection")
        row = [line for line in out.stdout.splitlines()
               if line.startswith("initial_conference")]
        self.assertEqual(row[0].split()[1:4], ["0", "2", "2"], out.stdout)
        out = self.server.keeper("timescales", f"--authority={AUTHORITY}",
                                 "--from_date=2026-08-01",
                                 "--to_date=2026-08-31", "--as=team-manager",
                                 "--purpose=inspection")
        row = [line for line in out.stdout.splitlines()
               if line.startswith("initial_conference")]
        self.assertEqual(row[0].split()[1:4], ["0", "0", "2"], out.stdout)


if __name__ == "__main__":
    unittest.main()
