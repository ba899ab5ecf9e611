"""Every read through a real keeperd leaves its record, whatever becomes of
it: the feed delivers only what a role's policy lists, an undecodable body
is refused and recorded, a failed read is recorded, and a refused read about
a child names the child."""

import unittest

import grpc

from conference_story import AUTHORITY, CASE, StoryTestCase
from keeper.v1 import (access_pb2, proof_service_pb2 as p,
                       proof_service_pb2_grpc)
from keeper_client import KeeperClient, rich_status, violations
from google.rpc import error_details_pb2

# visibleEventTypes of the contributing roles in access_policy.json.
CONTRIBUTOR_TYPES = {"ChildRegistered", "ChildDeregistered",
                     "RegistrationAmended", "ConferenceScheduled"}
REFUSED = access_pb2.ACCESS_REFUSED


class ReadRecordsTest(StoryTestCase):
    def new_events(self, before):
        return self.server.events()[len(before):]

    def only_refusal(self, before, method, code):
        """The one event written since `before`: a refusal of `method`."""
        new = self.new_events(before)
        self.assertEqual([e["event_type"] for e in new], ["AccessRefused"],
                         new)
        self.assertEqual(new[0]["payload"]["method"], method)
        self.assertEqual(new[0]["payload"]["status_code"], code.value[0])
        return new[0]

    def feed(self, role):
        """What `role`'s feed delivers from the start until it goes quiet."""
        stream = self.client(role).subscribe(timeout=3)
        seen = []
        try:
            for event in stream:
                seen.append(event)
        except grpc.RpcError as error:
            self.assertEqual(error.code(), grpc.StatusCode.DEADLINE_EXCEEDED)
        return seen

    def test_feed_delivers_only_the_roles_event_types(self):
        # A police enquiry about a Fife child: Fife's social workers are
        # told; contributors of other agencies, whose role lists no access
        # records, are not.
        self.cast.police.check_register(case_id=CASE)
        for role in ("health-visitor", "teacher"):
            seen = self.feed(role)
            self.assertTrue(seen, role)
            self.assertLessEqual({e.event_type for e in seen},
                                 CONTRIBUTOR_TYPES, role)
        told = [e for e in self.feed("social-worker")
                if e.event_type == "AccessGranted"
                and e.actor.subject == "pat.police"]
        self.assertTrue(told)

    def test_undecodable_bodies_are_refused_and_recorded(self):
        bodies = [
            # A length-delimited field whose length runs past the message.
            b"\x0a\xff\x01abc",
            # A string field (case_id / family name) that is not UTF-8.
            b"\x0a\x02\xff\xfe",
            # Not protobuf at all.
            b"\xff\xff\xff\xff\xff\xff",
        ]
        calls = [("police-officer", "pat.police",
                  "/keeper.v1.RegisterService/CheckRegister"),
                 ("social-worker", "sam.social",
                  "/keeper.v1.CaseService/GetCase"),
                 ("social-worker", "sam.social",
                  "/keeper.v1.CaseService/OpenCase")]
        for role, subject, method in calls:
            client = self.client(role)
            raw = client.channel.unary_unary(
                method, request_serializer=lambda body: body,
                response_deserializer=lambda body: body)
            for body in bodies:
                before = self.server.events()
                error = self.refused(
                    grpc.StatusCode.INVALID_ARGUMENT,
                    lambda: raw(body, metadata=client.metadata(), timeout=10))
                self.assertIn(method, error.details())
                status = rich_status(error)
                self.assertIsNotNone(status, method)
                self.assertTrue(any(d.Is(error_details_pb2.BadRequest.DESCRIPTOR)
                                    for d in status.details), method)
                self.assertTrue(any(method in description for _, description
                                    in violations(error)), violations(error))
                refusal = self.only_refusal(before, method,
                                            grpc.StatusCode.INVALID_ARGUMENT)
                self.assertEqual(refusal["actor"]["subject"], subject)

    def test_undecodable_feed_request_is_refused_and_recorded(self):
        method = "/keeper.v1.EventsService/Subscribe"
        sw = self.client("social-worker")
        feed = sw.channel.unary_stream(
            method, request_serializer=lambda body: body,
            response_deserializer=lambda body: body)
        before = self.server.events()
        error = self.refused(
            grpc.StatusCode.INVALID_ARGUMENT,
            lambda: list(feed(b"\x0a\xff\x01abc", metadata=sw.metadata(),
                              timeout=10)))
        self.assertIn(method, error.details())
        refusal = self.only_refusal(before, method,
                                    grpc.StatusCode.INVALID_ARGUMENT)
        self.assertEqual(refusal["actor"]["subject"], "sam.social")

    def test_invalid_case_id_is_recorded_and_quotes_no_stream(self):
        sw = self.client("social-worker")
        before = self.server.events()
        error = self.refused(grpc.StatusCode.INVALID_ARGUMENT,
                             lambda: sw.get_case("fife\x00-0042"))
        self.assertNotIn("case-", error.details())
        self.assertEqual([f for f, _ in violations(error)], ["case_id"])
        self.only_refusal(before, "/keeper.v1.CaseService/GetCase",
                          grpc.StatusCode.INVALID_ARGUMENT)

    def test_verified_read_past_the_head_is_recorded(self):
        inspector = self.client("inspector")
        proofs = proof_service_pb2_grpc.ProofServiceStub(inspector.channel)
        before = self.server.events()
        self.refused(grpc.StatusCode.OUT_OF_RANGE,
                     lambda: proofs.VerifiedRead(
                         p.VerifiedReadRequest(position=10**9),
                         metadata=inspector.metadata(), timeout=10))
        self.only_refusal(before, "/keeper.v1.ProofService/VerifiedRead",
                          grpc.StatusCode.OUT_OF_RANGE)

    def test_refusals_name_the_child_and_the_trail_finds_them(self):
        method = "/keeper.v1.CaseService/GetCase"
        attempts = [
            ("teacher", "child protection enquiry",
             grpc.StatusCode.PERMISSION_DENIED),
            ("social-worker", "", grpc.StatusCode.INVALID_ARGUMENT),
        ]
        for role, purpose, code in attempts:
            before = self.server.events()
            self.refused(code, lambda: self.client(role, purpose)
                         .get_case(CASE))
            refusal = self.only_refusal(before, method, code)
            self.assertEqual(refusal["payload"]["case_ids"], [CASE], role)

        # ListRegister names an authority, not a child: the refusal keeps
        # what was asked.
        before = self.server.events()
        self.refused(grpc.StatusCode.PERMISSION_DENIED,
                     lambda: self.client("social-worker-dundee")
                     .list_register(AUTHORITY))
        refusal = self.only_refusal(before,
                                    "/keeper.v1.RegisterService/ListRegister",
                                    grpc.StatusCode.PERMISSION_DENIED)
        self.assertNotIn("case_ids", refusal["payload"])
        self.assertIn(AUTHORITY, refusal["payload"]["query"])

        # The inspector's by-child trail holds both refused GetCase calls.
        trail = self.cast.inspector.query_access_trail(
            case_id=CASE, page_size=1000).entries
        found = {(e.actor.subject, e.record.status_code) for e in trail
                 if e.record.method == method and e.record.outcome == REFUSED}
        self.assertEqual(found, {
            ("tom.teacher", grpc.StatusCode.PERMISSION_DENIED.value[0]),
            ("sam.social", grpc.StatusCode.INVALID_ARGUMENT.value[0])})


if __name__ == "__main__":
    unittest.main()
