#!/usr/bin/env python3
"""Writes a link order file (lld --symbol-ordering-file) from profiles of a program's runs.

Called by scripts/link_order.sh, which runs the programs; see there for why. Inputs:
  --tier1/--tier2 FILE...  callgrind outputs (--demangle=no): every function that ran
  --faults FILE...         `perf script -F addr` of `perf record -e page-faults -c 1 -d` native runs
                           of the program: the first touch of each 64 KiB window (valgrind's CPU
                           differs, so glibc's IFUNCs pick other variants natively)
  --binary PROGRAM         the program those runs used (symbol addresses, variant names)
  --archive LIB.a...       archives built without one section per function (SQLite, libcrypto):
                           an object of those is placed whole, so a big one of which little runs
                           (an extension's init function) is left where it is
"""
import argparse
import bisect
import collections
import re
import subprocess
import sys

# glibc's string functions exist in one variant per instruction set; the profile saw one of them.
IFUNC_VARIANT = re.compile(r"^(__[a-z0-9]+?)_(sse2|ssse3|sse4_1|sse4_2|sse42|avx|avx2|evex|avx512)")
HOT_VARIANTS = ("_sse2", "_avx2", "_evex", "_avx512", "_avx_")  # x86-64 baseline, v3 and v4 choices
# A whole archive object larger than this, of which less than MOSTLY_COLD ran, stays in place.
BIG_OBJECT = 64 * 1024
MOSTLY_COLD = 0.10


def callgrind_functions(paths):
    names = set()
    pattern = re.compile(r"^c?fn=\(\d+\) (\S+)")
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = pattern.match(line)
                if m:
                    name = re.sub(r"'\d+$", "", m.group(1))
                    if not name.startswith(("0x", "(below")):
                        names.add(name)
    return names


def binary_symbols(binary):
    """(address, size, name) of every defined symbol, sorted by address."""
    out = subprocess.run(["nm", "-n", "-S", "--defined-only", binary], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 4:
            syms.append((int(p[0], 16), int(p[1], 16), p[3]))
    return syms


def fault_symbols(paths, syms):
    addrs = [s[0] for s in syms]
    names = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if not fields:
                    continue
                try:
                    a = int(fields[0], 16)
                except ValueError:
                    continue
                i = bisect.bisect_right(addrs, a) - 1
                if i >= 0 and syms[i][0] <= a < syms[i][0] + max(syms[i][1], 1):
                    names.add(syms[i][2])
    return names


def with_variants(names, all_names):
    families = {m.group(1) for m in map(IFUNC_VARIANT.match, names) if m}
    extra = set()
    for n in all_names:
        m = IFUNC_VARIANT.match(n)
        if m and m.group(1) in families and any(v in n for v in HOT_VARIANTS) and not n.endswith("_rtm"):
            extra.add(n)
    return names | extra


def archive_objects(archives):
    """name -> (object id, .text size of that object) for functions of the given archives."""
    owner = {}
    for archive in archives:
        out = subprocess.run(["objdump", "-t", archive], capture_output=True, text=True).stdout
        member = None
        funcs = collections.defaultdict(list)
        for line in out.splitlines():
            m = re.match(r"^(\S+\.o):\s+file format", line)
            if m:
                member = archive + ":" + m.group(1)
                continue
            p = line.split()
            if member and len(p) >= 6 and p[-3] == ".text" and " F " in line:
                funcs[member].append((p[-1], int(p[-2], 16)))
        sizes = {}
        for line in subprocess.run(["size", archive], capture_output=True, text=True).stdout.splitlines()[1:]:
            p = line.split()
            if len(p) >= 6:
                sizes[archive + ":" + p[5]] = int(p[0])
        for member, fs in funcs.items():
            for name, _ in fs:
                owner[name] = (member, sizes.get(member, 0), fs)
    return owner


def cold_objects(names, owner):
    """The big archive objects of which little ran: member -> (size, bytes of functions that ran)."""
    dropped = {}
    for n in names:
        o = owner.get(n)
        if o is None or o[0] in dropped:
            continue
        member, size, fs = o
        ran = sum(s for f, s in fs if f in names)
        if size > BIG_OBJECT and ran < MOSTLY_COLD * size:
            dropped[member] = (size, ran)
    return dropped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--tier1", nargs="+", required=True)
    ap.add_argument("--tier2", nargs="*", default=[])
    ap.add_argument("--faults", nargs="*", default=[])
    ap.add_argument("--archive", nargs="*", default=[])
    ap.add_argument("--header", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    syms = binary_symbols(args.binary)
    defined = {s[2] for s in syms}
    tier1 = callgrind_functions(args.tier1) | fault_symbols(args.faults, syms)
    tier1 = with_variants(tier1, defined) & defined
    tier2 = (with_variants(callgrind_functions(args.tier2), defined) & defined) - tier1
    owner = archive_objects(args.archive)
    dropped = cold_objects(tier1 | tier2, owner)
    tier1 = {n for n in tier1 if owner.get(n, ("",))[0] not in dropped}
    tier2 = {n for n in tier2 if owner.get(n, ("",))[0] not in dropped}
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"# {args.header}\n")
        f.write("# Generated by scripts/link_order.sh; lld --symbol-ordering-file (cmake/StaticRuntime.cmake).\n")
        f.write("# Tier 1: start-up and plain reads.\n")
        f.writelines(n + "\n" for n in sorted(tier1))
        f.write("# Tier 2: HLS-GMAC and ciphering.\n")
        f.writelines(n + "\n" for n in sorted(tier2))
    for member, (size, ran) in sorted(dropped.items()):
        print(f"link_order: left in place {member} ({size} bytes, {ran} ran)", file=sys.stderr)
    print(f"link_order: {args.out}: {len(tier1)} + {len(tier2)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
