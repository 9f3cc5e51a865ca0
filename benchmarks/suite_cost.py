"""Seconds per test-suite run in the sandbox, per language, with and without coverage of the focal file.

    python benchmarks/suite_cost.py --runs 10

Projects: Python, the `inflection` 0.5.1 sdist from PyPI (one module, 400+ parametrised pytest cases; downloaded
with pip into ``--cache``); Go, Debian's golang-github-pmezard-go-difflib-dev and
golang-github-kballard-go-shellquote-dev sources in /usr/share/gocode/src; Java, a small hand-made project (a
Roman-numeral converter with 8 JUnit 5 tests). One worker; each project runs once unmeasured first (building the
worker's tools: JaCoCo helper, warm Go build cache), then ``--runs`` times per mode. Prints median and p90 seconds
per run and writes them to ``benchmarks/results/suite_cost.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from execrl.sandbox.local import LocalExecutor  # noqa: E402
from execrl.types import ExecRequest, Language, Limits, Outcome, TestSuite  # noqa: E402

GOCODE = Path("/usr/share/gocode/src")
ROMAN = """\
package num;

public final class Roman {
    private static final int[] VALUES = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    private static final String[] SYMBOLS = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};

    public static String toRoman(int number) {
        if (number <= 0 || number >= 4000) {
            throw new IllegalArgumentException("out of range: " + number);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < VALUES.length; i++) {
            while (number >= VALUES[i]) {
                out.append(SYMBOLS[i]);
                number -= VALUES[i];
            }
        }
        return out.toString();
    }

    public static int fromRoman(String text) {
        int total = 0;
        for (int i = 0; i < text.length(); i++) {
            int value = value(text.charAt(i));
            if (i + 1 < text.length() && value < value(text.charAt(i + 1))) {
                total -= value;
            } else {
                total += value;
            }
        }
        return total;
    }

    private static int value(char symbol) {
        switch (symbol) {
            case 'I': return 1;
            case 'V': return 5;
            case 'X': return 10;
            case 'L': return 50;
            case 'C': return 100;
            case 'D': return 500;
            case 'M': return 1000;
            default: throw new IllegalArgumentException("not a numeral: " + symbol);
        }
    }
}
"""
ROMAN_TEST = """\
package num;

import static org.junit.jupiter.api.Assertions.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RomanTest {
    @ParameterizedTest
    @CsvSource({"1,I", "4,IV", "9,IX", "14,XIV", "40,XL", "1994,MCMXCIV", "3999,MMMCMXCIX"})
    void roundTrip(int number, String text) {
        assertEquals(text, Roman.toRoman(number));
        assertEquals(number, Roman.fromRoman(text));
    }

    @Test
    void rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> Roman.toRoman(0));
    }
}
"""


def python_project(cache: Path) -> ExecRequest:
    archive = cache / "inflection-0.5.1.tar.gz"
    if not archive.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d",
                        str(cache), "inflection==0.5.1"], check=True)
    with tarfile.open(archive) as tar:
        def text(name: str) -> str:
            member = tar.extractfile(f"inflection-0.5.1/{name}")
            assert member is not None
            return member.read().decode()

        return _request(Language.PYTHON, "inflection/__init__.py", text("inflection/__init__.py"),
                        {"test_inflection.py": text("test_inflection.py")})


def go_project(package: str, focal: str) -> ExecRequest:
    root = GOCODE / package
    files = {f"src/{package}/{path.name}": path.read_text() for path in sorted(root.glob("*.go"))}
    program = files.pop(f"src/{package}/{focal}")
    return _request(Language.GO, f"src/{package}/{focal}", program, files)


def java_project() -> ExecRequest:
    return _request(Language.JAVA, "src/main/java/num/Roman.java", ROMAN,
                    {"src/test/java/num/RomanTest.java": ROMAN_TEST})


def _request(language: Language, focal: str, program: str, files: dict[str, str]) -> ExecRequest:
    return ExecRequest(program, files=tuple(files.items()), language=language, suite=TestSuite(focal),
                       limits=Limits(timeout_s=120))


def measure(pool: LocalExecutor, request: ExecRequest, runs: int) -> dict[str, object]:
    row: dict[str, object] = {}
    assert request.suite is not None
    for coverage in (False, True):
        varied = ExecRequest(**{**request.__dict__, "suite": TestSuite(request.suite.focal, coverage=coverage)})
        seconds = []
        for _ in range(runs):
            start = time.monotonic()
            result = pool.run([varied])[0]
            seconds.append(time.monotonic() - start)
            assert result.outcome is Outcome.OK, (result.outcome, result.error)
        key = "coverage" if coverage else "plain"
        row[key] = {"median_s": round(statistics.median(seconds), 3),
                    "p90_s": round(sorted(seconds)[math.ceil(0.9 * len(seconds)) - 1], 3)}
        row["tests"] = len(result.tests)
        row["passed"] = sum(t.passed for t in result.tests)
        if coverage and result.coverage is not None:
            row["line_rate"] = round(result.coverage.line_rate, 3)
            row["branch_rate"] = result.coverage.branch_rate
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "execrl" / "bench")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "suite_cost.json")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    projects = {"python inflection": python_project(args.cache), "java roman": java_project(),
                "go difflib": go_project("github.com/pmezard/go-difflib/difflib", "difflib.go"),
                "go shellquote": go_project("github.com/kballard/go-shellquote", "unquote.go")}
    rows = {}
    with LocalExecutor(workers=1) as pool:
        for name, request in projects.items():
            pool.run([request])  # builds this worker's tools for the language
            rows[name] = measure(pool, request, args.runs)
            print(name, json.dumps(rows[name]), flush=True)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    args.out.write_text(json.dumps({"runs": args.runs, "loadavg": load, "projects": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
