#!/usr/bin/env python3
"""Compare `kcensus count --by-file --format csv` with `cloc --by-file --csv` on one tree.

    scripts/compare-cloc.py TREE [--kcensus PATH] [--cloc-csv FILE]
                            [--cloc-script PATH --cloc-version X]

With --cloc-script (a cloc Perl script, e.g. from `scripts/fetch-cloc.sh 2.04`) that cloc runs
instead of the one on the PATH, and --cloc-version X asks kcensus for the same rules
(`kcensus count --cloc X`).

Prints, per language, the number of files whose blank/comment/code differ (or that only one
tool counted) and both tools' totals side by side. cloc runs as a user runs it, on the folder
(`cloc --by-file DIR`): both tools follow symbolic links to files and keep, of identical files,
the path that sorts last.

Exit status 1 when any file differs (language, path or counts) or any language's totals
differ; 0 otherwise.
"""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

def parse_cloc(text):
    """cloc's by-file CSV does not quote file names, which may hold commas."""
    rows = {}
    for line in text.splitlines()[1:]:
        parts = line.split(",")
        if len(parts) < 5 or parts[0] == "SUM":
            continue
        language, blank, comment, code = parts[0], parts[-3], parts[-2], parts[-1]
        path = ",".join(parts[1:-3])
        if path.startswith("./"):
            path = path[2:]
        rows[path] = (language, int(blank), int(comment), int(code))
    return rows


def parse_kcensus(text):
    import csv
    import io
    rows = {}
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    for language, path, blank, comment, code in reader:
        rows[path] = (language, int(blank), int(comment), int(code))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tree")
    ap.add_argument("--kcensus", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "kcensus"))
    ap.add_argument("--cloc-csv", help="reuse a cloc by-file CSV made earlier (same tree)")
    ap.add_argument("--cloc-script", help="run this cloc Perl script (with perl) instead of `cloc`")
    ap.add_argument("--cloc-version", help="the cloc rules kcensus uses (`--cloc X`)")
    ap.add_argument("--show", type=int, default=5, help="differing files to show per language")
    args = ap.parse_args()
    tree = os.path.abspath(args.tree)

    if args.cloc_csv:
        cloc_text = open(args.cloc_csv, encoding="utf-8", errors="surrogateescape").read()
    else:
        out = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
        cloc_command = ["perl", os.path.abspath(args.cloc_script)] if args.cloc_script else ["cloc"]
        subprocess.run(
            cloc_command + ["--by-file", "--csv", "--quiet", f"--out={out}", "."],
            cwd=tree, check=True, stdout=subprocess.DEVNULL)
        cloc_text = open(out, encoding="utf-8", errors="surrogateescape").read()
        os.unlink(out)

    version = ["--cloc", args.cloc_version] if args.cloc_version else []
    ours_text = subprocess.run([args.kcensus, "count", "--by-file", "--format", "csv", *version, tree],
                               check=True, capture_output=True, text=True, errors="surrogateescape").stdout
    cloc = parse_cloc(cloc_text)
    ours = parse_kcensus(ours_text)

    differing = collections.defaultdict(list)
    totals = collections.defaultdict(lambda: [[0, 0, 0, 0], [0, 0, 0, 0]])
    for side, rows in ((0, cloc), (1, ours)):
        for language, blank, comment, code in rows.values():
            t = totals[language][side]
            t[0] += 1; t[1] += blank; t[2] += comment; t[3] += code
    for path in sorted(set(cloc) | set(ours)):
        a, b = cloc.get(path), ours.get(path)
        if a != b:
            language = (a or b)[0]
            differing[language].append((path, a, b))
            if a and b and a[0] != b[0]:
                differing[b[0]].append((path, a, b))

    failed = False
    print(f"{'language':<28} {'diff':>5}  {'cloc files/blank/comment/code':>40}  {'kcensus files/blank/comment/code':>40}")
    for language in sorted(totals, key=lambda l: -totals[l][0][3]):
        c, k = totals[language]
        n = len(differing.get(language, []))
        mark = ""
        if c != k or n:
            failed = True
            mark = "  <-- MISMATCH"
        print(f"{language:<28} {n:>5}  {'/'.join(map(str, c)):>40}  {'/'.join(map(str, k)):>40}{mark}")
    for language, items in sorted(differing.items()):
        for path, a, b in items[: args.show]:
            print(f"  {language}: {path}: cloc={a} kcensus={b}")
    print("RESULT:", "MISMATCH" if failed else "MATCH", tree)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
