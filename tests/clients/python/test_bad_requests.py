"""Bad requests through a real keeperd: each gets a precise status (naming
the field where there is one), none writes a domain event, and the server
keeps serving."""

import os
import subprocess
import tempfile
import unittest

import grpc

from conference_story import (CASE, CHAIR, CHILD, MINUTE_TAKER, PARTICIPANTS,
                              starts_at, StoryTestCase)
from keeper.v1 import register_service_pb2, types_pb2 as t
from keeper_client import KeeperClient, violations

BIG = 5 << 20  # over the server's 4 MiB receive limit


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   capture_output=True)


def issue_client_cert(directory, name, subject, ca="ca"):
    """A client certificate `name`.pem/.key signed by `ca`.pem/.key."""
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
            "-subj", subject, cwd=directory)
    with open(os.path.join(directory, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem",
            "-CAkey", f"{ca}.key", "-CAcreateserial", "-out", f"{name}.pem",
            "-days", "2", "-extfile", "client.ext", cwd=directory)


class BadRequestTest(StoryTestCase):
    def setUp(self):
        self.events_before = self.server.events()

    def tearDown(self):
        # Whatever the request, the server is still up and answering.
        self.assertIsNone(self.server.process.poll(), "keeperd crashed")
        self.assertEqual(self.cast.social_worker.health(), 1)

    def fields(self, error):
        return [field for field, _ in violations(error)]

    def new_events(self):
        return self.server.events()[len(self.events_before):]

    def assert_no_domain_event(self):
        for event in self.new_events():
            self.assertIn(event["event_type"],
                          ("AccessGranted", "AccessRefused"), event)

    def assert_nothing_written(self):
        self.assertEqual(self.server.events(), self.events_before)

    def test_commands_missing_fields(self):
        sw = self.client("social-worker")
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.command("OpenCase", local_authority="fife",
                                                child=CHILD, reason="x"))
        self.assertEqual(self.fields(error), ["case_id"])
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.command("OpenCase", case_id="c-2",
                                                local_authority="fife",
                                                reason="x"))
        self.assertTrue(self.fields(error)[0].startswith("child."),
                        self.fields(error))
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.command("OpenCase", case_id="c-2",
                                                local_authority="fife",
                                                child=CHILD))
        self.assertEqual(self.fields(error), ["reason"])
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.command("OpenCase", case_id="c-2",
                                                local_authority="fife",
                                                child=CHILD, reason="x",
                                                idempotency_key="not-a-uuid"))
        self.assertEqual(self.fields(error), ["idempotency_key"])
        self.assert_nothing_written()

    def test_reads_missing_fields_are_refused_and_recorded(self):
        sw = self.client("social-worker")
        cases = [
            (lambda: sw.get_case(""), ["case_id"]),
            (lambda: sw.register.CheckRegister(
                register_service_pb2.RegisterCheckRequest(),
                metadata=sw.metadata(), timeout=10), ["by"]),
            (lambda: sw.check_register(given_name="Jamie", family_name="",
                                       date_of_birth=CHILD.date_of_birth),
             ["name_and_birth.family_name"]),
            (lambda: sw.check_register(family_name="Smith",
                                       date_of_birth=t.Date(year=2016,
                                                            month=13, day=1)),
             ["name_and_birth.date_of_birth"]),
            (lambda: sw.list_register(""), ["local_authority"]),
            (lambda: sw.decision_record(CASE, ""), ["conference_id"]),
            (lambda: self.cast.inspector.query_access_trail(page_size=5000),
             ["page_size"]),
        ]
        for call, fields in cases:
            error = self.refused(grpc.StatusCode.INVALID_ARGUMENT, call)
            self.assertEqual(self.fields(error), fields)
        self.assert_no_domain_event()
        refusals = [e for e in self.new_events()
                    if e["event_type"] == "AccessRefused"]
        self.assertEqual(len(refusals), len(cases))
        for refusal in refusals:
            self.assertEqual(refusal["payload"]["status_code"],
                             grpc.StatusCode.INVALID_ARGUMENT.value[0])

    def test_oversized_messages_are_refused_before_any_handler(self):
        sw = self.client("social-worker")
        self.refused(grpc.StatusCode.RESOURCE_EXHAUSTED,
                     lambda: sw.command("OpenCase", case_id="c-big",
                                        local_authority="fife", child=CHILD,
                                        reason="y" * BIG))
        self.refused(grpc.StatusCode.RESOURCE_EXHAUSTED,
                     lambda: self.cast.police.check_register(
                         given_name="x" * BIG, family_name="Smith",
                         date_of_birth=CHILD.date_of_birth))
        # The transport refuses them: no handler ran, nothing is recorded.
        self.assert_nothing_written()

    def test_unknown_enum_values_name_the_field(self):
        hv, sw, chair = (self.cast.health_visitor, self.cast.social_worker,
                         self.cast.chair)
        # A review conference not yet decided, so that the values are what
        # is wrong.
        sw.command("ScheduleConference", case_id=CASE, conference_id="rv-1",
                   kind=t.CONFERENCE_KIND_REVIEW, starts_at=starts_at(),
                   location="Fife House", chair=CHAIR,
                   minute_taker=MINUTE_TAKER)
        for participant in PARTICIPANTS:
            sw.command("InviteParticipant", case_id=CASE,
                       conference_id="rv-1", participant=participant)
        self.events_before = self.server.events()
        calls = [
            (lambda: hv.command("RequestConference", case_id=CASE,
                                request_id="r-9", kind=42,
                                reasons="an unknown kind"), "kind"),
            (lambda: self.cast.minute_taker.command(
                "RecordAttendance", case_id=CASE, conference_id="rv-1",
                participant_id="mum", attendance=77), "attendance"),
            (lambda: hv.command("GiveRegistrationView", case_id=CASE,
                                conference_id="rv-1", participant_id="hv",
                                view=99, reasons="?"), "view"),
            (lambda: chair.command("RecordDecision", case_id=CASE,
                                   conference_id="rv-1", outcomes=[42],
                                   reasons="?"), "outcomes"),
        ]
        for call, field in calls:
            error = self.refused(grpc.StatusCode.INVALID_ARGUMENT, call)
            self.assertTrue(self.fields(error), error.details())
            self.assertTrue(self.fields(error)[0].startswith(field),
                            self.fields(error))
        self.assert_nothing_written()

    def test_undecodable_request_bytes(self):
        check = self.cast.police.channel.unary_unary(
            "/keeper.v1.RegisterService/CheckRegister",
            request_serializer=lambda raw: raw,
            response_deserializer=lambda raw: raw)
        # A length-delimited field whose length runs past the message.
        # Parsed by keeperd, not gRPC: refused naming the method, and the
        # refusal recorded against the caller's certificate.
        error = self.refused(
            grpc.StatusCode.INVALID_ARGUMENT,
            lambda: check(b"\x0a\xff\x01abc",
                          metadata=self.cast.police.metadata(), timeout=10))
        self.assertIn("/keeper.v1.RegisterService/CheckRegister",
                      error.details())
        self.assert_no_domain_event()
        refusals = self.new_events()
        self.assertEqual([e["event_type"] for e in refusals],
                         ["AccessRefused"])
        self.assertEqual(refusals[0]["actor"]["subject"], "pat.police")

    def test_no_client_certificate(self):
        anonymous = self.client(None)
        self.refused(grpc.StatusCode.UNAVAILABLE,
                     lambda: anonymous.get_case(CASE))
        self.refused(grpc.StatusCode.UNAVAILABLE,
                     lambda: anonymous.command("OpenCase", case_id="c-3"))
        # Refused in the TLS handshake: there is no caller to record.
        self.assert_nothing_written()

    def test_certificate_from_another_ca(self):
        with tempfile.TemporaryDirectory() as other:
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                    "ca.key", "-out", "ca.pem", "-days", "2", "-subj",
                    "/CN=Another CA", cwd=other)
            # The same subject as a real social worker, signed by the
            # wrong CA.
            issue_client_cert(other, "impostor",
                              "/CN=sam.social/O=social_work/"
                              "OU=social_worker/L=fife")
            # Trust the real server; present the impostor's certificate.
            with open(os.path.join(self.server.cert_dir, "ca.pem"),
                      "rb") as f:
                real_ca = f.read()
            with open(os.path.join(other, "ca.pem"), "wb") as f:
                f.write(real_ca)
            impostor = self.client("impostor", cert_dir=other)
            self.refused(grpc.StatusCode.UNAVAILABLE,
                         lambda: impostor.get_case(CASE))
            self.refused(grpc.StatusCode.UNAVAILABLE,
                         lambda: impostor.command("OpenCase", case_id="c-4"))
        self.assert_nothing_written()

    def test_certificate_without_a_role(self):
        # From the right CA but naming no role (OU): authenticated by TLS,
        # refused by the gate, and the refusal recorded.
        issue_client_cert(self.server.cert_dir, "no-role",
                          "/CN=nora.norole/O=social_work/L=fife")
        nobody = self.client("no-role")
        self.refused(grpc.StatusCode.UNAUTHENTICATED,
                     lambda: nobody.get_case(CASE))
        self.refused(grpc.StatusCode.UNAUTHENTICATED,
                     lambda: nobody.command("OpenCase", case_id="c-5"))
        self.assert_no_domain_event()
        refusals = self.new_events()
        self.assertEqual([e["event_type"] for e in refusals],
                         ["AccessRefused"] * 2)
        self.assertEqual({e["payload"]["status_code"] for e in refusals},
                         {grpc.StatusCode.UNAUTHENTICATED.value[0]})
        # Each names the child it was about, the refused command included.
        self.assertEqual([e["payload"].get("case_ids") for e in refusals],
                         [[CASE], ["c-5"]])


if __name__ == "__main__":
    unittest.main()
