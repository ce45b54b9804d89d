#!/usr/bin/env python3
"""Writes every `// -----` piece of the given .mlir files (or directories of
them) to OUTDIR as its own file: the seed corpus of the ir fuzz target."""
import pathlib
import re
import sys


def mlir_files(paths):
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            yield from sorted(path.rglob("*.mlir"))
        else:
            yield path


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: split_lit_tests.py OUTDIR FILE_OR_DIR...")
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in mlir_files(sys.argv[2:]):
        pieces = re.split(r"^// -----\s*$", source.read_text(), flags=re.M)
        for index, piece in enumerate(pieces):
            name = f"{source.parent.name}-{source.stem}-{index:03d}.mlir"
            (out / name).write_text(piece)
            count += 1
    print(f"wrote {count} seeds to {out}")


if __name__ == "__main__":
    main()
