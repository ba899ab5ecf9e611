"""A whole initial child protection case conference, told through keeperd.

Seeds 001-004: a health visitor's concern; an initial conference; reports
shared with the mother, who signs to say she has seen one and disagrees with
part of it; the professionals split on registration, so the chair decides;
the mother's dissent is recorded; the child is registered; the minutes are
issued; a police officer checks the register.

Run it against a server:  python3 conference_story.py HOST:PORT CERT_DIR
"""

import sys
import unittest

import grpc

from google.protobuf import timestamp_pb2
from keeper.v1 import types_pb2 as t
from keeper_client import KeeperClient
from keeperd_fixture import Keeperd

AUTHORITY = "fife"
CASE = "fife-2026-0042"
CONFERENCE = "initial-1"
REPORT = "hv-report"


def person(name, subject, agency, title, contact=""):
    return t.Person(name=name, subject=subject, agency=agency,
                    job_title=title, contact=contact)


SOCIAL_WORKER = person("Sam Social", "sam.social", t.AGENCY_SOCIAL_WORK,
                       "social worker", "01592 000001")
HEALTH_VISITOR = person("Hana Health", "hana.health", t.AGENCY_HEALTH,
                        "health visitor")
POLICE_OFFICER = person("Pat Police", "pat.police", t.AGENCY_POLICE,
                        "police officer")
CHAIR = person("Chris Chair", "chris.chair", t.AGENCY_SOCIAL_WORK,
               "Reviewing Officer")
MINUTE_TAKER = person("Mo Minutes", "mo.minutes", t.AGENCY_SOCIAL_WORK,
                      "minute taker")

PARTICIPANTS = [
    t.Participant(participant_id="mum",
                  person=t.Person(name="Kim Smith"),
                  role=t.PARTY_ROLE_PARENT, relationship="mother"),
    t.Participant(participant_id="sw", person=SOCIAL_WORKER,
                  role=t.PARTY_ROLE_PROFESSIONAL),
    t.Participant(participant_id="hv", person=HEALTH_VISITOR,
                  role=t.PARTY_ROLE_PROFESSIONAL),
    t.Participant(participant_id="police", person=POLICE_OFFICER,
                  role=t.PARTY_ROLE_PROFESSIONAL),
]

CHILD = t.ChildDetails(
    child_id="child-jamie", given_name="Jamie", family_name="Smith",
    other_names=["Jay Smith"], date_of_birth=t.Date(year=2016, month=5, day=14),
    address=t.Address(lines=["1 High Street", "Kirkcaldy"], postcode="KY1 1AA"))

FIVE_PARTS = [
    t.ReportPart(section=t.REPORT_SECTION_HISTORY_OF_INVOLVEMENT,
                 text="Known to the health visiting service since birth."),
    t.ReportPart(section=t.REPORT_SECTION_PURPOSE_OF_INVOLVEMENT,
                 text="Universal health visiting; concerns since March."),
    t.ReportPart(section=t.REPORT_SECTION_FACTUAL_INFORMATION,
                 text="Three missed appointments; home conditions poor."),
    t.ReportPart(section=t.REPORT_SECTION_ANALYSIS,
                 text="Needs are not being met consistently."),
    t.ReportPart(section=t.REPORT_SECTION_RISKS_AND_STRENGTHS,
                 text="A neighbour's account names an ex-partner's address.",
                 restricted=True,
                 restriction_reason="third-party information (NG 3.167)"),
]


class Cast:
    """One client per person in the story, each with their own certificate."""

    def __init__(self, address, cert_dir):
        def client(role, purpose):
            return KeeperClient(address, cert_dir, role, purpose=purpose,
                                on_behalf_of="")
        self.social_worker = client("social-worker", "case work")
        self.health_visitor = client("health-visitor", "child protection")
        self.police = client("police-officer", "child protection enquiry")
        self.chair = client("chair", "chairing the conference")
        self.minute_taker = client("minute-taker", "minuting")
        self.advocate = client("parent-advocate", "supporting the mother")
        self.manager = client("team-manager", "review of a contested decision")
        self.inspector = client("inspector", "inspection")

    def close(self):
        for c in vars(self).values():
            c.close()


def starts_at(seconds_from_now=14 * 24 * 3600):
    stamp = timestamp_pb2.Timestamp()
    stamp.GetCurrentTime()
    stamp.seconds += seconds_from_now
    return stamp


def convene_initial_conference(cast, case, conference_id="icpc",
                               request_id="req-1"):
    """Schedules the initial conference `request_id` asked for, invites
    every participant, records each as attending, and opens it."""
    sw = cast.social_worker
    sw.command("ScheduleConference", case_id=case, conference_id=conference_id,
               kind=t.CONFERENCE_KIND_INITIAL, request_id=request_id,
               starts_at=starts_at(), location="Fife House", chair=CHAIR,
               minute_taker=MINUTE_TAKER)
    for participant in PARTICIPANTS:
        sw.command("InviteParticipant", case_id=case,
                   conference_id=conference_id, participant=participant)
        cast.minute_taker.command(
            "RecordAttendance", case_id=case, conference_id=conference_id,
            participant_id=participant.participant_id,
            attendance=t.ATTENDANCE_ATTENDED)
    cast.chair.command("OpenConference", case_id=case,
                       conference_id=conference_id)


