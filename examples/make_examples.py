"""Generate the bundled example corpus (examples/corpus, examples/submissions, manifest.json, templates/).

Deterministic: every random choice comes from fixed seeds, DOCX/PPTX core properties and zip member times
are pinned, and the PDFs' dates and /ID are pinned after LibreOffice converts them.

    .venv/bin/python examples/make_examples.py            # rebuild everything, then verify
    .venv/bin/python examples/make_examples.py --check    # verify the committed files only
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen.build import write_all  # noqa: E402
from gen.verify import verify  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify the files already under examples/")
    ap.add_argument("--no-verify", action="store_true", help="skip the read-back checks")
    args = ap.parse_args(argv)
    if not args.check:
        manifest = write_all(HERE)
        print(
            f"wrote {len(manifest['corpus'])} corpus projects and {len(manifest['submissions'])} submissions under {HERE}"
        )
    if args.no_verify:
        return 0
    problems = verify(HERE)
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
