"""Every kind of refusal carries a google.rpc.ErrorInfo in domain keeper.v1
with its stable reason, beside the BadRequest or PreconditionFailure it had;
and the input limits of the access policy hold before anything is
recorded, with no unbounded echo."""

import unittest

import grpc

from conference_story import AUTHORITY, CASE, CONFERENCE, StoryTestCase
from keeper.v1 import (case_service_pb2, proof_service_pb2,
                       proof_service_pb2_grpc, register_service_pb2,
                       types_pb2 as t)
from keeper_client import KeeperClient, error_info, violations

ID_LIMIT = 64  # inputLimits.idBytes of access_policy.json
PURPOSE_LIMIT = 500


class ErrorReasonTest(StoryTestCase):
    def assert_reason(self, error, reason, **metadata):
        info = error_info(error)
        self.assertIsNotNone(info, error.details())
        self.assertEqual(info.domain, "keeper.v1")
        self.assertEqual(info.reason, reason, error.details())
        for key, value in metadata.items():
            self.assertEqual(info.metadata[key], value, info)
        return info

    def test_purpose_required(self):
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: self.client("social-worker", purpose="")
                             .get_case(CASE))
        self.assert_reason(error, "PURPOSE_REQUIRED")

    def test_role_not_permitted(self):
        error = self.refused(grpc.StatusCode.PERMISSION_DENIED,
                             lambda: self.client("teacher").get_case(CASE))
        self.assert_reason(error, "ROLE_NOT_PERMITTED")

    def test_outside_authority(self):
        error = self.refused(
            grpc.StatusCode.PERMISSION_DENIED,
            lambda: self.client("social-worker-dundee").get_case(CASE))
        self.assert_reason(error, "OUTSIDE_AUTHORITY")

    def test_certificate_required(self):
        client = KeeperClient(self.server.address, self.server.cert_dir, None,
                              purpose="p")
        self.addCleanup(client.close)
        with self.assertRaises(grpc.RpcError) as caught:
            client.get_case(CASE)
        # Without a client certificate the handshake itself may fail
        # (UNAVAILABLE, no details); if keeperd answers, it names why.
        if caught.exception.code() == grpc.StatusCode.UNAUTHENTICATED:
            self.assert_reason(caught.exception, "CERTIFICATE_REQUIRED")

    def test_not_found(self):
        error = self.refused(grpc.StatusCode.NOT_FOUND,
                             lambda: self.client("social-worker")
                             .get_case("no-such-case"))
        self.assert_reason(error, "NOT_FOUND")

    def test_invalid_input_keeps_its_bad_request(self):
        sw = self.client("social-worker")
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.get_case("not an id!"))
        self.assert_reason(error, "INVALID_INPUT", field="case_id")
        self.assertIn("case_id", [f for f, _ in violations(error)])

    def test_rule_broken_keeps_its_precondition_failure(self):
        sw = self.client("social-worker")
        # The story's case is open: opening it again breaks a rule or
        # names something recorded before.
        error = self.refused(
            grpc.StatusCode.ALREADY_EXISTS,
            lambda: sw.command("OpenCase", case_id=CASE,
                               local_authority=AUTHORITY))
        self.assert_reason(error, "ALREADY_RECORDED")
        error = self.refused(
            grpc.StatusCode.FAILED_PRECONDITION,
            lambda: sw.command(
                "GiveRegistrationView", case_id=CASE,
                conference_id=CONFERENCE, participant_id="mum",
                view=t.REGISTRATION_VIEW_DO_NOT_REGISTER, reasons="No"))
        info = self.assert_reason(error, "RULE_BROKEN")
        self.assertTrue(info.metadata["rule"])
        self.assertTrue(violations(error))

    def test_version_conflict(self):
        sw = self.client("social-worker")
        error = self.refused(
            grpc.StatusCode.ABORTED,
            lambda: sw.command("AmendChildDetails", case_id=CASE,
                               expected_version=1, child=t.ChildDetails(
                                   given_name="A", family_name="B")))
        self.assert_reason(error, "VERSION_CONFLICT")

    def test_out_of_range(self):
        inspector = self.client("inspector")
        proofs = proof_service_pb2_grpc.ProofServiceStub(inspector.channel)
        error = self.refused(
            grpc.StatusCode.OUT_OF_RANGE,
            lambda: proofs.VerifiedRead(
                proof_service_pb2.VerifiedReadRequest(position=10**9),
                metadata=inspector.metadata(), timeout=10))
        self.assert_reason(error, "OUT_OF_RANGE")

    def test_malformed_request(self):
        sw = self.client("social-worker")
        raw = sw.channel.unary_unary("/keeper.v1.CaseService/GetCase",
                                     request_serializer=lambda b: b,
                                     response_deserializer=lambda b: b)
        with self.assertRaises(grpc.RpcError) as caught:
            raw(b"\xff\xff\xff", metadata=sw.metadata(), timeout=10)
        self.assert_reason(caught.exception, "MALFORMED_REQUEST")


