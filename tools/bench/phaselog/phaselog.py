#!/usr/bin/env python3
"""Summarises a phase log written by PhaseLogRun (see build.sh): per kind of task (by its number of
phases), the median span of the task, of each phase, and of each part's chunk, the gap between a
phase's last end and the next phase's first start, and which thread ran each part; then the
median window and how much of it the tasks cover. The first fifth of the log is left out (warm-up).

    python3 tools/bench/phaselog/phaselog.py OUT.bin
"""
import collections
import struct
import sys


def med(v):
    v = sorted(v)
    return v[len(v) // 2] / 1e3 if v else float("nan")


def main():
    d = open(sys.argv[1], "rb").read()
    n = struct.unpack(">i", d[:4])[0]
    off = 4 + 32 * n
    recs = struct.unpack(">%dq" % (4 * n), d[4:off])
    m = struct.unpack(">i", d[off:off + 4])[0]
    marks = struct.unpack(">%dq" % m, d[off + 4:off + 4 + 8 * m])
    rows = sorted((recs[4 * i], recs[4 * i + 1], recs[4 * i + 2] & 0xFFFFF,
                   (recs[4 * i + 2] >> 20) & 0xFFFFF, recs[4 * i + 2] >> 40, recs[4 * i + 3])
                  for i in range(n))
    tasks, cur, seen = [], [], set()
    for r in rows:  # a task: consecutive chunks of one size, each chunk once
        if cur and (cur[0][3] != r[3] or r[2] in seen):
            tasks.append(cur)
            cur, seen = [], set()
        cur.append(r)
        seen.add(r[2])
        if len(cur) == r[3]:
            tasks.append(cur)
            cur, seen = [], set()
    tasks = tasks[len(tasks) // 5:]
    kinds = collections.defaultdict(lambda: collections.defaultdict(list))
    who = collections.Counter()
    covered = []
    for tk in tasks:
        chunks, per = tk[0][3], tk[0][4]
        byc = {r[2]: r for r in tk}
        if len(byc) < chunks:
            continue
        k = kinds[chunks // per]
        prev = None
        for ph in range(chunks // per):
            part = [byc[ph * per + c] for c in range(per)]
            start = min(p[0] for p in part)
            end = max(p[1] for p in part)
            k["phase %d" % min(ph, 2) + (" (last)" if ph == chunks // per - 1 and ph > 1 else "")]\
                .append(end - start)
            for c, p in enumerate(part):
                k["part %d chunk" % c].append(p[1] - p[0])
                who[(c, "caller" if p[5] == 0 else "worker")] += 1
            if prev is not None:
                k["gap between phases"].append(start - prev)
            prev = end
        span = max(r[1] for r in tk) - min(r[0] for r in tk)
        k["task span"].append(span)
        covered.append(span)
    for phases in sorted(kinds):
        k = kinds[phases]
        print("tasks of %d phase(s): %d" % (phases, len(k["task span"])))
        for key in sorted(k):
            print("  %-22s median %7.2f µs" % (key, med(k[key])))
    print("chunks by part and thread:", dict(sorted(who.items())))
    w = [marks[i + 1] - marks[i] for i in range(len(marks) - 1)]
    w = w[len(w) // 5:]
    if w:
        per_window = sum(covered) / len(w) / 1e3
        print("window median %.2f µs, mean %.2f; tasks cover %.2f µs of the mean" % (
            med(w), sum(w) / len(w) / 1e3, per_window))


if __name__ == "__main__":
    main()
