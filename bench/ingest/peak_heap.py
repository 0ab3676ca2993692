"""Prints the most heap in use (MiB) at any garbage collection between two instants of a unified GC log.

    python3 peak_heap.py <gc.log> <from ISO-8601> <to ISO-8601>

The log is the JVM's -Xlog:gc:file=<gc.log>:utctime; each pause line reads "... 301M->120M(1024M) ...": the
heap before the collection is the most in use since the previous one. Prints 0 when no collection fell in
the window (the stage never filled the young generation).
"""
import re
import sys
from datetime import datetime

LINE = re.compile(r"^\[([^\]]+)\].*?(\d+)M->(\d+)M\((\d+)M\)")


def instant(text):
    text = text.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):  # the JVM writes +0000; fromisoformat wants +00:00
        text = text[:-2] + ":" + text[-2:]
    return datetime.fromisoformat(text)


def main():
    log, start, end = sys.argv[1], instant(sys.argv[2]), instant(sys.argv[3])
    peak = 0
    with open(log) as f:
        for line in f:
            m = LINE.match(line)
            if m and start <= instant(m.group(1)) <= end:
                peak = max(peak, int(m.group(2)))
    print(peak)


if __name__ == "__main__":
    main()