class InputLimitTest(StoryTestCase):
    def setUp(self):
        self.before = self.server.events()

    def new_events(self):
        return self.server.events()[len(self.before):]

    def assert_only_bounded_refusal(self):
        events = self.new_events()
        self.assertEqual([e["event_type"] for e in events], ["AccessRefused"])
        self.assertLess(len(str(events[0])), 4000, events[0])

    def test_long_case_id_in_a_register_check(self):
        hv = self.client("health-visitor")
        long_id = "a" * 100000
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: hv.check_register(case_id=long_id))
        info = error_info(error)
        self.assertEqual(info.reason, "INPUT_TOO_LONG")
        self.assertEqual(info.metadata["field"], "case_id")
        self.assertEqual(info.metadata["limit"], str(ID_LIMIT))
        self.assertLess(len(error.details()), 300)
        self.assert_only_bounded_refusal()

    def test_nul_in_a_case_id_is_invalid_and_not_echoed_raw(self):
        hv = self.client("health-visitor")
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: hv.check_register(case_id="ab\0cd"))
        self.assertEqual(error_info(error).reason, "INVALID_INPUT")
        self.assertNotIn("\0", error.details())

    def test_long_id_on_get_case_is_not_echoed(self):
        sw = self.client("social-worker")
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.get_case("x" * 10000))
        self.assertEqual(error_info(error).reason, "INPUT_TOO_LONG")
        self.assertNotIn("x" * 100, error.details())

    def test_long_purpose(self):
        hv = self.client("health-visitor", purpose="p" * 7000)
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: hv.check_register(case_id=CASE))
        info = error_info(error)
        self.assertEqual(info.reason, "INPUT_TOO_LONG")
        self.assertEqual(info.metadata["field"], "x-keeper-purpose")
        self.assertEqual(info.metadata["limit"], str(PURPOSE_LIMIT))
        self.assert_only_bounded_refusal()
        self.assertLess(len(self.new_events()[0].get("purpose", "")), 600)

    def test_long_name_in_a_nested_field(self):
        hv = self.client("health-visitor")
        request = register_service_pb2.RegisterCheckRequest(
            name_and_birth=register_service_pb2.NameAndBirth(
                family_name="n" * 5000,
                date_of_birth=t.Date(year=2020, month=1, day=1)))
        error = self.refused(
            grpc.StatusCode.INVALID_ARGUMENT,
            lambda: hv.register.CheckRegister(request, metadata=hv.metadata(),
                                              timeout=10))
        info = error_info(error)
        self.assertEqual(info.metadata["field"], "name_and_birth.family_name")
        self.assert_only_bounded_refusal()

    def test_within_limits_still_answers(self):
        hv = self.client("health-visitor", purpose="p" * PURPOSE_LIMIT)
        self.assertTrue(hv.check_register(case_id=CASE).on_register)


if __name__ == "__main__":
    unittest.main()
