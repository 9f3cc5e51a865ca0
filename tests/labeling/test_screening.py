"""The mutants a focal file's kill rate counts: screened in hash-ordered rounds, the same ones a full screening
would keep, stable across runs."""

from __future__ import annotations

import hashlib

from execrl.labeling.screening import screened_mutants
from execrl.mutation import mutants_for, screen
from execrl.types import Language
from tests.labeling.test_pipeline import CLAMP_PY

FOCAL = CLAMP_PY  # the pipeline tests' focal file: enough mutants for several rounds


def test_rounds_keep_the_first_mutants_in_hash_order_of_a_full_screening() -> None:
    everything = screen(Language.PYTHON, FOCAL, mutants_for(Language.PYTHON, FOCAL)).kept
    assert len(everything) > 3 * 3  # more than one round's worth, so rounds matter
    ranked = sorted(everything, key=lambda m: hashlib.sha256(m.mutant_id.encode()).hexdigest())
    chosen = screened_mutants(Language.PYTHON, "calc.py", FOCAL, (), limit=3)
    assert {m.mutant_id for m in chosen} == {m.mutant_id for m in ranked[:3]}
    assert [m.line for m in chosen] == sorted(m.line for m in chosen)
    assert screened_mutants(Language.PYTHON, "calc.py", FOCAL, (), limit=3) == chosen
    assert len(screened_mutants(Language.PYTHON, "calc.py", FOCAL, (), limit=1000)) == len(everything)
