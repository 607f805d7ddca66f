#!/usr/bin/env python3
"""Which C2 compilations of LSTM Lab methods left a Vector API call un-intrinsified.

    java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=c.xml ...
    python3 inline_failures.py c.xml

A Vector API call that C2 neither inlines nor turns into vector instructions runs as a real
call on boxed vectors, in the API's lane-by-lane Java fallback: the JIT cliff seen in the
4 December 2026 device run (tile4r's last store, "failed to inline (intrinsic)" under
-XX:+PrintInlining). PrintInlining's trees interleave with other compiler threads' lines;
LogCompilation's XML keeps each compilation whole, so this reads that.

For every C2 compilation (a task with no tier level) of an org.lstmlab method, it reports each
intrinsic that failed (<intrinsic_failure>) and each call into jdk.incubator.vector or
jdk.internal.vm.vector left as a call (<inline_fail>), with the times the interpreter and C1 had
run that call site when C2 compiled it. Sites run fewer than HOT times (a gather the workload
never takes, a species looked up once) cost nothing and are listed only; the JDK's own
standalone compilations of Vector API methods fail intrinsics by design (no constant species)
and are not counted.

Prints one line per (compiled method, callee, reason): the hot count, the cold count, then the
number of compiled LSTM Lab methods with a hot such call: 0 is what a healthy run shows.
"""
import collections
import re
import sys

ATTR = re.compile(r"(\w+)='([^']*)'")
VECTOR = ("jdk.incubator.vector.", "jdk.internal.vm.vector.")
HOT = 1000


def attrs(line):
    return dict(ATTR.findall(line))


def failures(lines):
    """{(compiled method, callee, reason): [hot sites, cold sites]} over C2 compilations of
    org.lstmlab methods."""
    found = collections.defaultdict(lambda: [0, 0])
    owner = None
    klasses, methods = {}, {}
    last_call, last_count = None, 0
    for line in lines:
        if line.startswith("<task "):
            a = attrs(line)
            c2 = "level" not in a
            name = a.get("method", "").split(" ")
            owner = "::".join(name[:2]) if c2 and name[0].startswith("org.lstmlab") else None
            klasses, methods, last_call = {}, {}, None
            continue
        if owner is None:
            continue
        if line.startswith("</task>"):
            owner = None
        elif line.startswith("<klass "):
            a = attrs(line)
            klasses[a.get("id")] = a.get("name", "")
        elif line.startswith("<method "):
            a = attrs(line)
            methods[a.get("id")] = klasses.get(a.get("holder"), "?") + "::" + a.get("name", "?")
        elif line.startswith("<call "):
            a = attrs(line)
            last_call = methods.get(a.get("method"), "?")
            last_count = float(a.get("count", "0"))
        elif line.startswith("<intrinsic_failure "):
            a = attrs(line)
            found[(owner, a.get("id", last_call or "?"), "intrinsic failed")][
                0 if last_count >= HOT else 1] += 1
        elif line.startswith("<inline_fail ") and last_call and last_call.startswith(VECTOR):
            reason = attrs(line).get("reason", "?").replace("&apos;", "'").replace("&lt;", "<")
            found[(owner, last_call, reason)][0 if last_count >= HOT else 1] += 1
    return found


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        found = failures(f)
    print("hot\tcold\tcompiled method\tcallee\treason")
    for (owner, callee, reason), (hot, cold) in sorted(found.items()):
        print(f"{hot}\t{cold}\t{owner}\t{callee}\t{reason}")
    owners = {owner for (owner, _, _), (hot, _) in found.items() if hot}
    print(f"C2-compiled LSTM Lab methods with a hot Vector API call not intrinsified: "
          f"{len(owners)}")


if __name__ == "__main__":
    main()
