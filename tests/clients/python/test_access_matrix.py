"""The access policy through a real keeperd: every role certificate against
every RPC. Allowed calls pass the gate, refused ones get PERMISSION_DENIED,
and each refusal is in the access trail exactly once."""

import collections
import glob
import os
import time
import unittest

import grpc

from conference_story import AUTHORITY, CASE, CONFERENCE, Cast, \
    run_initial_conference
from keeper.v1 import access_pb2
from keeper_client import KeeperClient, violations
from keeperd_fixture import Keeperd
import rpc_catalog

CASE_SVC = "/keeper.v1.CaseService/"
READS = {
    CASE_SVC + "GetCase",
    "/keeper.v1.RegisterService/CheckRegister",
    "/keeper.v1.RegisterService/ListRegister",
    "/keeper.v1.ReviewService/GetDecisionRecord",
    "/keeper.v1.AuditService/QueryAccessTrail",
    "/keeper.v1.AuditService/QueryChangeTrail",
    "/keeper.v1.TimescalesService/GetCaseTimescales",
    "/keeper.v1.TimescalesService/SummariseTimescales",
    "/keeper.v1.ReturnsService/GetReturn",
    "/keeper.v1.SubjectAccessService/ProduceDisclosureBundle",
    "/keeper.v1.ProofService/VerifiedRead",
    "/keeper.v1.RetentionService/GetRetentionReport",
}
REPORT = "/keeper.v1.ReportService/Export"
READS |= {REPORT + page for page in ("Register", "DecisionRecord",
                                     "AccessTrail", "ChangeTrail",
                                     "Timescales")}
FEED = "/keeper.v1.EventsService/Subscribe"
# Admitted, an empty acknowledgement names no notification: refused, and
# recorded as refused, for its field.
ACKNOWLEDGE = "/keeper.v1.NotificationService/AcknowledgeNotification"


def methods_of(service):
    return {p for p in rpc_catalog.all_methods() if
            p.startswith(f"/keeper.v1.{service}/")}


# Written out from SPEC §1 and §2.8, not read from access_policy.json, so
# that a change to the policy file that this does not expect fails here.
SOCIAL_WORK = (methods_of("CaseService") | methods_of("RegisterService")
               | methods_of("ReviewService") | {FEED})
# The exports of the console pages each role may open.
CASE_EXPORTS = {REPORT + "Register", REPORT + "DecisionRecord"}
CONTRIBUTORS = {CASE_SVC + m for m in ("RequestConference", "SubmitReport",
                                       "CorrectReport",
                                       "GiveRegistrationView")}
ALLOWED = {
    "social-worker": SOCIAL_WORK | CASE_EXPORTS | {ACKNOWLEDGE},
    "social-worker-dundee": SOCIAL_WORK | CASE_EXPORTS | {ACKNOWLEDGE},
    "chair": (SOCIAL_WORK | methods_of("TimescalesService") | CASE_EXPORTS
              | {REPORT + "Timescales"}),
    "team-manager": (SOCIAL_WORK | methods_of("AuditService")
                     | methods_of("TimescalesService")
                     | methods_of("ReturnsService")
                     | methods_of("ReportService") | {ACKNOWLEDGE}),
    "minute-taker": {CASE_SVC + "RecordAttendance", CASE_SVC + "IssueMinutes"},
    "health-visitor": CONTRIBUTORS | {
        "/keeper.v1.RegisterService/CheckRegister", FEED},
    "police-officer": CONTRIBUTORS | {
        "/keeper.v1.RegisterService/CheckRegister", FEED},
    "teacher": CONTRIBUTORS | {"/keeper.v1.RegisterService/CheckRegister",
                               FEED},
    "housing-officer": {CASE_SVC + "SubmitReport",
                        CASE_SVC + "GiveRegistrationView"},
    "inspector": (methods_of("AuditService") | methods_of("TimescalesService")
                  | methods_of("ReturnsService") | {FEED}
                  | {REPORT + p for p in ("AccessTrail", "ChangeTrail",
                                          "Timescales")}),
    "parent-advocate": {CASE_SVC + m for m in (
        "AcknowledgeReport", "RecordDisagreement", "RecordChildViews",
        "RecordDissent", "RequestDecisionReview", "GetCase")} | {
        "/keeper.v1.ReviewService/GetDecisionRecord",
        REPORT + "DecisionRecord"},
    "data-protection": {CASE_SVC + "RecordSubjectAccessRequest"}
                       | methods_of("SubjectAccessService")
                       | methods_of("RetentionService")
                       | methods_of("RectificationService"),
}
# Checkpoints and proofs are for anyone certified; verified reads of events
# for those who may read the trails and the cases.
PROOFS = methods_of("ProofService") - {"/keeper.v1.ProofService/VerifiedRead"}
for role in ALLOWED:
    ALLOWED[role] |= PROOFS
