#!/usr/bin/env python3
"""Summarise the execution samples of a JFR recording: top frames, top methods anywhere on the
stack, and the samples that land in bounds checks or in the Vector API's Java fallbacks.

    jfr print --stack-depth 64 --events jdk.ExecutionSample rec.jfr | python3 jfr_top.py

A sample counts as "in a bounds check" when a frame of its stack is Objects.checkIndex,
checkFromIndexSize or Preconditions.*, and as "in a fallback" when a frame is one of the Vector
API's Java fallbacks (VectorSupport's own methods, ldOp/stOp/uOp/bOp/tOp and their templates: what
runs when C2 did not turn a vector call into vector instructions). With -XX:+DebugNonSafepoints the
inlined frames are exact, so an intrinsified, hoisted check leaves no sample there.
"""
import collections
import re
import sys

FRAME = re.compile(r"^\s+([\w.$<>/-]+)\(.*\)(\s+line:.*)?$")  # no line: a JDK jlink stripped of debug info
CHECK = re.compile(r"(Objects\.checkIndex|checkFromIndexSize|Preconditions\.check|checkIndex)")
# The Java bodies that run only when C2 did not intrinsify a vector call: VectorSupport's methods
# themselves (an intrinsified call leaves no frame of them) and the lane-by-lane loops they call.
# lanewiseTemplate, fromArray0Template and the like are the call sites of the intrinsics, where
# the vector instructions of inlined, intrinsified code are attributed: not fallbacks.
FALLBACK = re.compile(r"(VectorSupport\.\w+$|\.(ldOp|stOp|uOp|bOp|tOp|rOp|rvOp|"
                      r"uOpTemplate|bOpTemplate|tOpTemplate|getPayload)$)")


def stacks(lines):
    """The samples of `jfr print --events jdk.ExecutionSample` output: one list of frames each,
    innermost first."""
    samples = []
    stack = None
    for line in lines:
        if line.startswith("jdk.ExecutionSample"):
            stack = []
            samples.append(stack)
            continue
        m = FRAME.match(line)
        if m and stack is not None:
            stack.append(m.group(1))
    return samples


def counts(samples):
    """(samples, those with a bounds-check frame, those with a fallback frame)."""
    checks = sum(1 for s in samples if any(CHECK.search(f) for f in s))
    fallbacks = sum(1 for s in samples if any(FALLBACK.search(f) for f in s))
    return len(samples), checks, fallbacks


def owners(samples, pattern):
    """For the samples with a frame matching pattern: how many have each innermost LSTM Lab frame
    (the code the check or fallback ran in), as a Counter."""
    return collections.Counter(
        next((f for f in s if "lstmlab" in f), "?") for s in samples
        if any(pattern.search(f) for f in s))


def main():
    samples = stacks(sys.stdin)
    n, checks, fallbacks = counts(samples)
    top = collections.Counter(s[0] for s in samples if s)
    anywhere = collections.Counter(f for s in samples for f in set(s))
    print(f"samples: {n}")
    print(f"samples with a bounds-check frame (checkIndex, checkFromIndexSize): {checks}"
          f" ({100.0 * checks / max(n, 1):.1f}%)")
    print(f"samples with a Vector API fallback frame (VectorSupport.*, ldOp, stOp, tOpTemplate, ...): {fallbacks}"
          f" ({100.0 * fallbacks / max(n, 1):.1f}%)")
    print("\ntop frames (where the sample landed):")
    for f, c in top.most_common(25):
        print(f"  {100.0 * c / n:5.1f}%  {c:6d}  {f}")
    print("\nmethods anywhere on the stack (inclusive):")
    for f, c in anywhere.most_common(25):
        print(f"  {100.0 * c / n:5.1f}%  {c:6d}  {f}")
    bad = collections.Counter(f for s in samples for f in s if CHECK.search(f) or FALLBACK.search(f))
    if bad:
        print("\nbounds-check and fallback frames:")
        for f, c in bad.most_common(15):
            print(f"  {c:6d}  {f}")
        # whose code they run in: the innermost frame of LSTM Lab's own on each such stack
        whose = owners(samples, re.compile(f"{CHECK.pattern}|{FALLBACK.pattern}"))
        print("\nin LSTM Lab's methods (innermost own frame):")
        for f, c in whose.most_common(10):
            print(f"  {c:6d}  {f}")


if __name__ == "__main__":
    main()
