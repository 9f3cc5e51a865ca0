"""Fine-tuned: a transformer (encoder or decoder) with three binary heads on its mean-pooled last hidden states,
trained on the labels with a weighted binary cross-entropy, either fully or through LoRA adapters (peft); then
Platt/isotonic calibration of each head on the validation split.

The budget on a 2-core CPU is small by design (``steps`` x ``batch_size`` examples of ``max_length`` tokens); on
a GPU pass ``device="cuda"`` and a Hugging Face id as ``backbone``.
"""

from __future__ import annotations

import pickle
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from execrl.labeling.records import LabelledTriple, Triple
from execrl.rmrf.backbones import backbone_path, set_threads, triple_text
from execrl.rmrf.base import TARGETS, Prediction, read_model_file, truth, write_model_file
from execrl.rmrf.calibration import Calibration, columns_of, fit_calibration

STATE_FILE = "trainable.pt"
LORA_TARGETS = ("q_proj", "v_proj", "query", "value")  # llama-style and BERT-style attention projections


class FineTunedModel:
    def __init__(self, backbone: str = "smollm2", lora: bool = True, steps: int = 200, batch_size: int = 8,
                 max_length: int = 256, learning_rate: float | None = None, lora_rank: int = 8, threads: int = 2,
                 device: str = "cpu", seed: int = 0) -> None:
        rate = learning_rate if learning_rate is not None else (2e-4 if lora else 2e-5)
        self.options: dict[str, Any] = {
            "backbone": backbone, "lora": lora, "steps": steps, "batch_size": batch_size, "max_length": max_length,
            "learning_rate": rate, "lora_rank": lora_rank, "threads": threads, "device": device, "seed": seed}
        self.kind = "lora" if lora else "finetune"
        self.calibration = Calibration()
        self.losses: list[float] = []
        self._network: Any = None
        self._tokenizer: Any = None

    def fit(self, train: Sequence[LabelledTriple], validation: Sequence[LabelledTriple]) -> None:
        import torch

        network, _ = self._build()
        rows = list(train)
        weights = _positive_weights(rows)
        trainable = [p for p in network.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(trainable, lr=self.options["learning_rate"], weight_decay=0.01)
        shuffle = random.Random(self.options["seed"])
        started = time.perf_counter()
        network.train()
        for step in range(int(self.options["steps"])):
            batch = shuffle.sample(rows, min(len(rows), int(self.options["batch_size"])))
            targets = torch.tensor([[float(truth(r.labels, t)) for t in TARGETS] for r in batch])
            logits = network(**self._encode([r.triple for r in batch]))
            loss: Any = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets.to(logits.device),
                                                                        pos_weight=weights.to(logits.device))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            self.losses.append(float(loss.detach()))
            if step % 25 == 0:
                print(f"[rmrf {self.kind}] step {step} loss {self.losses[-1]:.4f} "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        network.eval()
        self.calibration = Calibration()
        if validation:
            scores = self._logits([row.triple for row in validation])
            self.calibration = fit_calibration(_columns(scores, _sigmoid), validation)

    def predict(self, triples: Sequence[Triple]) -> list[Prediction]:
        return self.calibration.predictions(_columns(self._logits(triples), _sigmoid))

    def _logits(self, triples: Sequence[Triple]) -> list[list[float]]:
        import torch

        network, _ = self._build()
        size = int(self.options["batch_size"]) * 2
        out: list[list[float]] = []
        with torch.no_grad():
            for start in range(0, len(triples), size):
                out += network(**self._encode(triples[start:start + size])).tolist()
        return out

    def _encode(self, triples: Sequence[Triple]) -> dict[str, Any]:
        _, tokenizer = self._build()
        length = int(self.options["max_length"])
        texts = [triple_text(t, tokenizer, length) for t in triples]
        batch = tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=length)
        return {key: batch[key].to(self.options["device"]) for key in ("input_ids", "attention_mask")}

    def _build(self) -> tuple[Any, Any]:
        if self._network is None:
            set_threads(int(self.options["threads"]))
            self._network, self._tokenizer = build_network(self.options)
        return self._network, self._tokenizer

    def trainable_state(self) -> dict[str, Any]:
        network, _ = self._build()
        names = {name for name, p in network.named_parameters() if p.requires_grad}
        return {name: tensor.detach().cpu() for name, tensor in network.state_dict().items() if name in names}

    def save(self, directory: Path) -> None:
        import torch

        write_model_file(directory, self.kind, self.options)
        torch.save(self.trainable_state(), directory / STATE_FILE)
        (directory / "calibration.pkl").write_bytes(pickle.dumps(self.calibration))

    @classmethod
    def load(cls, directory: Path) -> FineTunedModel:
        import torch

        _, options = read_model_file(directory)
        model = cls(**options)
        network, _ = model._build()
        network.load_state_dict(torch.load(directory / STATE_FILE, map_location=options["device"]), strict=False)
        network.eval()
        model.calibration = pickle.loads((directory / "calibration.pkl").read_bytes())  # written by save() above
        return model


def build_network(options: dict[str, Any]) -> tuple[Any, Any]:
    """The backbone with LoRA adapters (when ``options["lora"]``) under a three-way linear head, and its tokenizer."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from execrl.rmrf._heads import ThreeHeads

    path = backbone_path(str(options["backbone"]))
    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    torch.manual_seed(int(options["seed"]))
    backbone = AutoModel.from_pretrained(path, dtype=torch.float32)
    if options["lora"]:
        from peft import LoraConfig, get_peft_model

        names = {name.rsplit(".", 1)[-1] for name, _ in backbone.named_modules()}
        modules = [name for name in LORA_TARGETS if name in names]
        config = LoraConfig(r=int(options["lora_rank"]), lora_alpha=2 * int(options["lora_rank"]),
                            lora_dropout=0.05, target_modules=modules)
        backbone = get_peft_model(backbone, config)
    return ThreeHeads(backbone).to(options["device"]), tokenizer


def _positive_weights(rows: Sequence[LabelledTriple]) -> Any:
    """BCE ``pos_weight`` per target, negatives / positives (capped): rare positives still move the heads."""
    import torch

    weights = []
    for target in TARGETS:
        positives = sum(truth(r.labels, target) for r in rows)
        weights.append(min(10.0, (len(rows) - positives) / positives) if positives else 1.0)
    return torch.tensor(weights)


def _columns(scores: list[list[float]], transform: Any) -> list[list[float]]:
    return columns_of([[transform(x) for x in row] for row in scores])


def _sigmoid(x: float) -> float:
    import math

    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))
