"""More seed stories told through keeperd, with the cast and people of
conference_story.py: a review that deregisters, an inquorate conference
reconvened, a pre-birth conference, and a transfer between authorities.

Each story uses its own case ids, so they can share one server (the review
follows the initial conference of conference_story.py on its case)."""

import datetime

from conference_story import (CASE, CHAIR, HEALTH_VISITOR, MINUTE_TAKER,
                              PARTICIPANTS, SOCIAL_WORKER, starts_at)
from keeper.v1 import types_pb2 as t

PROFESSIONALS = ["sw", "hv", "police"]


def hold_conference(cast, case_id, conference_id, kind, views, outcomes,
                    request_id="", attending=None, reconvenes=""):
    """Schedules, invites everyone, records attendance, opens (quorate
    unless some professionals stay away), gathers the professionals' views
    and records the chair's decision. Returns the decision's result."""
    sw = cast.social_worker
    if request_id:
        cast.health_visitor.command(
            "RequestConference", case_id=case_id, request_id=request_id,
            kind=kind, reasons="Concerns about neglect",
            requested_by=HEALTH_VISITOR)
    sw.command("ScheduleConference", case_id=case_id,
               conference_id=conference_id, kind=kind, request_id=request_id,
               starts_at=starts_at(), location="Fife House, Room 2",
               chair=CHAIR, minute_taker=MINUTE_TAKER,
               reconvenes_conference_id=reconvenes)
    for participant in PARTICIPANTS:
        sw.command("InviteParticipant", case_id=case_id,
                   conference_id=conference_id, participant=participant)
    attending = [p.participant_id for p in PARTICIPANTS] \
        if attending is None else attending
    attend(cast, case_id, conference_id, attending)
    present = [p for p in PROFESSIONALS if p in attending]
    inquorate = len(present) < len(PROFESSIONALS)
    cast.chair.command(
        "OpenConference", case_id=case_id, conference_id=conference_id,
        inquorate_reason="Health and police could not come; the risk "
                         "cannot wait" if inquorate else "")
    clients = {"sw": sw, "hv": cast.health_visitor, "police": cast.police}
    for participant in present:
        clients[participant].command(
            "GiveRegistrationView", case_id=case_id,
            conference_id=conference_id, participant_id=participant,
            view=views, reasons="From my involvement")
    return cast.chair.command("RecordDecision", case_id=case_id,
                              conference_id=conference_id, outcomes=outcomes,
                              reasons="The professionals' shared view")


def attend(cast, case_id, conference_id, participant_ids):
    for participant in participant_ids:
        cast.minute_taker.command(
            "RecordAttendance", case_id=case_id, conference_id=conference_id,
            participant_id=participant, attendance=t.ATTENDANCE_ATTENDED)


def register(cast, case_id, conference_id, areas):
    return cast.social_worker.command(
        "RegisterChild", case_id=case_id, conference_id=conference_id,
        areas_of_concern=areas, lead_professional=SOCIAL_WORKER)


def review_and_deregister(cast):
    """The story's child, registered at the initial conference, is reviewed;
    the risk has reduced and the review takes the child off the register."""
    hold_conference(cast, CASE, "review-1", t.CONFERENCE_KIND_REVIEW,
                    t.REGISTRATION_VIEW_DO_NOT_REGISTER,
                    [t.OUTCOME_NOT_REGISTER])
    return cast.social_worker.command(
        "DeregisterChild", case_id=CASE,
        reason=t.DEREGISTRATION_REASON_REDUCED_RISK,
        details="Home conditions improved; appointments kept",
        conference_id="review-1")


INQUORATE_CASE = "fife-2026-0051"
INQUORATE_CHILD = t.ChildDetails(
    child_id="child-ali", given_name="Ali", family_name="Brown",
    date_of_birth=t.Date(year=2019, month=2, day=3))


def open_case(cast, case_id, child, authority="fife", from_case=None):
    fields = dict(case_id=case_id, local_authority=authority, child=child,
                  reason="Referral")
    if from_case is not None:
        fields["from_case"] = from_case
    return cast.social_worker.command("OpenCase", **fields)


def inquorate_conference(cast):
    """Only social work comes; the chair proceeds, recording why. Returns
    the conference's decision result."""
    open_case(cast, INQUORATE_CASE, INQUORATE_CHILD)
    return hold_conference(cast, INQUORATE_CASE, "initial-1",
                           t.CONFERENCE_KIND_INITIAL,
                           t.REGISTRATION_VIEW_REGISTER,
                           [t.OUTCOME_NOT_REGISTER,
                            t.OUTCOME_REFER_TO_REPORTER],
                           request_id="req-1", attending=["mum", "sw"])


def reconvene(cast):
    """The inquorate conference is reconvened with everyone; it registers
    the child."""
    hold_conference(cast, INQUORATE_CASE, "initial-2",
                    t.CONFERENCE_KIND_INITIAL, t.REGISTRATION_VIEW_REGISTER,
                    [t.OUTCOME_REGISTER], request_id="req-2",
                    reconvenes="initial-1")
    return register(cast, INQUORATE_CASE, "initial-2", ["Physical Neglect"])


PRE_BIRTH_CASE = "fife-2026-0060"


def expected_delivery():
    due = datetime.date.today() + datetime.timedelta(days=90)
    return t.Date(year=due.year, month=due.month, day=due.day)


def pre_birth(cast):
    """An unborn baby: a pre-birth conference registers them."""
    baby = t.ChildDetails(child_id="child-unborn-1", family_name="Green",
                          unborn=True,
                          expected_delivery_date=expected_delivery())
    open_case(cast, PRE_BIRTH_CASE, baby)
    hold_conference(cast, PRE_BIRTH_CASE, "pre-birth-1",
                    t.CONFERENCE_KIND_PRE_BIRTH, t.REGISTRATION_VIEW_REGISTER,
                    [t.OUTCOME_REGISTER], request_id="req-1")
    return register(cast, PRE_BIRTH_CASE, "pre-birth-1",
                    ["Parental Drug Misuse"])


DUNDEE_CASE = "dundee-2026-0007"


def transfer(cast):
    """The reconvened story's child moves to Dundee: Dundee opens a case
    continuing Fife's, its transfer conference registers the child, then
    Fife takes the child off its register. Returns Fife's deregistration."""
    open_case(cast, DUNDEE_CASE, INQUORATE_CHILD, authority="dundee-city",
              from_case=t.CaseRef(case_id=INQUORATE_CASE,
                                  local_authority="fife"))
    hold_conference(cast, DUNDEE_CASE, "transfer-1",
                    t.CONFERENCE_KIND_TRANSFER, t.REGISTRATION_VIEW_REGISTER,
                    [t.OUTCOME_REGISTER], request_id="req-1")
    register(cast, DUNDEE_CASE, "transfer-1", ["Physical Neglect"])
    return cast.social_worker.command(
        "DeregisterChild", case_id=INQUORATE_CASE,
        reason=t.DEREGISTRATION_REASON_TRANSFERRED,
        details="Moved to Dundee", transferred_to_case_id=DUNDEE_CASE)
