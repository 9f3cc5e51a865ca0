"""A warm worker: set up isolation once, pre-import, then fork one contained child per request.

Started by ``LocalExecutor`` as ``python -m execrl.sandbox._worker``; speaks length-prefixed pickles on its
original stdin/stdout with the executor (both sides trusted). The untrusted children never see that channel.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import traceback

from execrl.sandbox._child import prepare_template, rehearse
from execrl.sandbox._harness import Execution
from execrl.sandbox._isolation import WorkerConfig, setup_worker
from execrl.sandbox._process import reap_pending, settle, use_zygote
from execrl.sandbox._suites import run_suite
from execrl.sandbox._wire import read_frame, write_frame
from execrl.sandbox._workdir import WorkerEnv, make_workdir, workdir_path
from execrl.sandbox._zygote import Zygote, ZygoteDied
from execrl.types import ErrorInfo, ErrorOrigin, ExecRequest, ExecResult, Outcome

# Imported once here so that a program's own imports of them cost a dictionary lookup in the forked child. Only
# the common ones: every MiB the worker holds adds ~0.06 ms to each fork (unittest, decimal, statistics... cost
# more to carry than the few programs importing them save).
PRELOAD = ("array", "bisect", "cmath", "collections", "copy", "functools", "heapq", "itertools", "math", "operator",
           "random", "re", "string", "struct", "textwrap", "typing")


def main() -> None:
    channel_in, channel_out = _take_channel()
    config = pickle.loads(read_frame(channel_in))
    assert isinstance(config, WorkerConfig)
    _pin(config.slot)
    _no_wakeup_preemption()
    setup = setup_worker(config)
    env = WorkerEnv(setup.isolation, setup.scratch, setup.uid)
    prepare_template(workdir_path(env))
    _preload()
    use_zygote(Zygote(setup.pid_namespace_fd))  # after pre-importing: the zygote's children inherit the warm modules
    write_frame(channel_out, pickle.dumps(env.isolation))
    while True:
        try:
            request = pickle.loads(read_frame(channel_in))
        except EOFError:
            return
        try:
            result = execute(request, env)
            write_frame(channel_out, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            reap_pending()
        except ZygoteDied:
            return  # unanswered: the executor starts a fresh worker and retries the request there
        except BrokenPipeError:
            return  # the executor is gone (closed or killed): nobody to answer


def execute(request: ExecRequest, env: WorkerEnv) -> ExecResult:
    """Run one request; ``reap_pending`` must follow. The answer goes out before the children are reaped, so
    that their teardown overlaps with the caller's work instead of delaying it."""
    try:
        settle()  # the previous request's processes are gone before its working directory is
        workdir = make_workdir(env, request.files)
        if request.suite is not None:
            return run_suite(request, env, workdir)
        return Execution(request, env, workdir).run()
    except ZygoteDied:
        raise
    except Exception as error:  # noqa: BLE001 - a failure of the machinery is an infrastructure error
        message = "".join(traceback.format_exception_only(error)).strip()
        return ExecResult(Outcome.INFRA_ERROR, isolation=env.isolation,
                          error=ErrorInfo(type(error).__name__, message, origin=ErrorOrigin.SANDBOX))


def _pin(slot: int) -> None:
    """Keep the worker and its children on one core: a call into the child is then a direct switch between two
    processes instead of a cross-core wake-up (measured ~0.18 ms per call round trip in this VM without it)."""
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[slot % len(cores)]})


def _no_wakeup_preemption() -> None:
    """SCHED_BATCH for the worker, and so for its zygote and children: a process woken by a message no longer
    preempts the sender. A child then answers the planned calls back to back (see ``_plan``) instead of handing
    the core to the worker after every answer, and the worker reads them all at once (6 fewer switches per
    execution here). It changes only who runs first on a core, not how much CPU each process gets."""
    os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))


def _take_channel() -> tuple[int, int]:
    """Move the executor's pipes off fds 0/1 so that nothing printed by accident can corrupt the channel."""
    channel_in, channel_out = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.close(devnull)
    return channel_in, channel_out


def _preload() -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    compile("x = 1", "<warm>", "exec")
    rehearse()
    gc.collect()
    gc.freeze()  # keep forked children from copying pages just to touch reference counts of these objects


if __name__ == "__main__":
    main()
