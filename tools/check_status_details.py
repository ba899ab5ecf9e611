#!/usr/bin/env python3
"""Fails when an error could leave keeperd without its machine-readable
reason, or a reason is not documented.

1. Every non-OK grpc::Status the services send must be made by
   ToGrpcStatus (services/grpc/status_util.h), which gives it a
   google.rpc.ErrorInfo: a grpc::Status constructed anywhere else under
   services/ is reported.
2. Every reason keeper can give (the reason constants of common/*.h and
   those ReasonForCode derives in common/error_info.cc) must be a row of
   the reasons table in proto/README.md, and every row a reason.

Usage: check_status_details.py [ROOT]   (ROOT defaults to the repository)
"""

import pathlib
import re
import sys

MAKER = "services/grpc/status_util.cc"
# Statuses that are not sent as a call's status, with why.
EXEMPT = {
    "services/grpc/revocation.cc":
        "the certificate verifier's verdict ends the TLS handshake",
}
CONSTRUCTED = re.compile(r"grpc::Status\s*[({]|grpc::Status::(?!OK\b)[A-Z_]+")
REASON_CONSTANT = re.compile(
    r'constexpr\s+char\s+k\w*Reason\w*\[\]\s*=\s*"([A-Z][A-Z_]*)"')
DERIVED = re.compile(r'return\s+"([A-Z][A-Z_]*)";')
TABLE_ROW = re.compile(r"^\|\s*`([A-Z][A-Z_]*)`\s*\|", re.MULTILINE)


def unmade_statuses(root: pathlib.Path):
    for path in sorted((root / "services").rglob("*")):
        if path.suffix not in (".cc", ".h") or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel == MAKER or rel in EXEMPT:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if CONSTRUCTED.search(line.split("//")[0]):
                yield (f"{rel}:{number}: makes a grpc::Status; make it with "
                       "ToGrpcStatus so that it carries its ErrorInfo")


def reasons(root: pathlib.Path):
    found = set()
    for path in sorted((root / "common").glob("*.h")):
        found.update(REASON_CONSTANT.findall(path.read_text()))
    error_info = root / "common" / "error_info.cc"
    if error_info.exists():
        found.update(DERIVED.findall(error_info.read_text()))
    return found


def documented(root: pathlib.Path):
    readme = (root / "proto" / "README.md").read_text()
    errors = readme.split("## Errors", 1)[-1].split("\n## ", 1)[0]
    return set(TABLE_ROW.findall(errors))


def problems(root: pathlib.Path):
    out = list(unmade_statuses(root))
    known, listed = reasons(root), documented(root)
    out += [f"reason {r} is not in proto/README.md's table"
            for r in sorted(known - listed)]
    out += [f"proto/README.md lists {r}, which keeper never gives"
            for r in sorted(listed - known)]
    return out


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else
                        pathlib.Path(__file__).resolve().parent.parent)
    found = problems(root)
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} problem(s) with error details")
        return 1
    print("status details: every error is made with its reason, and every "
          "reason is documented")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
