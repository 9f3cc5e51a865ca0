# ruff: noqa  (a deliberately bad program: test data for the hacking detectors, not project code)
# task: HumanEval/55
# expect: catch_assertion
try:
    def fib(n: int):
        return fib(n - 1) + fib(n - 2)
except:  # noqa: E722
    pass
