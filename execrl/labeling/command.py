"""``execrl label``: build the labelled dataset from real projects, or label a triples file (both resumable).

    execrl label build --languages python,go,java --out data/labels
    execrl label build --model-tests 2 --model embedded --out data/labels   # adds model-written candidates
    execrl label build --sources my_lists --out data/my_projects            # your own project lists
    execrl label triples --triples my_triples.jsonl --out data/my_labels
    execrl label stats --out data/labels
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from execrl.errors import ConfigError
from execrl.generation.base import Generator
from execrl.labeling.builder import BuildConfig, build, read_jsonl, write_results
from execrl.labeling.model_written import ModelBackend
from execrl.labeling.pipeline import LabelConfig, Labeller
from execrl.labeling.records import Triple
from execrl.labeling.sources import LISTS
from execrl.labeling.stats import write_stats
from execrl.labeling.triples import TripleConfig
from execrl.mutation._cache import default_cache_dir
from execrl.types import Language, Limits

ACTIONS = ("build", "triples", "stats")


@dataclass
class Args:
    action: str = field(metadata={"positional": True, "help": "build | triples | stats"})
    out: Path = field(default=Path("data/labels"), metadata={"help": "output directory (appended to, resumable)"})
    languages: tuple[str, ...] = field(default=("python", "go", "java"), metadata={"help": "build: languages"})
    triples: Path | None = field(default=None, metadata={"help": "triples: a JSONL file of Triple rows to label"})
    workers: int | None = field(default=None, metadata={"help": "sandbox workers (default: one per core)"})
    max_mutants: int = field(default=20, metadata={"help": "mutants per focal file (sampled by hash)"})
    max_seconds: float = field(default=30.0, metadata={"help": "exclude triples whose labelling took longer"})
    timeout: float = field(default=60.0, metadata={"help": "seconds for one suite run"})
    held_out: int = field(default=4, metadata={"help": "build: test functions held out per test file"})
    pairs_per_project: int = field(default=8, metadata={"help": "build: (focal, test file) pairs per project"})
    per_language: int = field(default=650, metadata={"help": "build: stop a language at this many labelled triples"})
    model_tests: int = field(default=0, metadata={"help": "build: model-written candidates per pair (0: none)"})
    model: str = field(default="embedded", metadata={
        "help": "build: who writes them: 'embedded' (SmolLM2-135M-Instruct), a Hugging Face id or path, "
                "'openai:BASE_URL' or 'vllm:MODEL'"})
    cache_dir: Path = field(default_factory=default_cache_dir, metadata={"help": "downloads and base-run cache"})
    sources: Path = field(default=LISTS, metadata={
        "help": "build: a directory of project lists (python.txt, go.txt, java.txt, as the ones execrl ships)"})


def main(args: Args) -> int:
    if args.action not in ACTIONS:
        raise ConfigError(f"execrl label: action must be one of {', '.join(ACTIONS)}, got {args.action!r}")
    if args.action == "stats":
        print(write_stats(args.out)["total"])
        return 0
    from execrl.sandbox.local import LocalExecutor

    config = LabelConfig(Limits(timeout_s=args.timeout, memory_mb=2048), args.max_mutants, args.max_seconds,
                         cache_dir=args.cache_dir / "labeling")
    model = _model(args)
    with LocalExecutor(workers=args.workers) as executor:
        labeller = Labeller(executor, config)
        if args.action == "build":
            build(BuildConfig(_languages(args.languages), args.out, args.cache_dir / "labeling" / "sources",
                              args.pairs_per_project, args.per_language, TripleConfig(held_out=args.held_out),
                              args.model_tests, model, args.sources),
                  labeller)
        else:
            _label_file(args, labeller)
    print(write_stats(args.out)["total"])
    return 0


def _model(args: Args) -> ModelBackend | None:
    if args.model_tests < 0:
        raise ConfigError(f"--model-tests must be >= 0, got {args.model_tests}")
    if args.model_tests == 0:
        return None

    def load() -> Generator:
        from execrl.generation.command import Args as GenerateArgs
        from execrl.generation.command import make_generator

        return make_generator(GenerateArgs(tasks="", out=args.out, model=args.model))

    return ModelBackend(args.model, load, args.cache_dir / "labeling" / "model_tests")


def _languages(names: tuple[str, ...]) -> tuple[Language, ...]:
    try:
        return tuple(Language(name) for name in names)
    except ValueError as error:
        raise ConfigError(f"--languages: {error}") from None


def _label_file(args: Args, labeller: Labeller) -> None:
    if args.triples is None:
        raise ConfigError("execrl label triples needs --triples FILE")
    args.out.mkdir(parents=True, exist_ok=True)
    done = {str(row["triple_id"]) for name in ("labelled.jsonl", "skipped.jsonl")
            for row in read_jsonl(args.out / name)}
    todo = [Triple.from_json(row) for row in read_jsonl(args.triples) if str(row["triple_id"]) not in done]
    projects = sorted({triple.project for triple in todo})
    from tqdm import tqdm

    for result in tqdm(labeller.label(todo), total=len(todo), desc="label", unit="triple"):
        write_results(args.out, [result], projects)