for role in ("chair", "team-manager", "inspector"):
    ALLOWED[role] |= {"/keeper.v1.ProofService/VerifiedRead"}
# Reads of Fife's records by another authority's worker: the method is
# allowed, the authority is not.
OTHER_AUTHORITY = {
    ("social-worker-dundee", CASE_SVC + "GetCase"),
    ("social-worker-dundee", "/keeper.v1.ReviewService/GetDecisionRecord"),
    ("social-worker-dundee", "/keeper.v1.RegisterService/ListRegister"),
    ("social-worker-dundee", REPORT + "Register"),
    ("social-worker-dundee", REPORT + "DecisionRecord"),
}
PURPOSE = "access matrix"


def read_request(path):
    """A valid request for each read, about the story's case."""
    method = rpc_catalog.all_methods()[path]
    fields = {
        CASE_SVC + "GetCase": dict(case_id=CASE),
        "/keeper.v1.RegisterService/CheckRegister": dict(case_id=CASE),
        "/keeper.v1.RegisterService/ListRegister": dict(
            local_authority=AUTHORITY),
        "/keeper.v1.ReviewService/GetDecisionRecord": dict(
            case_id=CASE, conference_id=CONFERENCE),
        "/keeper.v1.AuditService/QueryAccessTrail": dict(case_id=CASE),
        "/keeper.v1.AuditService/QueryChangeTrail": dict(case_id=CASE),
        "/keeper.v1.TimescalesService/GetCaseTimescales": dict(case_id=CASE),
        "/keeper.v1.TimescalesService/SummariseTimescales": dict(
            local_authority=AUTHORITY, period="2026"),
        "/keeper.v1.ReturnsService/GetReturn": dict(
            kind="RETURN_KIND_CONFERENCES", local_authority=AUTHORITY,
            statistical_year=2026),
        "/keeper.v1.SubjectAccessService/ProduceDisclosureBundle": dict(
            case_id=CASE, request_id="sar-matrix",
            released_to=dict(name="Kim Smith")),
        "/keeper.v1.ProofService/VerifiedRead": dict(position=1),
        "/keeper.v1.ProofService/GetInclusionProof": dict(position=1),
        "/keeper.v1.ProofService/GetConsistencyProof": dict(first_size=1),
        REPORT + "Register": dict(authority=AUTHORITY),
        REPORT + "DecisionRecord": dict(case_id=CASE,
                                        conference_id=CONFERENCE),
        REPORT + "AccessTrail": dict(case_id=CASE),
        REPORT + "ChangeTrail": dict(case_id=CASE),
        REPORT + "Timescales": dict(authority=AUTHORITY, period="2026"),
        "/keeper.v1.RetentionService/GetRetentionReport": dict(
            local_authority=AUTHORITY, on=dict(year=2070, month=1, day=1)),
    }.get(path, {})
    return rpc_catalog.message_class(method.input_type)(**fields)


class AccessMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd()
        cast = Cast(cls.server.address, cls.server.cert_dir)
        dpo = KeeperClient(cls.server.address, cls.server.cert_dir,
                           "data-protection", purpose="subject access")
        try:
            run_initial_conference(cast)
            dpo.command("RecordSubjectAccessRequest", case_id=CASE,
                        request_id="sar-matrix",
                        requested_by=dict(name="Kim Smith"))
            # Proofs of the story need a checkpoint that covers it; on a
            # quick machine the story ends before the next one is signed.
            path = "/keeper.v1.ProofService/GetCheckpoint"
            deadline = time.time() + 15
            while rpc_catalog.call(
                    dpo.channel, path, read_request(path),
                    dpo.metadata()).tree_size == 0:
                if time.time() > deadline:
                    raise AssertionError("no checkpoint covers the story")
                time.sleep(0.1)
        finally:
            cast.close()
            dpo.close()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def certificates(self):
        names = {os.path.basename(p)[:-4] for p in
                 glob.glob(os.path.join(self.server.cert_dir, "*.pem"))}
        return sorted(names - {"ca", "server"})

    def call(self, client, path, refused):
        """The status code of calling `path` as `client`."""
        try:
            if path == FEED and not refused:
                # An admitted feed runs until cancelled: a short deadline
                # ends it. (A refusal comes at once, but after a synced
                # write, so it gets the usual deadline.)
                rpc_catalog.call(client.channel, path, read_request(path),
                                 client.metadata(), timeout=0.3)
            else:
                rpc_catalog.call(client.channel, path, read_request(path),
                                 client.metadata())
            return grpc.StatusCode.OK, None
        except grpc.RpcError as error:
            return error.code(), error

    def test_every_role_against_every_rpc(self):
        certs = self.certificates()
        self.assertEqual(set(certs), set(ALLOWED),
                         "every certificate dev_certs.sh makes has a row")
        methods = rpc_catalog.all_methods()
        for allowed in ALLOWED.values():
            self.assertLessEqual(allowed, set(methods))
        domain_before = self.server.domain_events()

        expected_refusals = collections.Counter()
        granted_reads = collections.Counter()
        for cert in certs:
            subject = rpc_catalog.certificate_subject(
                os.path.join(self.server.cert_dir, cert + ".pem"))
            client = KeeperClient(self.server.address, self.server.cert_dir,
                                  cert, purpose=PURPOSE)
            try:
                for path in sorted(methods):
                    refused = (path not in ALLOWED[cert]
                               or (cert, path) in OTHER_AUTHORITY)
                    code, error = self.call(client, path, refused)
                    where = f"{cert} calling {path}"
                    if refused:
                        self.assertEqual(code,
                                         grpc.StatusCode.PERMISSION_DENIED,
                                         where)
                        expected_refusals[(subject, path, code)] += 1
                    elif path == ACKNOWLEDGE:
                        self.assertEqual(code,
                                         grpc.StatusCode.INVALID_ARGUMENT,
                                         where)
                        self.assertEqual([f for f, _ in violations(error)],
                                         ["notice_position"], where)
                        expected_refusals[(subject, path, code)] += 1
                    elif path in PROOFS:
                        self.assertEqual(code, grpc.StatusCode.OK,
                                         f"{where}: {error}")
                    elif path == FEED:
                        self.assertIn(code, (grpc.StatusCode.OK,
                                             grpc.StatusCode.DEADLINE_EXCEEDED),
                                      where)
                    elif path in READS:
                        self.assertEqual(code, grpc.StatusCode.OK,
                                         f"{where}: {error}")
                        granted_reads[(subject, path)] += 1
                    else:
                        # An empty command passes the gate and is refused by
                        # the domain, naming the missing field.
                        self.assertEqual(code,
                                         grpc.StatusCode.INVALID_ARGUMENT,
                                         where)
                        # (Legal holds name an authority, not a case.)
                        field = ("local_authority" if path.startswith(
                            "/keeper.v1.RetentionService/") else "case_id")
                        self.assertIn(field,
                                      [f for f, _ in violations(error)], where)
            finally:
                client.close()

        trail = self.matrix_trail()
        codes = {c.value[0]: c for c in grpc.StatusCode}
        refusals = collections.Counter(
            (e.actor.subject, e.record.method, codes[e.record.status_code])
            for e in trail if e.record.outcome == access_pb2.ACCESS_REFUSED)
        self.assertEqual(refusals, expected_refusals)
        grants = collections.Counter(
            (e.actor.subject, e.record.method) for e in trail
            if e.record.outcome == access_pb2.ACCESS_GRANTED
            and e.record.method != FEED)
        self.assertEqual(grants, granted_reads)
        # Nothing the matrix did changed a case; producing a disclosure
        # bundle records its release, once per one produced.
        after = self.server.domain_events()
        released = [e for e in after
                    if e["event_type"] == "DisclosureRecorded"]
        self.assertEqual(len(released), 1)
        self.assertEqual(released[0]["actor"]["subject"], "dana.dpo")
        self.assertEqual([e for e in after if e not in released],
                         domain_before)

    def matrix_trail(self):
        """The access trail entries of calls made for the matrix."""
        inspector = KeeperClient(self.server.address, self.server.cert_dir,
                                 "inspector", purpose="checking the matrix")
        entries, token = [], ""
        try:
            while True:
                page = inspector.query_access_trail(page_size=1000,
                                                    page_token=token)
                entries += [e for e in page.entries if e.purpose == PURPOSE]
                token = page.next_page_token
                if not token:
                    return entries
        finally:
            inspector.close()


if __name__ == "__main__":
    unittest.main()
