"""execrl: reinforcement learning from execution feedback for code-generation models."""

from execrl.types import (
    ErrorInfo,
    ExecRequest,
    ExecResult,
    Isolation,
    Language,
    Limits,
    Outcome,
    Sample,
    Task,
    TestCase,
    TestResult,
    TestStatus,
)

__version__ = "0.1.0"

__all__ = [
    "ErrorInfo",
    "ExecRequest",
    "ExecResult",
    "Isolation",
    "Language",
    "Limits",
    "Outcome",
    "Sample",
    "Task",
    "TestCase",
    "TestResult",
    "TestStatus",
]
