"""The network of the fine-tuned model (imported only when one is built: it needs torch)."""

from __future__ import annotations

from typing import Any

import torch

from execrl.rmrf.base import TARGETS


class ThreeHeads(torch.nn.Module):
    """Mean of the backbone's last hidden states over real tokens, then one linear layer to three logits."""

    def __init__(self, backbone: Any) -> None:
        super().__init__()
        self.backbone = backbone
        self.head = torch.nn.Linear(int(backbone.config.hidden_size), len(TARGETS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.backbone(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        logits: torch.Tensor = self.head(pooled)
        return logits
