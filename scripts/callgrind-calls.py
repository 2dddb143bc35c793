#!/usr/bin/env python3
"""Call counts from a callgrind output file (helper of scripts/callgrind-storms.sh).

    callgrind-calls.py FILE [CALLEE...]

Prints the total instructions (Ir), the allocations (see below), then for each callee the calls it received and its callers with their counts,
most first. Names are demangled as callgrind wrote them (run valgrind with --demangle=yes, the default).
"""
import collections
import re
import sys

path, callees = sys.argv[1], sys.argv[2:] or ["malloc"]
names = {}
calls = collections.Counter()
current = callee = None
total = 0
pending = False


def name(text):
    match = re.match(r"\((\d+)\)(?: (.*))?", text)
    if not match:
        return text
    ident, label = match.groups()
    if label is not None:
        names[ident] = label
    return names.get(ident, ident)


with open(path, errors="replace") as lines:
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith("fn="):
            current = name(line[3:])
        elif line.startswith("cfn="):
            callee = name(line[4:])
        elif line.startswith("calls="):
            calls[(current, callee)] += int(line[6:].split()[0])
        elif line.startswith(("summary:", "totals:")):
            total = int(line.split()[1])

print(f"Ir {total}")
# Allocations: calls of malloc, calloc, realloc and posix_memalign, less the malloc that glibc's posix_memalign
# makes itself for a small alignment (_mid_memalign), which would count one allocation twice.
allocators = ("malloc", "calloc", "realloc", "posix_memalign")
inner = sum(count for (caller, target), count in calls.items()
            if target == "malloc" and caller is not None and caller.startswith("_mid_memalign"))
print(f"allocations {sum(count for (_, target), count in calls.items() if target in allocators) - inner}")
for wanted in callees:
    callers = [(count, caller) for (caller, target), count in calls.items() if target == wanted]
    print(f"calls {wanted} {sum(count for count, _ in callers)}")
    for count, caller in sorted(callers, reverse=True)[:25]:
        print(f"    {count:>10} {caller}")
