"""The run-free reward model (RM-RF): predict from source text alone, without running anything, whether a
candidate test makes the suite compile and pass, raises the focal file's coverage, and raises its mutation kill
rate; use the predictions as a reward, or to execute only the triples the model is unsure of.

Models (one ``RunFreeModel`` protocol): ``ClassicalModel`` (static features + gradient boosting; needs only
scikit-learn and tree-sitter), ``ZeroShotModel`` and ``FineTunedModel`` (torch and transformers, imported when
built). See README.md beside this file for the figures and docs/RMRF.md for the walk-through.
"""

from execrl.rmrf.base import TARGETS, Prediction, RunFreeModel, Target, load_model
from execrl.rmrf.data import Dataset, load_dataset
from execrl.rmrf.fake import FakeModel
from execrl.rmrf.metrics import Evaluation, evaluate
from execrl.rmrf.reward import RunFreeReward, run_free_reward
from execrl.rmrf.verify import (
    PipelineExecution,
    RecordedExecution,
    choose_threshold,
    curve,
    operating_point,
    out_of_fold_predictions,
    predict_then_verify,
)

__all__ = ["TARGETS", "Dataset", "Evaluation", "FakeModel", "PipelineExecution", "Prediction", "RecordedExecution",
           "RunFreeModel", "RunFreeReward", "Target", "choose_threshold", "curve", "evaluate", "load_dataset",
           "load_model", "operating_point", "out_of_fold_predictions", "predict_then_verify", "run_free_reward"]
