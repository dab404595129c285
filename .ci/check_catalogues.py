"""Fail when a translation catalogue misses strings the code uses.

Runs ``make messages`` (GNU gettext's xgettext through Django's makemessages) and compares
the message ids of the project's one catalogue, ``locale/<language>/``, before and after: any
new id means a string was added to the code without regenerating and translating it. Used by
``.ci/run``; it rewrites the .po/.mo files in place, so run it on a clean checkout.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]  # the repository


def msgids():
    return {
        str(path.relative_to(ROOT)): {(e.msgctxt, e.msgid) for e in polib.pofile(str(path))}
        for path in sorted(ROOT.glob("locale/*/LC_MESSAGES/django.po"))
    }


def main():
    before = msgids()
    subprocess.run(["make", "-s", "messages"], cwd=ROOT, check=True, capture_output=True)
    after = msgids()
    stale = {path: sorted(after[path] - before.get(path, set())) for path in after}
    stale = {path: ids for path, ids in stale.items() if ids}
    for path, ids in stale.items():
        print(f"{path}: {len(ids)} string(s) not in the committed catalogue")
        for context, msgid in ids[:20]:
            print(f"    {msgid!r}" + (f" (context {context!r})" if context else ""))
    if stale:
        sys.exit("Run `make messages`, translate the new strings and commit the catalogues.")
    print(f"The catalogues ({', '.join(after)}) hold every string the code uses.")


if __name__ == "__main__":
    main()
