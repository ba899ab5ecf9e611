"""Subject access bundles from a real keeperd: one for the child and one
for the mother, on the story's case with a restricted report part, a part
marked as likely to cause serious harm and a second parent (a third party).
Each bundle is checked item by item: every event of the case, its register
entry and its access records up to the bundle's checkpoint is either
released, with an inclusion proof the Python verifier accepts, or listed as
withheld with its exemption and without its content; the release is in the
disclosure log."""

import os
import unittest

import grpc
import conference_story
from google.protobuf import json_format

from conference_story import (CASE, FIVE_PARTS, HEALTH_VISITOR,
                              REPORT, StoryTestCase)
from keeper.v1 import case_service_pb2, domain_event_pb2
from keeper.v1 import privacy_events_pb2 as pe
from keeper.v1 import privacy_service_pb2 as ps
from keeper.v1 import privacy_service_pb2_grpc as ps_grpc
from keeper.v1 import proof_service_pb2 as proof
from keeper.v1 import types_pb2 as t
from keeper_client import KeeperClient
from keeper_verify import Rejected, check_bundle, event_hash

DAD = t.Participant(participant_id="dad", person=t.Person(name="Lee Brown"),
                    role=t.PARTY_ROLE_PARENT, relationship="father")
DPO = t.Person(name="Dana Officer", subject="dana.dpo",
               agency=t.AGENCY_SOCIAL_WORK, job_title="data protection")
HARM_PART = 2  # factual information, marked when shared with the father
RESTRICTED_PART = 4


