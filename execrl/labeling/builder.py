"""The dataset builder: pairs from each language's source -> triples -> labels, appended to
``<out>/labelled.jsonl`` as each pair finishes (triples that could not be labelled, or took longer than the
limit, go to ``<out>/skipped.jsonl`` with the reason); a restart skips every triple id found in either file.
Projects are visited round-robin (every project's first pair before any project's second), so a partial build
already spans as many projects as it can. With ``model_tests``, a generation backend adds model-written
candidates to each pair, labelled on the same base as its held-out ones (``model_written.py``)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from execrl.errors import ConfigError, DataError
from execrl.labeling.model_written import ModelBackend, ModelWriter
from execrl.labeling.pipeline import Labeller, LabelResult
from execrl.labeling.records import LabelledTriple, Triple
from execrl.labeling.sources import LISTS, Pair, pairs_for
from execrl.labeling.triples import TripleConfig, base_of, held_out_triples
from execrl.types import Language

LABELLED = "labelled.jsonl"
SKIPPED = "skipped.jsonl"
SPLITS = (("train", 0.7), ("validation", 0.15), ("test", 0.15))


@dataclass(frozen=True)
class BuildConfig:
    languages: tuple[Language, ...]
    out: Path
    source_cache: Path
    pairs_per_project: int = 4
    triples_per_language: int = 500  # stop a language once this many labelled triples are on disk
    triples: TripleConfig = TripleConfig()
    model_tests: int = 0  # model-written candidates asked for per pair (0: none)
    model: ModelBackend | None = None  # who writes them; needed when model_tests > 0
    sources: Path = LISTS  # a directory of project lists (python.txt, go.txt, java.txt)


def split_of(project: str, projects: Sequence[str]) -> str:
    """train / validation / test by the rank of the project's name hash among its language's projects: stable,
    and never one project in two splits."""
    ranked = sorted(set(projects), key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    position = ranked.index(project) / len(ranked)
    bound = 0.0
    for split, share in SPLITS:
        bound += share
        if position < bound - 1e-9:
            return split
    return SPLITS[-1][0]


def interleaved(pairs: Iterable[Pair], per_project: int) -> list[Pair]:
    """At most ``per_project`` pairs of each project, round-robin over projects."""
    by_project: dict[str, list[Pair]] = {}
    for pair in pairs:
        by_project.setdefault(pair.project, []).append(pair)
    rounds = itertools.zip_longest(*(found[:per_project] for found in by_project.values()))
    return [pair for round_ in rounds for pair in round_ if pair is not None]


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSON-lines file; a torn last line (an interrupted write) is dropped."""
    if not path.exists():
        return
    lines = path.read_text().splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            yield json.loads(line)
        except ValueError:
            if number != len(lines):
                raise DataError(f"{path}:{number}: not JSON; remove the line or start over") from None


def append_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    text = "".join(json.dumps(row) + "\n" for row in rows)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _finished(out: Path) -> tuple[set[str], dict[Language, int]]:
    done: set[str] = set()
    labelled = {language: 0 for language in Language}
    for row in read_jsonl(out / LABELLED):
        done.add(str(row["triple_id"]))
        labelled[Language(row["language"])] += 1
    done |= {str(row["triple_id"]) for row in read_jsonl(out / SKIPPED)}
    return done, labelled


def write_results(out: Path, results: Iterable[LabelResult], projects: Sequence[str]) -> int:
    """Append results to the two files; the number of labelled (not excluded) ones."""
    kept: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    for result in results:
        if result.excluded:
            skipped.append({"triple_id": result.triple.triple_id, "project": result.triple.project,
                            "language": result.triple.language.value, "kind": result.triple.kind.value,
                            "reason": result.reason, "labels": result.labels.to_json() if result.labels else None})
        else:
            assert result.labels is not None
            split = split_of(result.triple.project, projects)
            kept.append(LabelledTriple(result.triple, result.labels, split).to_json())
    append_jsonl(out / LABELLED, kept)
    append_jsonl(out / SKIPPED, skipped)
    return len(kept)


def refresh_splits(out: Path, projects: dict[Language, list[str]]) -> int:
    """Give every labelled row the split its project has now: a project added to a pinned list shifts the ranks,
    and no project may end up in two splits. Rewrites the file (atomically) only if a split changed; the number
    of rows whose split changed."""
    path = out / LABELLED
    rows = list(read_jsonl(path))
    changed = 0
    for row in rows:
        known = projects.get(Language(row["language"]), [])
        split = split_of(row["project"], known) if row["project"] in known else row["split"]
        changed += split != row["split"]
        row["split"] = split
    if changed:
        temporary = path.with_suffix(".tmp")
        temporary.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        os.replace(temporary, path)
    return changed


def build(config: BuildConfig, labeller: Labeller) -> None:
    """Languages take turns pair by pair, so a partial build already covers every language."""
    config.out.mkdir(parents=True, exist_ok=True)
    done, labelled = _finished(config.out)
    writer = _writer(config)
    queues = {language: interleaved(pairs_for(language, config.source_cache, config.sources), config.pairs_per_project)
              for language in config.languages}
    projects = {language: sorted({pair.project for pair in pairs}) for language, pairs in queues.items()}
    refresh_splits(config.out, projects)
    turns = [pair for round_ in itertools.zip_longest(*queues.values()) for pair in round_ if pair is not None]
    progress = tqdm(turns, desc="label", unit="pair")
    for pair in progress:
        if labelled[pair.language] >= config.triples_per_language:
            continue
        todo: list[Triple] = [t for t in triples_for(pair, config, writer) if t.triple_id not in done]
        if todo:
            labelled[pair.language] += write_results(config.out, labeller.label_pair(todo), projects[pair.language])
        postfix: dict[str, object] = {language.value: count for language, count in labelled.items()}
        if writer is not None:
            postfix["model_dropped"] = writer.dropped
        progress.set_postfix(postfix)


def triples_for(pair: Pair, config: BuildConfig, writer: ModelWriter | None) -> list[Triple]:
    """The pair's held-out triples and, with a writer, its model-written ones: all on the same base."""
    base = base_of(pair, config.triples)
    if base is None:
        return []
    triples = held_out_triples(pair, base, config.triples)
    if writer is not None:
        triples += writer.write(pair, base.source).triples
    return triples


def _writer(config: BuildConfig) -> ModelWriter | None:
    if config.model_tests <= 0:
        return None
    if config.model is None:
        raise ConfigError(f"model_tests={config.model_tests} needs a model to write them (BuildConfig.model)")
    return ModelWriter(config.model, config.model_tests)
