"""Paging the audit trails through keeperd ends, and returns each entry
once: a page token pins the trail as it stood at the first page, so the
inspector's own reads (recorded for the case they filter on) and changes
made while paging do not join the pages already being read."""

import unittest

from conference_story import AUTHORITY, CASE, CHILD, Cast
from keeper.v1 import audit_service_pb2
from keeperd_fixture import Keeperd

# Far more pages than the trails hold: reaching it means paging never ends.
MAX_PAGES = 60


class TrailPagingTest(unittest.TestCase):
    def setUp(self):
        self.server = Keeperd()
        self.addCleanup(self.server.cleanup)
        self.cast = Cast(self.server.address, self.server.cert_dir)
        self.addCleanup(self.cast.close)
        self.cast.social_worker.command(
            "OpenCase", case_id=CASE, local_authority=AUTHORITY, child=CHILD,
            reason="Health visitor's concern")

    def page_through(self, query, page_size, between_pages=lambda: None):
        """Every page of `query` (a function of page_size and page_token
        returning a page); returns the entries and the number of pages."""
        entries, token, pages = [], "", 0
        while True:
            page = query(page_size=page_size, page_token=token)
            pages += 1
            entries.extend(page.entries)
            token = page.next_page_token
            if not token:
                return entries, pages
            self.assertLess(pages, MAX_PAGES, "paging does not end")
            between_pages()

    def access_trail(self, **query):
        request = audit_service_pb2.AccessTrailQuery(case_id=CASE, **query)
        inspector = self.cast.inspector
        return inspector.audit.QueryAccessTrail(
            request, metadata=inspector.metadata(), timeout=10)

    def change_trail(self, **query):
        request = audit_service_pb2.ChangeTrailQuery(case_id=CASE, **query)
        inspector = self.cast.inspector
        return inspector.audit.QueryChangeTrail(
            request, metadata=inspector.metadata(), timeout=10)

    def test_access_trail_pages_end_and_hold_each_entry_once(self):
        for _ in range(3):
            self.cast.social_worker.get_case(CASE)
        for page_size in (1, 2, 3):
            with self.subTest(page_size=page_size):
                paged, pages = self.page_through(self.access_trail, page_size)
                positions = [e.position for e in paged]
                self.assertEqual(positions, sorted(set(positions)),
                                 "each entry once, in order")
                # Everything recorded for the case before paging began, and
                # none of the pages' own reads, which a later query shows.
                everything = self.access_trail(page_size=1000).entries
                own = everything[len(everything) - pages:]
                for entry in own:
                    self.assertEqual(entry.record.method,
                                     "/keeper.v1.AuditService/QueryAccessTrail")
                    self.assertIn(f"page_size: {page_size}", entry.record.query)
                self.assertEqual(
                    positions,
                    [e.position for e in everything[:len(everything) - pages]])
                methods = [e.record.method for e in paged]
                self.assertEqual(
                    methods.count("/keeper.v1.CaseService/GetCase"), 3)

    def test_change_trail_pages_end_while_the_case_changes(self):
        sw = self.cast.social_worker
        for n in range(3):
            sw.command("AmendChildDetails", case_id=CASE, child=CHILD,
                       reason=f"Checked with the school ({n})")
        before = sw.get_case(CASE).version
        amended = 0

        def amend():
            nonlocal amended
            amended += 1
            sw.command("AmendChildDetails", case_id=CASE, child=CHILD,
                       reason=f"Checked while paging ({amended})")

        for page_size in (1, 2):
            with self.subTest(page_size=page_size):
                paged, _ = self.page_through(self.change_trail, page_size,
                                             between_pages=amend)
                versions = [e.case_version for e in paged]
                # The case as it stood at the first page, each change once.
                self.assertEqual(versions, list(range(1, before + 1)))
                self.assertGreater(amended, 0)
                before = sw.get_case(CASE).version
                self.assertEqual(
                    len(self.change_trail(page_size=1000).entries), before)


if __name__ == "__main__":
    unittest.main()
