"""Start a command and report its wall time and peak memory: `launch.py RESULT TIMEOUT CMD…`.

Run as `python -I -S launch.py …` by processes.py. It exists because Linux charges a child
with its parent's resident memory at the moment it was started (`ru_maxrss` survives fork and
exec): measured straight from run.py, every child would "use" at least run.py's own memory.
This launcher is small (about 10 MB), so the command's peak is its own to within that.
Writes {"returncode", "wall", "peak_kb", "timed_out"} as JSON to RESULT; the command's
standard output and error pass through. Standard library only.
"""

import json
import os
import signal
import sys
import time


def main(result_file: str, timeout: str, command: list[str]) -> int:
    timed_out = False
    started = time.perf_counter()
    pid = os.posix_spawnp(command[0], command, os.environ)

    def stop(signum: int, frame: object) -> None:
        nonlocal timed_out
        timed_out = True
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(max(1, int(float(timeout))))
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    signal.alarm(0)
    result = {
        "returncode": os.waitstatus_to_exitcode(status),
        "wall": wall,
        "peak_kb": usage.ru_maxrss,  # kilobytes on Linux
        "timed_out": timed_out,
    }
    with open(result_file, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
