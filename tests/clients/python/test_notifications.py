"""Notifications of register enquiries through a real keeperd: the access
policy's enquiry settings decide, per role, whether an enquiry about a
registered child notifies the child's authority or stays silent; the
enquirer is given the authority's contact numbers; the authority
acknowledges, and inspectors see which notifications were seen and how
soon."""

import unittest

import grpc
from google.protobuf import json_format

import test_bad_requests
from conference_story import AUTHORITY, CASE, StoryTestCase
from keeper.v1 import (access_pb2, audit_service_pb2,
                       notification_service_pb2,
                       notification_service_pb2_grpc)

CHECK = "/keeper.v1.RegisterService/CheckRegister"


class NotificationsTest(StoryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Enquirers from another authority: notices must cross authorities.
        for name, subject in (
                ("dundee-police",
                 "/CN=dee.police/O=police/OU=police_officer/L=dundee-city"),
                ("dundee-health-visitor",
                 "/CN=dee.health/O=health/OU=health_visitor/L=dundee-city")):
            test_bad_requests.issue_client_cert(cls.server.cert_dir, name,
                                                subject)

    def check(self, role, purpose):
        """Checks CASE as `role`; returns (answer, position of its record,
        the record)."""
        answer = self.client(role, purpose=purpose).check_register(
            case_id=CASE)
        for event in reversed(self.server.events()):
            if (event["event_type"] == "AccessGranted"
                    and event["payload"]["method"] == CHECK):
                payload = {k: v for k, v in event["payload"].items()
                           if k != "@type"}
                record = json_format.ParseDict(payload,
                                               access_pb2.AccessRecord())
                return answer, int(event["position"]), record
        self.fail("no record of the check")

    def told(self, role, after):
        """The CheckRegister records `role`'s feed delivers after position
        `after` until it goes quiet, as (subject, position)."""
        stream = self.client(role).subscribe(
            from_position=after + 1, event_types=["AccessGranted"], timeout=3)
        seen = []
        try:
            for event in stream:
                record = access_pb2.AccessRecord()
                event.payload.Unpack(record)
                if record.method == CHECK:
                    seen.append((event.actor.subject, event.position))
        except grpc.RpcError as error:
            self.assertEqual(error.code(), grpc.StatusCode.DEADLINE_EXCEEDED)
        return seen

    def acknowledge(self, role, position):
        client = self.client(role, purpose="duty")
        stub = notification_service_pb2_grpc.NotificationServiceStub(
            client.channel)
        return stub.AcknowledgeNotification(
            notification_service_pb2.AcknowledgeNotificationRequest(
                notice_position=position),
            metadata=client.metadata(), timeout=10)

    def notifications(self):
        """The inspector's listing of notifications, by position."""
        page = self.client("inspector", purpose="inspection").audit \
            .QueryAccessTrail(
                audit_service_pb2.AccessTrailQuery(notifications_only=True,
                                                   page_size=1000),
                metadata=[("x-keeper-purpose", "inspection")], timeout=10)
        return {entry.position: entry for entry in page.entries}

    def test_policy_decides_who_is_told_and_contacts_are_given(self):
        start = len(self.server.events())
        answer, unscheduled, record = self.check("dundee-police",
                                                 "missing child found")
        # The enquirer is given the responsible authority's numbers.
        self.assertTrue(answer.on_register)
        contact = answer.matches[0].authority_contact
        self.assertEqual((contact.authority, contact.office_hours,
                          contact.out_of_hours),
                         (AUTHORITY, "01632 960101", "01632 960102"))
        # Unscheduled care notifies; the notice names agency, setting and
        # purpose, and which policy entry applied.
        self.assertEqual(list(record.notify_authorities), [AUTHORITY])
        self.assertTrue(record.notice.notified)
        self.assertEqual(
            (record.notice.agency, record.notice.setting,
             record.notice.purpose, record.notice.rule),
            ("police", "unscheduled care (police)", "missing child found",
             "enquirySettings[police_officer]: notifies"))

        _, scheduled, record = self.check("dundee-health-visitor",
                                          "routine visit")
        # Scheduled care stays silent, and the record says why.
        self.assertEqual(list(record.notify_authorities), [])
        self.assertFalse(record.notice.notified)
        self.assertEqual(record.notice.rule,
                         "enquirySettings[health_visitor]: silent")
        self.assertEqual(list(record.notice.authorities), [AUTHORITY])

        # Fife's social worker is told of the first only; Dundee's, whose
        # authority holds no such child, of neither (both enquirers are
        # Dundee's, so its own staff's reads reach it: look at Fife's
        # enquirer instead); a role that sees no access records, never.
        _, fife_police, _ = self.check("police-officer", "enquiry")
        told_fife = self.told("social-worker", start)
        self.assertIn(("dee.police", unscheduled), told_fife)
        self.assertNotIn(("dee.health", scheduled), told_fife)
        self.assertNotIn(("pat.police", fife_police),
                         self.told("social-worker-dundee", start))
        self.assertEqual(self.told("health-visitor", start), [])

    def test_acknowledgement_is_recorded_and_visible_to_inspectors(self):
        _, notice, _ = self.check("dundee-police", "found out of hours")
        _, silent, _ = self.check("dundee-health-visitor", "routine visit")
        _, unseen, _ = self.check("dundee-police", "second enquiry")

        # Only the notified authority's permitted roles acknowledge, once.
        self.assertEqual(
            self.refused(grpc.StatusCode.PERMISSION_DENIED,
                         lambda: self.acknowledge("health-visitor", notice))
            .code(), grpc.StatusCode.PERMISSION_DENIED)
        self.refused(grpc.StatusCode.NOT_FOUND,
                     lambda: self.acknowledge("social-worker-dundee", notice))
        self.refused(grpc.StatusCode.NOT_FOUND,
                     lambda: self.acknowledge("social-worker", silent))
        done = self.acknowledge("social-worker", notice)
        self.assertEqual((done.notice_position, done.authority),
                         (notice, AUTHORITY))
        self.assertGreaterEqual(done.seconds_after_notice, 0)
        self.refused(grpc.StatusCode.ALREADY_EXISTS,
                     lambda: self.acknowledge("team-manager", notice))

        # Recorded as an event beside the notice it acknowledges.
        acks = [e for e in self.server.events()
                if e["event_type"] == "NotificationAcknowledged"]
        self.assertEqual(len(acks), 1)
        self.assertEqual(acks[0]["stream_id"], f"access-{CASE}")
        self.assertEqual(int(acks[0]["payload"]["notice_position"]), notice)
        self.assertEqual(acks[0]["actor"]["subject"], "sam.social")

        # Inspectors see which notifications were seen, by whom, how soon.
        listed = self.notifications()
        self.assertNotIn(silent, listed)
        self.assertEqual(
            [a.actor.subject for a in listed[notice].acknowledgements],
            ["sam.social"])
        self.assertEqual(len(listed[unseen].acknowledgements), 0)
        out = self.server.keeper("--as", "inspector", "--purpose",
                                 "inspection", "notifications").stdout
        self.assertRegex(out, rf"(?m)^{notice}\b.*fife by sam\.social after "
                              r"\d+ s")
        self.assertRegex(out, rf"(?m)^{unseen}\b.*not acknowledged")

        # The CLI acknowledges too.
        self.server.keeper("--as", "team-manager", "--purpose", "duty",
                           "acknowledge", "--notice", str(unseen))
        self.assertEqual(len(self.notifications()[unseen].acknowledgements),
                         1)


if __name__ == "__main__":
    unittest.main()
