"""The status-details check refuses what it should, and passes what it
should."""

import pathlib
import subprocess
import sys
import tempfile
import unittest

CHECK = (pathlib.Path(__file__).resolve().parents[2] / "tools" /
         "check_status_details.py")

README = """# Contract

## Errors

| reason | code |
|---|---|
| `PURPOSE_REQUIRED` | INVALID_ARGUMENT |
| `INTERNAL` | INTERNAL |

## Limits
"""
ERROR_INFO_H = 'inline constexpr char kReasonPurposeRequired[] = ' \
               '"PURPOSE_REQUIRED";\n'
ERROR_INFO_CC = 'std::string ReasonForCode(absl::StatusCode code) {\n' \
                '  return "INTERNAL";\n}\n'
SERVICE = """grpc::Status Service::Call(grpc::ServerContext*) {
  if (bad) return ToGrpcStatus(absl::InvalidArgumentError("bad"));
  return grpc::Status::OK;
}
"""


def run_check(changes):
    files = {"proto/README.md": README, "common/error_info.h": ERROR_INFO_H,
             "common/error_info.cc": ERROR_INFO_CC,
             "services/grpc/service.cc": SERVICE,
             "services/grpc/status_util.cc":
                 "return grpc::Status(code, message, details);\n"}
    files.update(changes)
    with tempfile.TemporaryDirectory() as root:
        for rel, text in files.items():
            path = pathlib.Path(root, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        done = subprocess.run([sys.executable, CHECK, root],
                              capture_output=True, text=True)
        return done.returncode, done.stdout


class CheckStatusDetailsTest(unittest.TestCase):
    def test_statuses_made_by_the_helper_and_documented_reasons_pass(self):
        code, out = run_check({})
        self.assertEqual(code, 0, out)

    def test_a_status_made_without_the_helper_fails(self):
        for line in ('return grpc::Status(grpc::StatusCode::UNAVAILABLE, "x");',
                     "Finish(grpc::Status::CANCELLED);",
                     "grpc::Status{grpc::StatusCode::INTERNAL, m};"):
            code, out = run_check(
                {"services/admin/backup.cc": f"void F() {{\n  {line}\n}}\n"})
            self.assertEqual(code, 1, line)
            self.assertIn("services/admin/backup.cc:2: makes a grpc::Status",
                          out)

    def test_an_undocumented_reason_fails(self):
        code, out = run_check({"common/rocks_status.h": ERROR_INFO_H.replace(
            "kReasonPurposeRequired", "kDiskFullReason").replace(
            "PURPOSE_REQUIRED", "DISK_FULL")})
        self.assertEqual(code, 1)
        self.assertIn("reason DISK_FULL is not in proto/README.md", out)

    def test_a_documented_reason_keeper_never_gives_fails(self):
        code, out = run_check({"proto/README.md": README.replace(
            "| `INTERNAL` | INTERNAL |",
            "| `INTERNAL` | INTERNAL |\n| `GONE` | NOT_FOUND |")})
        self.assertEqual(code, 1)
        self.assertIn("proto/README.md lists GONE", out)


if __name__ == "__main__":
    unittest.main()
