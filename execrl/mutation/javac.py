"""Screening Java mutants with javac: one JVM compiles every mutant of a batch, each into its own directory.

The fingerprint is the SHA-256 of the class files compiled with ``-g:none`` (no line numbers, no local variable
names, no source file name), so a mutant whose bytecode is the original's (dead code under ``if (false)``, a
constant expression folded to the same value) is recognised as equivalent. Starting javac costs ~1 s per JVM and
a warm in-process compile ~20-100 ms, hence a small resident driver, ``BatchJavac``, compiled once into the cache.
"""

from __future__ import annotations

import functools
import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from execrl.mutation import _cache
from execrl.mutation.base import Mutant, MutationError
from execrl.mutation.java import public_class_name
from execrl.mutation.screen import Screening

JAVAC_OPTIONS = ("-g:none", "-proc:none", "-nowarn", "-encoding", "UTF-8", "-implicit:none")

# Reads "<output dir>\t<classpath>\t<source file>" lines; answers one exit status per line.
_DRIVER = """
import java.io.*;
import javax.tools.*;

public final class BatchJavac {
    public static void main(String[] options) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        OutputStream quiet = OutputStream.nullOutputStream();
        for (String line; (line = requests.readLine()) != null; ) {
            String[] request = line.split("\\t", -1);
            String[] arguments = new String[options.length + 5];
            System.arraycopy(options, 0, arguments, 0, options.length);
            String[] tail = {"-d", request[0], "-cp", request[1], request[2]};
            System.arraycopy(tail, 0, arguments, options.length, tail.length);
            System.out.println(javac.run(null, quiet, quiet, arguments));
            System.out.flush();
        }
    }
}
"""


def _javac() -> str:
    javac = shutil.which("javac")
    if javac is None:
        raise MutationError("screening Java mutants needs javac (a JDK) on PATH")
    return javac


@functools.cache
def _toolchain() -> str:
    return subprocess.run([_javac(), "-version"], capture_output=True, text=True, check=True).stdout.strip()


def _driver(cache_root: Path) -> Path:
    """The directory holding the compiled driver, compiled on first use."""
    directory = cache_root / "mutation" / "javac-driver" / _cache.content_key(_toolchain(), _DRIVER)[:16]
    if not (directory / "BatchJavac.class").exists():
        with tempfile.TemporaryDirectory() as scratch:
            (Path(scratch) / "BatchJavac.java").write_text(_DRIVER)
            subprocess.run([_javac(), "-d", scratch, str(Path(scratch) / "BatchJavac.java")], check=True)
            directory.mkdir(parents=True, exist_ok=True)
            shutil.copy(Path(scratch) / "BatchJavac.class", directory / "BatchJavac.class")
    return directory


def _file_name(source: str) -> str:
    """javac wants a public top-level class in a file of its name; any name will do otherwise."""
    return f"{public_class_name(source) or 'Mutant'}.java"


def _class_files_digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.class")):
        digest.update(str(path.relative_to(directory)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _compile_batch(sources: list[str], classpath: str, cache_root: Path) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="execrl-javac-") as scratch:
        requests = []
        for index, source in enumerate(sources):
            directory = Path(scratch) / str(index)
            (directory / "classes").mkdir(parents=True)
            file = directory / _file_name(source)
            file.write_text(source)
            requests.append(f"{directory / 'classes'}\t{classpath}\t{file}\n")
        java = str(Path(_javac()).with_name("java"))
        run = subprocess.run([java, "-cp", str(_driver(cache_root)), "BatchJavac", *JAVAC_OPTIONS],
                             input="".join(requests), capture_output=True, text=True, check=True)
        statuses = run.stdout.split()
        assert len(statuses) == len(sources), run.stderr
        return [
            _class_files_digest(Path(scratch) / str(index) / "classes") if status == "0" else _cache.NOT_COMPILING
            for index, status in enumerate(statuses)
        ]


def screen_java(
    source: str, mutants: Sequence[Mutant], classpath: Sequence[Path] = (), cache_root: Path | None = None
) -> Screening:
    """Compile the original and the mutants with javac (``classpath`` for the classes they use) and compare."""
    root = cache_root or _cache.default_cache_dir()
    classpath_text = ":".join(str(path) for path in classpath)
    context = " ".join([_toolchain(), *JAVAC_OPTIONS, classpath_text])
    sources = [source, *(mutant.source for mutant in mutants)]
    cache = _cache.FingerprintCache("java", root)
    found = _cache.fingerprints(cache, context, sources, lambda batch: _compile_batch(batch, classpath_text, root))
    return _cache.screen_compiled(source, mutants, found, _toolchain())
