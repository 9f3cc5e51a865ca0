"""Model-written candidates: the prompt, what is kept of an answer, the per-pair cache, and the builder's wiring
(with a scripted generator and a recording labeller), then one real answer from the embedded model."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from execrl.errors import ConfigError
from execrl.generation.base import Generator, Prompt
from execrl.generation.fake import FakeGenerator
from execrl.labeling import builder
from execrl.labeling.builder import LABELLED, BuildConfig, build, read_jsonl
from execrl.labeling.command import Args, _model
from execrl.labeling.model_written import ModelBackend, ModelWriter, prompt_for
from execrl.labeling.pipeline import LabelResult
from execrl.labeling.records import CandidateKind, Coverage, Labels, Triple
from execrl.labeling.sources import Pair
from execrl.labeling.testfiles import test_file
from execrl.labeling.triples import TripleConfig, base_of, triples_of
from execrl.types import Language

CALC_PY = "def clamp(x, low, high):\n    return max(low, min(x, high))\n\n\n" \
          "def sign(x):\n    return (x > 0) - (x < 0)\n"
TESTS_PY = "from calc import clamp, sign\n\n\ndef test_inside():\n    assert clamp(5, 0, 10) == 5\n\n\n" \
           "def test_positive():\n    assert sign(3) == 1\n\n\ndef test_negative():\n    assert sign(-3) == -1\n"
CLASS_TESTS_PY = "import unittest\n\nfrom calc import clamp\n\n\nclass TestClamp(unittest.TestCase):\n" \
                 "    def test_inside(self):\n        self.assertEqual(clamp(5, 0, 10), 5)\n\n" \
                 "    def test_low(self):\n        self.assertEqual(clamp(-1, 0, 10), 0)\n"
CALC_JAVA = "package com.x;\n\npublic class Calc {\n    public static int twice(int x) { return 2 * x; }\n}\n"
TESTS_JAVA = "package com.x;\n\nimport org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.*;" \
             "\n\nclass CalcTest {\n    @Test\n    void one() {\n        assertEquals(2, Calc.twice(1));\n    }\n\n" \
             "    @Test\n    void two() {\n        assertEquals(4, Calc.twice(2));\n    }\n}\n"
CALC_GO = "package calc\n\nfunc Twice(x int) int { return 2 * x }\n"
TESTS_GO = "package calc\n\nimport \"testing\"\n\nfunc TestOne(t *testing.T) {\n\tif Twice(1) != 2 {\n" \
           "\t\tt.Fatal(1)\n\t}\n}\n\nfunc TestTwo(t *testing.T) {\n\tif Twice(2) != 4 {\n\t\tt.Fatal(2)\n\t}\n}\n"

PY_PAIR = Pair("pypi:calc==1", Language.PYTHON, "calc.py", CALC_PY, "test_calc.py", TESTS_PY, ())
CLASS_PAIR = Pair("pypi:calc==1", Language.PYTHON, "calc.py", CALC_PY, "test_class.py", CLASS_TESTS_PY, ())
JAVA_PAIR = Pair("debian:calc", Language.JAVA, "src/main/java/com/x/Calc.java", CALC_JAVA,
                 "src/test/java/com/x/CalcTest.java", TESTS_JAVA, ())
GO_PAIR = Pair("debian:calc-go", Language.GO, "calc.go", CALC_GO, "calc_test.go", TESTS_GO, ())
NO_HELD_OUT = TripleConfig(held_out=1, variants=False)

EDGE_ANSWER = """Here is a new test:

