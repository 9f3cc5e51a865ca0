from __future__ import annotations

import pytest

from execrl.labeling.records import CandidateKind, Triple
from execrl.rmrf.features import FEATURES, feature_dict, missing_calls, parses
from execrl.types import Language
from tests.rmrf.conftest import FOCAL, TESTS


def triple(candidate: str, language: Language = Language.PYTHON, focal: str = FOCAL, tests: str = TESTS) -> Triple:
    return Triple("t", "p", language, "focal", focal, "test", tests, candidate, ("t",), CandidateKind.MODEL_WRITTEN)


def test_missing_api_is_detected() -> None:
    found = triple("def test_x():\n    assert focal.parse_json('1') == 1\n    assert double(2) == 4\n")
    assert missing_calls(found) == ["parse_json"]
    features = feature_dict(found)
    assert features["missing_calls"] == 1 and features["near_miss_calls"] == 1
    assert feature_dict(triple("def test_x():\n    assert double(2) == 4\n"))["missing_calls"] == 0


@pytest.mark.parametrize(("language", "good", "bad"), [
    (Language.PYTHON, "def test_x():\n    assert f(1) == 2\n", "def test_x():\n    assert f(1 == 2\n"),
    (Language.JAVA, "@Test void x() { assertEquals(2, f(1)); }", "@Test void x() { assertEquals(2, f(1); }"),
    (Language.GO, "func TestX(t *testing.T) {\n\tif f(1) != 2 {\n\t\tt.Error(1)\n\t}\n}\n",
     "func TestX(t *testing.T) {\n\tif f(1) != 2 {\n\t\tt.Error(1)\n\t}\n"),
])
def test_syntax_errors_are_detected(language: Language, good: str, bad: str) -> None:
    assert parses(good, language) and not parses(bad, language)
    assert feature_dict(triple(bad, language))["candidate_parses"] == 0.0


def test_new_focal_functions_are_told_from_ones_the_suite_already_calls() -> None:
    new = feature_dict(triple("def test_x():\n    assert clamp(5, 0, 1) == 1\n"))
    old = feature_dict(triple("def test_x():\n    assert parse('5') == 5\n"))
    assert (new["focal_reached_new"], old["focal_reached_new"]) == (1, 0)
    assert new["new_lines_reached"] > 0 == old["new_lines_reached"]
    assert old["repeated_lines"] == 0 and old["token_jaccard"] > new["token_jaccard"]


def test_expected_values_seen_elsewhere_count_as_plausible() -> None:
    tests = TESTS + "\n\ndef test_more():\n    assert double(21) == 42\n"
    copied = feature_dict(triple("def test_x():\n    assert double(21) == 42\n", tests=tests))
    invented = feature_dict(triple("def test_x():\n    assert double(21) == 43\n", tests=tests))
    assert copied["plausible_literals"] == 1.0 and invented["plausible_literals"] == 0.5
    # The last literal is where an expected value sits: 42 is known, 43 is not; no literal at all gives -1.
    assert (copied["last_literal_known"], invented["last_literal_known"]) == (1.0, 0.0)
    assert feature_dict(triple("def test_x():\n    assert double(x) == y\n"))["last_literal_known"] == -1.0


def test_java_and_go_missing_calls_and_name_clash() -> None:
    focal = "class Focal { static int twice(int x) { return 2 * x; } }"
    tests = "class FocalTest {\n    @Test\n    void a() {\n        assertEquals(2, Focal.twice(1));\n    }\n}\n"
    java = triple("@Test void a() { assertEquals(4, Focal.twiceMissing(2)); }", Language.JAVA, focal, tests)
    assert missing_calls(java) == ["twiceMissing"]
    go = triple("func TestB(t *testing.T) {\n\tif Twice(2) != 4 {\n\t\tt.Error(2)\n\t}\n}\n", Language.GO,
                "package focal\n\nfunc Twice(x int) int { return 2 * x }\n", "package focal\n")
    assert missing_calls(go) == [] and feature_dict(go)["go"] == 1.0
    clash = Triple("t", "p", Language.JAVA, "Focal.java", focal, "FocalTest.java", tests,
                   "@Test void a() { assertEquals(2, Focal.twice(1)); }", ("a",), CandidateKind.HELD_OUT)
    assert feature_dict(clash)["name_clash"] == 1.0


def test_feature_names_match_values() -> None:
    assert tuple(feature_dict(triple("def test_x():\n    pass\n"))) == FEATURES
