"""AIP-158 paging of ListRegister and of a case's history (GetCase),
through a real keeperd holding a demo store: the pages together hold every
item exactly once, in the order of the unpaged answer."""

import subprocess
import unittest

import grpc

from keeper.v1 import case_service_pb2, register_service_pb2
from keeper_client import KeeperClient, error_info
from keeperd_fixture import KEEPER, Keeperd

AUTHORITY = "fife"


def demo(data_dir):
    subprocess.run([KEEPER, f"--data_dir={data_dir}", "demo", "--children=20",
                    "--seed=7"], check=True, capture_output=True, timeout=120)


class PagingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Keeperd(prepare=demo)
        cls.client = KeeperClient(cls.server.address, cls.server.cert_dir,
                                  "team-manager", purpose="paging test")

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.server.cleanup()

    def list_register(self, **fields):
        return self.client.register.ListRegister(
            register_service_pb2.ListRegisterRequest(
                local_authority=AUTHORITY, **fields),
            metadata=self.client.metadata(), timeout=10)

    def get_case(self, **fields):
        return self.client.cases.GetCase(
            case_service_pb2.GetCaseRequest(**fields),
            metadata=self.client.metadata(), timeout=10)

    def test_register_pages_hold_every_entry_once(self):
        everything = self.list_register()
        self.assertGreaterEqual(len(everything.entries), 3, everything)
        self.assertEqual(everything.next_page_token, "")
        paged, token, pages, pinned = [], "", 0, set()
        while True:
            page = self.list_register(page_size=2, page_token=token)
            self.assertLessEqual(len(page.entries), 2)
            # Each read appends its access record, moving the head; the
            # pages stay pinned to the first one's position.
            pinned.add(page.as_of_position)
            self.assertEqual(len(pinned), 1)
            paged += [e.case_id for e in page.entries]
            pages += 1
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(set(paged)), len(paged), "none twice")
        self.assertEqual(paged, [e.case_id for e in everything.entries])
        self.assertEqual(pages, (len(everything.entries) + 1) // 2)

    def test_history_pages_hold_every_event_once(self):
        case_id = self.list_register().entries[0].case_id
        full = self.get_case(case_id=case_id)
        self.assertGreater(len(full.history), 3)
        positions, token = [], ""
        while True:
            page = self.get_case(case_id=case_id, page_size=3,
                                 page_token=token)
            self.assertLessEqual(len(page.history), 3)
            positions += [e.position for e in page.history]
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(len(set(positions)), len(positions), "none twice")
        self.assertEqual(positions, [e.position for e in full.history])

    def test_a_forged_token_is_refused(self):
        for call in (lambda: self.list_register(page_token="nonsense"),
                     lambda: self.get_case(
                         case_id=self.list_register().entries[0].case_id,
                         page_token="f" * 32)):
            with self.assertRaises(grpc.RpcError) as caught:
                call()
            self.assertEqual(caught.exception.code(),
                             grpc.StatusCode.INVALID_ARGUMENT)
            self.assertEqual(error_info(caught.exception).metadata["field"],
                             "page_token")


if __name__ == "__main__":
    unittest.main()