class SubjectAccessTest(StoryTestCase):
    @classmethod
    def setUpClass(cls):
        # The father is invited and attends too: a second family member
        # whose details neither the child's nor the mother's bundle shows.
        conference_story.PARTICIPANTS.append(DAD)
        try:
            super().setUpClass()
        finally:
            conference_story.PARTICIPANTS.remove(DAD)
        sw = cls.cast.social_worker
        sw.command("ShareReport", case_id=CASE, report_id=REPORT, version=1,
                   participant_id="dad",
                   serious_harm_part_indexes=[HARM_PART])
        # A read of the case: the access trail the bundles show.
        sw.cases.GetCase(case_service_pb2.GetCaseRequest(case_id=CASE),
                         metadata=sw.metadata(), timeout=10)
        cls.dpo = cls.client_of("data-protection", "subject access request")
        cls.dpo.command(
            "RecordSubjectAccessRequest", case_id=CASE, request_id="sar-child",
            requested_by=t.Person(name="Jamie Smith"),
            received_on=t.Date(year=2026, month=10, day=31))
        cls.dpo.command(
            "RecordSubjectAccessRequest", case_id=CASE, request_id="sar-mum",
            subject_participant_id="mum",
            requested_by=t.Person(name="Kim Smith"),
            received_on=t.Date(year=2026, month=11, day=3))
        with open(f"{cls.server.data_dir}/keys/checkpoint.vkey") as f:
            cls.vkey = f.read()
        stub = ps_grpc.SubjectAccessServiceStub(cls.dpo.channel)
        cls.bundles = {}
        for request_id, to in [("sar-child", "Jamie Smith"),
                               ("sar-mum", "Kim Smith")]:
            cls.bundles[request_id] = stub.ProduceDisclosureBundle(
                ps.ProduceDisclosureBundleRequest(
                    case_id=CASE, request_id=request_id,
                    released_to=t.Person(name=to)),
                metadata=cls.dpo.metadata(), timeout=30)
        cls.stored = {int(e["position"]): e for e in cls.server.events()}

    @classmethod
    def client_of(cls, role, purpose):
        c = KeeperClient(cls.server.address, cls.server.cert_dir, role,
                         purpose=purpose)
        cls.addClassCleanup(c.close)
        return c

    def domain_event(self, envelope):
        event = domain_event_pb2.DomainEvent()
        for field in event.DESCRIPTOR.oneofs_by_name["event"].fields:
            if field.message_type.name == envelope.event_type:
                envelope.payload.Unpack(getattr(event, field.name))
        return event

    def withheld(self, bundle):
        return {(w.position, w.part_index): w.exemption
                for w in bundle.withheld}

    def stored_positions(self, bundle, prefixes):
        size = bundle.checkpoint.tree_size
        return {p for p, e in self.stored.items() if p <= size and any(
            e["stream_id"].startswith(x) for x in prefixes)}

    def position_of(self, event_type, test=lambda e: True):
        found = [p for p, e in self.stored.items()
                 if e["event_type"] == event_type and test(e)]
        self.assertEqual(len(found), 1, event_type)
        return found[0]

    def test_request_due_in_one_month_by_policy(self):
        requested = [e for e in self.server.domain_events()
                     if e["event_type"] == "SubjectAccessRequested"]
        due = {e["payload"]["request_id"]: e["payload"]["due_on"]
               for e in requested}
        # 31 October plus one month: the month's last day.
        self.assertEqual(due["sar-child"],
                         {"year": 2026, "month": 11, "day": 30})
        self.assertEqual(due["sar-mum"], {"year": 2026, "month": 12, "day": 3})

    def check_proved(self, bundle):
        for item in bundle.events:
            if item.complete:
                self.assertEqual(event_hash(item.event), item.event.hash)
                check_bundle(proof.ProofBundle(verified_event=proof.VerifiedEvent(
                    event=item.event, proof=item.proof)), [], self.vkey)
            else:
                self.assertNotEqual(event_hash(item.event), item.event.hash)
                check_bundle(proof.ProofBundle(inclusion=item.proof), [],
                             self.vkey)
            self.assertEqual(item.proof.tree_size, bundle.checkpoint.tree_size)
            self.assertEqual(item.event.position, item.proof.position)
        # A released event altered after the bundle fails the verifier.
        forged = proof.VerifiedEvent()
        complete = next(i for i in bundle.events if i.complete)
        forged.CopyFrom(proof.VerifiedEvent(event=complete.event,
                                            proof=complete.proof))
        forged.event.purpose = "altered"
        with self.assertRaises(Rejected):
            check_bundle(proof.ProofBundle(verified_event=forged), [],
                         self.vkey)

    def check_accounted_for(self, bundle):
        """Every event up to the checkpoint is released or withheld."""
        released = {i.event.position for i in bundle.events}
        whole = {w.position for w in bundle.withheld if w.part_index == -1}
        self.assertFalse(released & whole)
        expected = self.stored_positions(
            bundle, ["case-" + CASE, "register-fife", "access-" + CASE])
        self.assertEqual(released | whole, expected)

    def check_report(self, bundle):
        report = self.position_of("ReportSubmitted")
        withheld = self.withheld(bundle)
        self.assertEqual(withheld[(report, RESTRICTED_PART)],
                         pe.EXEMPTION_RESTRICTED_PART)
        self.assertEqual(withheld[(report, HARM_PART)],
                         pe.EXEMPTION_SERIOUS_HARM)
        item = next(i for i in bundle.events if i.event.position == report)
        self.assertFalse(item.complete)
        parts = self.domain_event(item.event).report_submitted.parts
        self.assertEqual(parts[0].text, FIVE_PARTS[0].text)
        self.assertEqual(parts[HARM_PART].text, "")
        self.assertEqual(parts[RESTRICTED_PART].text, "")
        self.assertEqual(parts[RESTRICTED_PART].restriction_reason, "")
        raw = bundle.SerializeToString()
        for hidden in (FIVE_PARTS[HARM_PART].text,
                       FIVE_PARTS[RESTRICTED_PART].text,
                       FIVE_PARTS[RESTRICTED_PART].restriction_reason):
            self.assertNotIn(hidden.encode(), raw)
        # Professionals acting in their duties are named.
        self.assertIn(HEALTH_VISITOR.name.encode(), raw)

    def check_disclosure_logged(self, bundle, request_id, to):
        logged = self.stored_disclosure(bundle.disclosure_position)
        self.assertEqual(logged.request_id, request_id)
        self.assertEqual(logged.released_to.name, to)
        self.assertEqual(list(logged.included_positions),
                         [i.event.position for i in bundle.events])
        self.assertEqual(list(logged.withheld), list(bundle.withheld))
        self.assertEqual(logged.tree_size, bundle.checkpoint.tree_size)

    def stored_disclosure(self, position):
        events = {int(e["position"]): e for e in self.server.events()}
        self.assertEqual(events[position]["event_type"], "DisclosureRecorded")
        payload = {k: v for k, v in events[position]["payload"].items()
                   if k != "@type"}
        return json_format.ParseDict(payload, pe.DisclosureRecorded())

    def test_child_bundle(self):
        bundle = self.bundles["sar-child"]
        self.assertEqual(bundle.subject_name, "Jamie Smith")
        self.assertEqual(bundle.subject_participant_id, "")
        self.check_proved(bundle)
        self.check_accounted_for(bundle)
        self.check_report(bundle)
        withheld = self.withheld(bundle)
        for who in ("mum", "dad"):
            invited = self.position_of(
                "ParticipantInvited",
                lambda e: e["payload"]["participant"]["participant_id"] == who)
            self.assertEqual(withheld[(invited, -1)], pe.EXEMPTION_THIRD_PARTY)
        for kind in ("DisagreementRecorded", "DissentRecorded",
                     "ReportAcknowledged"):
            self.assertEqual(withheld[(self.position_of(kind), -1)],
                             pe.EXEMPTION_THIRD_PARTY, kind)
        # Who read the record, by name and purpose: professionals acting in
        # their duties are not withheld.
        reads = [i.event for i in bundle.events
                 if i.event.event_type == "AccessGranted"]
        self.assertTrue(any(r.actor.subject == "sam.social" for r in reads))
        types = [i.event.event_type for i in bundle.events]
        for kind in ("CaseOpened", "DecisionRecorded", "ChildRegistered",
                     "RegisterEntryOpened", "AccessGranted",
                     "SubjectAccessRequested"):
            self.assertIn(kind, types)
        self.check_disclosure_logged(bundle, "sar-child", "Jamie Smith")

    def test_parent_bundle(self):
        bundle = self.bundles["sar-mum"]
        self.assertEqual(bundle.subject_name, "Kim Smith")
        self.check_proved(bundle)
        self.check_accounted_for(bundle)
        self.check_report(bundle)
        withheld = self.withheld(bundle)
        released = {i.event.position: i for i in bundle.events}
        mum = self.position_of(
            "ParticipantInvited",
            lambda e: e["payload"]["participant"]["participant_id"] == "mum")
        dad = self.position_of(
            "ParticipantInvited",
            lambda e: e["payload"]["participant"]["participant_id"] == "dad")
        self.assertTrue(released[mum].complete)
        self.assertEqual(withheld[(dad, -1)], pe.EXEMPTION_THIRD_PARTY)
        self.assertNotIn(DAD.person.name.encode(), bundle.SerializeToString())
        # Her own disagreement is hers; the child's request is not.
        self.assertIn(self.position_of("DisagreementRecorded"), released)
        child_request = self.position_of(
            "SubjectAccessRequested",
            lambda e: e["payload"]["request_id"] == "sar-child")
        self.assertEqual(withheld[(child_request, -1)],
                         pe.EXEMPTION_THIRD_PARTY)
        self.check_disclosure_logged(bundle, "sar-mum", "Kim Smith")

    def test_keeper_sar_writes_json_and_html(self):
        out = os.path.join(self.server.data_dir, "sar-mum-cli")
        run = self.server.keeper(
            "--as", "data-protection", "--purpose", "subject access", "sar",
            "--case_id", CASE, "--request_id", "sar-mum",
            "--released_to", "Kim Smith", "--out", out)
        self.assertIn("bundle for Kim Smith", run.stdout)
        with open(out + ".json") as f:
            bundle = json_format.Parse(f.read(), ps.DisclosureBundle())
        self.assertEqual(bundle.subject_name, "Kim Smith")
        self.check_proved(bundle)
        with open(out + ".html") as f:
            page = f.read()
        self.assertTrue(page.startswith("<!DOCTYPE html>"))
        self.assertIn("EXEMPTION_SERIOUS_HARM", page)
        self.assertIn(FIVE_PARTS[0].text, page)
        self.assertNotIn(FIVE_PARTS[RESTRICTED_PART].text, page)
        # Payload JSON is shown escaped, never as markup.
        self.assertIn("&quot;case_id&quot;", page)
        self.assertNotIn('"case_id"', page)

    def test_only_the_data_protection_role_produces_bundles(self):
        sw = self.client("social-worker")
        stub = ps_grpc.SubjectAccessServiceStub(sw.channel)
        self.refused(grpc.StatusCode.PERMISSION_DENIED,
                     lambda: stub.ProduceDisclosureBundle(
                         ps.ProduceDisclosureBundleRequest(
                             case_id=CASE, request_id="sar-child",
                             released_to=t.Person(name="x")),
                         metadata=sw.metadata(), timeout=10))

    def test_unknown_request_and_subject(self):
        stub = ps_grpc.SubjectAccessServiceStub(self.dpo.channel)
        self.refused(grpc.StatusCode.NOT_FOUND,
                     lambda: stub.ProduceDisclosureBundle(
                         ps.ProduceDisclosureBundleRequest(
                             case_id=CASE, request_id="sar-none",
                             released_to=t.Person(name="x")),
                         metadata=self.dpo.metadata(), timeout=10))
        # A professional is no subject of a request on the case.
        self.refused(grpc.StatusCode.FAILED_PRECONDITION,
                     lambda: self.dpo.command(
                         "RecordSubjectAccessRequest", case_id=CASE,
                         request_id="sar-hv", subject_participant_id="hv",
                         requested_by=HEALTH_VISITOR))


if __name__ == "__main__":
    unittest.main()
