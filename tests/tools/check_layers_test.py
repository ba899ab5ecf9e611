"""The layering check refuses what it should, and passes what it should."""

import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECK = pathlib.Path(__file__).resolve().parents[2] / "tools" / "check_layers.py"


def run_check(files):
    with tempfile.TemporaryDirectory() as root:
        for rel, text in files.items():
            path = pathlib.Path(root, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        done = subprocess.run([sys.executable, CHECK, root],
                              capture_output=True, text=True)
        return done.returncode, done.stdout


class CheckLayersTest(unittest.TestCase):
    def test_includes_down_and_across_pass(self):
        code, out = run_check({
            "domain/a.cc": '#include "domain/b.h"\n#include "eventstore/event_store.h"\n',
            "services/grpc/s.cc": '#include "services/access/gate.h"\n#include "projections/p.h"\n',
            "eventstore/e.cc": '#include "eventstore/internal/impl.h"\n',
            "tests/domain/t.cc": '#include "tools/cli.h"\n#include "keeper/v1/types.pb.h"\n',
        })
        self.assertEqual(code, 0, out)

    def test_include_up_a_layer_fails(self):
        code, out = run_check({
            "eventstore/e.cc": '#include "domain/case_state.h"\n',
        })
        self.assertEqual(code, 1)
        self.assertIn("eventstore/e.cc:1: includes domain/case_state.h", out)

    def test_policy_seam_is_checked(self):
        code, out = run_check({
            "domain/policy/p.cc": '#include "domain/decide.h"\n',
        })
        self.assertEqual(code, 1)
        self.assertIn("domain/ is above domain/policy/", out)

    def test_access_below_grpc(self):
        code, out = run_check({
            "services/access/gate.cc": '#include "services/grpc/status_util.h"\n',
        })
        self.assertEqual(code, 1, out)

    def test_another_modules_internals_fail_even_from_tests(self):
        code, out = run_check({
            "projections/p.cc": '#include "eventstore/internal/stager.h"\n',
            "tests/eventstore/t.cc": '#include "eventstore/internal/stager.h"\n',
        })
        self.assertEqual(code, 1)
        self.assertIn("projections/p.cc:1", out)
        self.assertIn("tests/eventstore/t.cc:1", out)
        self.assertIn("2 include(s) break the layering", out)


if __name__ == "__main__":
    unittest.main()