def run_initial_conference(cast):
    """Runs the story; returns the commands' results by step name."""
    results = {}
    sw, hv = cast.social_worker, cast.health_visitor
    results["open"] = sw.command("OpenCase", case_id=CASE,
                                 local_authority=AUTHORITY, child=CHILD,
                                 reason="Health visitor's concern")
    results["request"] = hv.command(
        "RequestConference", case_id=CASE, request_id="req-1",
        kind=t.CONFERENCE_KIND_INITIAL, reasons="Neglect; missed appointments",
        requested_by=HEALTH_VISITOR)
    results["schedule"] = sw.command(
        "ScheduleConference", case_id=CASE, conference_id=CONFERENCE,
        kind=t.CONFERENCE_KIND_INITIAL, request_id="req-1",
        starts_at=starts_at(), location="Fife House, Room 2", chair=CHAIR,
        minute_taker=MINUTE_TAKER)
    for participant in PARTICIPANTS:
        sw.command("InviteParticipant", case_id=CASE,
                   conference_id=CONFERENCE, participant=participant)
    results["report"] = hv.command(
        "SubmitReport", case_id=CASE, conference_id=CONFERENCE,
        report_id=REPORT, author=HEALTH_VISITOR,
        title="Health visitor's report", parts=FIVE_PARTS)
    sw.command("ShareReport", case_id=CASE, report_id=REPORT, version=1,
               participant_id="mum")
    cast.advocate.command("AcknowledgeReport", case_id=CASE,
                          report_id=REPORT, version=1, participant_id="mum")
    results["disagreement"] = cast.advocate.command(
        "RecordDisagreement", case_id=CASE, disagreement_id="d-1",
        report_id=REPORT, version=1,
        section=t.REPORT_SECTION_FACTUAL_INFORMATION,
        reason="Two of the appointments were rearranged by the clinic",
        participant_id="mum")
    for participant in PARTICIPANTS:
        cast.minute_taker.command(
            "RecordAttendance", case_id=CASE, conference_id=CONFERENCE,
            participant_id=participant.participant_id,
            attendance=t.ATTENDANCE_ATTENDED)
    results["opened"] = cast.chair.command(
        "OpenConference", case_id=CASE, conference_id=CONFERENCE)
    for client, participant, view in [
            (sw, "sw", t.REGISTRATION_VIEW_REGISTER),
            (hv, "hv", t.REGISTRATION_VIEW_REGISTER),
            (cast.police, "police", t.REGISTRATION_VIEW_DO_NOT_REGISTER)]:
        client.command("GiveRegistrationView", case_id=CASE,
                       conference_id=CONFERENCE, participant_id=participant,
                       view=view, reasons="From my involvement")
    results["decision"] = cast.chair.command(
        "RecordDecision", case_id=CASE, conference_id=CONFERENCE,
        outcomes=[t.OUTCOME_REGISTER],
        reasons="Risk of significant harm from neglect outweighs strengths")
    results["dissent"] = cast.advocate.command(
        "RecordDissent", case_id=CASE, conference_id=CONFERENCE,
        participant_id="mum", statement="I do not agree with registration")
    results["registered"] = sw.command(
        "RegisterChild", case_id=CASE, conference_id=CONFERENCE,
        areas_of_concern=["Physical Neglect", "Non-Engaging Family"],
        lead_professional=SOCIAL_WORKER)
    results["minutes"] = cast.minute_taker.command(
        "IssueMinutes", case_id=CASE, conference_id=CONFERENCE,
        document_ref="minutes/fife-2026-0042/initial-1.pdf")
    return results


if __name__ == "__main__":
    cast = Cast(sys.argv[1], sys.argv[2])
    try:
        for step, result in run_initial_conference(cast).items():
            print(f"{step}: case version {result.case_version}")
        check = cast.police.check_register(
            given_name="Jamie", family_name="Smith",
            date_of_birth=CHILD.date_of_birth)
        print("on register:", check.on_register)
    finally:
        cast.close()


class StoryTestCase(unittest.TestCase):
    """One keeperd for a whole test class, with the story's cast and its
    initial conference told; `results` holds what that conference wrote."""

    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd()
        cls.cast = Cast(cls.server.address, cls.server.cert_dir)
        cls.results = run_initial_conference(cls.cast)

    @classmethod
    def tearDownClass(cls):
        cls.cast.close()
        cls.server.cleanup()

    def client(self, role, purpose="child protection enquiry", cert_dir=None):
        """A client of `role`'s certificate, closed when the test ends."""
        c = KeeperClient(self.server.address, cert_dir or self.server.cert_dir,
                         role, purpose=purpose)
        self.addCleanup(c.close)
        return c

    def refused(self, code, call):
        """The error `call()` raises, after checking it has `code`."""
        with self.assertRaises(grpc.RpcError) as caught:
            call()
        self.assertEqual(caught.exception.code(), code,
                         caught.exception.details())
        return caught.exception
