#!/usr/bin/env python3
"""Fails when an #include points up a layer or into another module's internals.

The layers, bottom up (README, "Layout"):

    common -> eventstore -> domain -> projections -> services -> tools

A file may include headers of its own layer and of the layers below it.
Inside a layer, the sub-modules are ordered the same way: domain/policy/ sits
below the rest of domain/, and services/access/ below services/grpc/.
Headers under X/internal/ are included only by files of module X. Tests may
include any module's public headers, but no internals.

Usage: check_layers.py [ROOT]   (ROOT defaults to the repository)
"""

import pathlib
import re
import sys

# (path prefix, rank): the longest matching prefix decides a file's place.
LAYERS = [
    ("common/", 0),
    ("proto/", 0),
    ("keeper/v1/", 0),  # generated protos, included by their import path
    ("eventstore/", 1),
    ("domain/policy/", 2.0),
    ("domain/", 2.5),
    ("projections/", 3),
    ("services/access/", 4.0),
    ("services/", 4.5),
    ("tools/", 5),
    ("tests/", 6),
]
SOURCE_SUFFIXES = {".h", ".cc"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def place(path: str):
    best = None
    for prefix, rank in LAYERS:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, rank)
    return best


def module_of(path: str) -> str:
    return path.split("/", 1)[0]


def check_file(rel: str, text: str):
    """Yields one message per include that breaks the layering."""
    mine = place(rel)
    if mine is None:
        return
    for number, line in enumerate(text.splitlines(), 1):
        match = INCLUDE.match(line)
        if not match:
            continue
        target = match.group(1)
        theirs = place(target)
        if theirs is None:
            continue
        where = f"{rel}:{number}: includes {target}"
        if "/internal/" in target and module_of(target) != module_of(rel):
            yield f"{where}: internal to {module_of(target)}/"
        elif theirs[1] > mine[1]:
            yield f"{where}: {theirs[0]} is above {mine[0]}"


def check_tree(root: pathlib.Path):
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("build", ".git")):
            continue
        problems.extend(check_file(rel, path.read_text(errors="replace")))
    return problems


def main(argv):
    root = pathlib.Path(argv[1] if len(argv) > 1 else
                        pathlib.Path(__file__).resolve().parent.parent)
    problems = check_tree(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} include(s) break the layering")
        return 1
    print("layering: every include points down a layer or across one")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