```python
import pytest
from calc import clamp


def test_edges():
    assert clamp(-1, 0, 10) == 0


def test_more():
    assert clamp(11, 0, 10) == 10
```
It checks both bounds."""


def base_source(pair: Pair) -> str:
    base = base_of(pair, NO_HELD_OUT)
    assert base is not None
    return base.source


def writer_for(tmp_path: Path, answers: Sequence[str], count: int = 1) -> tuple[ModelWriter, list[FakeGenerator]]:
    loaded: list[FakeGenerator] = []

    def load() -> Generator:
        loaded.append(FakeGenerator(lambda prompt, index: answers[index % len(answers)]))
        return loaded[-1]

    return ModelWriter(ModelBackend("fake", load, tmp_path / "model_tests"), count), loaded


def user_text(prompt: Prompt) -> str:
    return prompt.messages[-1].content


def test_the_prompt_shows_focal_and_base_files_and_asks_for_the_languages_test_shape() -> None:
    base = base_source(PY_PAIR)
    held_out = {t.candidate_names[0] for t in triples_of(PY_PAIR, NO_HELD_OUT)}
    python = user_text(prompt_for(PY_PAIR, base))
    assert CALC_PY.strip() in python and base.strip() in python and "```python" in python
    assert "`def test_...():`" in python and not any(f"def {name}" in python for name in held_out)
    assert "method of the test class `TestClamp`" in user_text(prompt_for(CLASS_PAIR, base_source(CLASS_PAIR)))
    java = user_text(prompt_for(JAVA_PAIR, base_source(JAVA_PAIR)))
    assert "```java" in java and "`@Test` method" in java and "`CalcTest`" in java
    go = user_text(prompt_for(GO_PAIR, base_source(GO_PAIR)))
    assert "```go" in go and "func TestXxx(t *testing.T)" in go


def test_a_long_focal_file_is_cut_to_its_head() -> None:
    focal = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(400))
    long_pair = Pair("pypi:big==1", Language.PYTHON, "calc.py", focal, "test_calc.py", TESTS_PY, ())
    text = user_text(prompt_for(long_pair, base_source(long_pair)))
    assert "def f0(x)" in text and "def f399(x)" not in text and "# ... (truncated)" in text
    assert len(text) < len(focal) // 3


def test_the_first_test_function_of_the_answer_becomes_a_model_written_triple(tmp_path: Path) -> None:
    base = base_source(PY_PAIR)
    writer, _ = writer_for(tmp_path, [EDGE_ANSWER])
    written = writer.write(PY_PAIR, base)
    assert written.dropped == 0 and len(written.triples) == 1
    triple = written.triples[0]
    assert triple.kind is CandidateKind.MODEL_WRITTEN and triple.test_source == base
    assert triple.candidate == "def test_edges():\n    assert clamp(-1, 0, 10) == 0\n"
    assert triple.candidate_names == ("test_edges",) and triple.container is None
    assert triple.pair_key == triples_of(PY_PAIR, NO_HELD_OUT)[0].pair_key  # labelled on the held-out tests' base


def test_a_name_the_base_file_uses_is_renamed(tmp_path: Path) -> None:
    base = base_source(PY_PAIR)
    kept = next(name for name in ("test_inside", "test_positive", "test_negative") if f"def {name}" in base)
    answer = f"```python\ndef {kept}():\n    assert {kept} is not None\n```"
    triple = writer_for(tmp_path, [answer])[0].write(PY_PAIR, base).triples[0]
    assert triple.candidate_names == (f"{kept}2",)
    assert triple.candidate == f"def {kept}2():\n    assert {kept} is not None\n"
    assert test_file(Language.PYTHON).defines(triple.candidate) == (f"{kept}2",)


def test_a_method_goes_into_the_files_test_class(tmp_path: Path) -> None:
    base = base_source(CLASS_PAIR)
    answer = "```python\nclass TestClamp(unittest.TestCase):\n    def test_high(self):\n" \
             "        self.assertEqual(clamp(11, 0, 10), 10)\n```"
    triple = writer_for(tmp_path, [answer])[0].write(CLASS_PAIR, base).triples[0]
    assert triple.container == "TestClamp" and triple.candidate.startswith("def test_high(self):")
    syntax = test_file(Language.PYTHON)
    augmented = syntax.insert(base, triple.candidate, triple.container)
    assert ("test_high", "TestClamp") in {(f.name, f.container) for f in syntax.functions(augmented)}


@pytest.mark.parametrize(("pair", "answer", "name", "container"), [
    (JAVA_PAIR, "```java\n@Test\nvoid three() {\n    assertEquals(6, Calc.twice(3));\n}\n```", "three", "CalcTest"),
    (JAVA_PAIR, "```java\nclass CalcTest {\n    @Test\n    void one() {\n        assertEquals(0, Calc.twice(0));\n"
                "    }\n}\n```", "one2", "CalcTest"),
    (GO_PAIR, "```go\nfunc TestZero(t *testing.T) {\n\tif Twice(0) != 0 {\n\t\tt.Fatal(0)\n\t}\n}\n```", "TestZero",
     None),
    (GO_PAIR, "```go\npackage calc\n\nimport \"testing\"\n\nfunc helper() {}\n\nfunc TestOne(t *testing.T) {\n"
              "\tif Twice(5) != 10 {\n\t\tt.Fatal(5)\n\t}\n}\n```", "TestOne2", None),
])
def test_java_and_go_answers_give_one_test(tmp_path: Path, pair: Pair, answer: str, name: str,
                                           container: str | None) -> None:
    # the whole test file as the base: "one" and "TestOne" are taken
    triple = writer_for(tmp_path, [answer])[0].write(pair, pair.test_source).triples[0]
    assert triple.candidate_names == (name,) and triple.container == container
    assert test_file(pair.language).defines(triple.candidate) == (name,)


def test_answers_without_a_test_function_are_dropped_and_counted(tmp_path: Path) -> None:
    answers = ["I cannot help with that.", "```python\ndef helper():\n    return 1\n```",
               "```python\ndef test_broken(:\n```", EDGE_ANSWER]
    writer, _ = writer_for(tmp_path, answers, count=5)  # the fifth repeats the first: dropped again
    written = writer.write(PY_PAIR, base_source(PY_PAIR))
    assert [t.candidate_names for t in written.triples] == [("test_edges",)]
    assert written.dropped == 4 and written.duplicates == 0 and writer.dropped == 4


def test_an_answer_cut_at_the_token_limit_keeps_its_whole_first_test(tmp_path: Path) -> None:
    answer = "```python\nimport pytest\n\n\ndef test_zero():\n    assert sign(0) == 0\n\n\ndef test_big():\n" \
             "    assert clamp(10**9, 0,"
    triple = writer_for(tmp_path, [answer])[0].write(PY_PAIR, base_source(PY_PAIR)).triples[0]
    assert triple.candidate == "def test_zero():\n    assert sign(0) == 0\n"


def test_repeated_answers_give_one_triple(tmp_path: Path) -> None:
    written = writer_for(tmp_path, [EDGE_ANSWER], count=3)[0].write(PY_PAIR, base_source(PY_PAIR))
    assert len(written.triples) == 1 and written.duplicates == 2 and written.dropped == 0


def test_answers_are_sampled_once_per_pair_with_a_fixed_seed_and_then_read_from_the_cache(tmp_path: Path) -> None:
    answers = [EDGE_ANSWER.replace("test_edges", f"test_edge_{i}") for i in range(2)]
    base = base_source(PY_PAIR)
    first, loaded = writer_for(tmp_path, answers, count=2)
    ids = [t.triple_id for t in first.write(PY_PAIR, base).triples]
    assert len(ids) == 2 and first.generated == 2
    (_, params), = loaded[0].calls
    assert params.n == 2 and params.temperature == 0.8 and params.max_new_tokens == 256

    def refuse() -> Generator:
        raise AssertionError("the cache should have answered")

    again = ModelWriter(ModelBackend("fake", refuse, tmp_path / "model_tests"), 2)
    assert [t.triple_id for t in again.write(PY_PAIR, base).triples] == ids and again.generated == 0
    elsewhere, loaded_elsewhere = writer_for(tmp_path / "other", answers, count=2)
    assert [t.triple_id for t in elsewhere.write(PY_PAIR, base).triples] == ids
    assert loaded_elsewhere[0].calls[0][1].seed == params.seed  # a lost cache draws with the same seed
    elsewhere.write(CLASS_PAIR, base_source(CLASS_PAIR))
    assert loaded_elsewhere[0].calls[1][1].seed != params.seed  # another pair, another seed


class RecordingLabeller:
    """Labels everything as running, and records the groups it was given."""

    def __init__(self) -> None:
        self.groups: list[list[Triple]] = []

    def label_pair(self, triples: Sequence[Triple]) -> list[LabelResult]:
        self.groups.append(list(triples))
        labels = Labels(True, "ok", Coverage(4, 2), Coverage(4, 3), 2, 1, 1, 0.5, 2.0, 2)
        return [LabelResult(triple, labels) for triple in triples]


def test_the_builder_labels_model_written_triples_with_the_pairs_others_and_resumes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builder, "pairs_for", lambda language, cache, lists: iter([PY_PAIR]))
    writer_loads: list[int] = []

    def load() -> Generator:
        writer_loads.append(1)
        return FakeGenerator(lambda prompt, index: EDGE_ANSWER)

    config = BuildConfig((Language.PYTHON,), tmp_path / "out", tmp_path / "sources", triples=NO_HELD_OUT,
                         model_tests=1, model=ModelBackend("fake", load, tmp_path / "model_tests"))
    labeller = RecordingLabeller()
    build(config, labeller)  # type: ignore[arg-type]  # duck-typed Labeller
    (group,) = labeller.groups
    assert [t.kind for t in group] == [CandidateKind.HELD_OUT, CandidateKind.MODEL_WRITTEN]
    assert len({t.pair_key for t in group}) == 1
    rows = list(read_jsonl(config.out / LABELLED))
    assert [row["kind"] for row in rows] == ["held_out", "model_written"]

    build(config, labeller)  # type: ignore[arg-type]
    assert len(labeller.groups) == 1 and writer_loads == [1]  # nothing relabelled, nothing regenerated
    with pytest.raises(ConfigError, match="model_tests=1"):
        build(BuildConfig((Language.PYTHON,), tmp_path / "out", tmp_path / "sources", model_tests=1),
              labeller)  # type: ignore[arg-type]


def test_the_command_makes_a_backend_only_when_model_tests_are_asked_for(tmp_path: Path) -> None:
    assert _model(Args("build", cache_dir=tmp_path)) is None
    backend = _model(Args("build", model_tests=2, model="some/model", cache_dir=tmp_path))
    assert backend is not None and backend.name == "some/model"
    assert backend.cache == tmp_path / "labeling" / "model_tests" and not backend.cache.exists()
    with pytest.raises(ConfigError, match="-1"):
        _model(Args("build", model_tests=-1, cache_dir=tmp_path))


@pytest.mark.model
@pytest.mark.slow
def test_the_embedded_model_writes_a_candidate_for_a_python_pair(embedded_model_dir: Path, tmp_path: Path) -> None:
    from execrl.generation.transformers_backend import TransformersConfig, TransformersGenerator

    def load() -> Generator:
        return TransformersGenerator.load(TransformersConfig(model=str(embedded_model_dir), batch_size=1))

    # 128 new tokens (the builder's default is 256): a cut answer still yields its first whole test, and CPU is scarce
    writer = ModelWriter(ModelBackend("embedded", load, tmp_path / "model_tests", max_new_tokens=128), 1)
    base = base_source(PY_PAIR)
    written = writer.write(PY_PAIR, base)
    assert writer.generated == 1 and written.duplicates == 0
    assert len(written.triples) + written.dropped == 1
    for triple in written.triples:
        assert triple.kind is CandidateKind.MODEL_WRITTEN and triple.test_source == base
        names = test_file(Language.PYTHON).defines(textwrap.dedent(triple.candidate))
        assert names == triple.candidate_names and len(names) == 1
        assert not any(f"def {names[0]}(" in line for line in base.splitlines())
