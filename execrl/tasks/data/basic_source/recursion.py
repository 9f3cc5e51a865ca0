"""Tasks with a recursive structure: nested lists, trees, choices, counting ways."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "recursion"

TREE = "A tree is None (empty) or a list [value, left, right] whose left and right are trees."

TASKS = [
    easy("def int_power(base: int, exponent: int) -> int:",
         "Return base raised to exponent (exponent >= 0) by repeated multiplication; 0 ** 0 is 1.",
         "if exponent == 0:\n    return 1\nreturn base * int_power(base, exponent - 1)",
         {"2, 10": 1024, "3, 3": 27, "5, 1": 5},
         {"7, 0": 1, "0, 0": 1, "-2, 3": -8}),
    easy("def sum_every_other(n: int) -> int:",
         "Return n + (n - 2) + (n - 4) + ..., adding only the positive terms; 0 if n is not positive.",
         "if n <= 0:\n    return 0\nreturn n + sum_every_other(n - 2)",
         {"6": 12, "5": 9, "10": 30},
         {"0": 0, "-4": 0, "1": 1}),
    easy("def count_down_string(n: int) -> str:",
         "Return the numbers from n down to 1 separated by spaces, or an empty string if n < 1.",
         "if n < 1:\n    return ''\nif n == 1:\n    return '1'\nreturn f'{n} ' + count_down_string(n - 1)",
         {"3": "3 2 1", "1": "1", "5": "5 4 3 2 1"},
         {"0": "", "-2": ""}),
    medium("def flatten(nested: list) -> list[int]:",
           "Return all the numbers of a list whose elements are numbers or lists of the same kind, nested to any "
           "depth, in order.",
           """
           result = []
           for item in nested:
               if isinstance(item, list):
                   result.extend(flatten(item))
               else:
                   result.append(item)
           return result
           """,
           {"[1, [2, [3, [4]]]]": [1, 2, 3, 4], "[[1, 2], [3]]": [1, 2, 3], "[1, 2, 3]": [1, 2, 3]},
           {"[]": [], "[[[]]]": [], "[[], [5], [[6, []]]]": [5, 6]}),
    medium("def max_depth(nested: list) -> int:",
           "Return how deeply lists are nested in nested: a list with no lists inside has depth 1, [[1]] has "
           "depth 2.",
           """
           return 1 + max((max_depth(item) for item in nested if isinstance(item, list)), default=0)
           """,
           {"[1, 2]": 1, "[1, [2, [3]]]": 3, "[[1], [2]]": 2},
           {"[]": 1, "[[[[]]]]": 4}),
    medium("def nested_total(nested: list) -> int:",
           "Return the sum of all numbers in a list whose elements are numbers or lists of the same kind, nested "
           "to any depth.",
           """
           return sum(nested_total(item) if isinstance(item, list) else item for item in nested)
           """,
           {"[1, [2, 3], [[4]]]": 10, "[5]": 5, "[[1, -1], [2]]": 2},
           {"[]": 0, "[[], [[]]]": 0}),
    medium("def all_subsets(items: list[int]) -> list[list[int]]:",
           "Return every subset of items as a list that keeps the elements in their original order. The subsets "
           "are returned sorted (as Python compares lists).",
           """
           if not items:
               return [[]]
           rest = all_subsets(items[1:])
           return sorted(rest + [[items[0]] + subset for subset in rest])
           """,
           {"[1, 2]": [[], [1], [1, 2], [2]], "[1]": [[], [1]],
            "[1, 2, 3]": [[], [1], [1, 2], [1, 2, 3], [1, 3], [2], [2, 3], [3]]},
           {"[]": [[]], "[-1, 0]": [[], [-1], [-1, 0], [0]]}),
    medium("def permutations_of(text: str) -> list[str]:",
           "Return every distinct rearrangement of the characters of text, sorted.",
           """
           if len(text) <= 1:
               return [text]
           result = set()
           for i, char in enumerate(text):
               for rest in permutations_of(text[:i] + text[i + 1:]):
                   result.add(char + rest)
           return sorted(result)
           """,
           {"'abc'": ["abc", "acb", "bac", "bca", "cab", "cba"], "'aab'": ["aab", "aba", "baa"], "'x'": ["x"]},
           {"''": [""], "'zz'": ["zz"]}),
    medium("def binary_strings(n: int) -> list[str]:",
           "Return every string of n characters made of '0' and '1', in increasing order.",
           """
           if n <= 0:
               return ['']
           shorter = binary_strings(n - 1)
           return ['0' + s for s in shorter] + ['1' + s for s in shorter]
           """,
           {"2": ["00", "01", "10", "11"], "1": ["0", "1"],
            "3": ["000", "001", "010", "011", "100", "101", "110", "111"]},
           {"0": [""], "-1": [""]}),
    medium("def hanoi_moves(n: int, source: str, target: str, spare: str) -> list[tuple[str, str]]:",
           "Return the moves that solve the Towers of Hanoi with n discs from source to target using spare: move "
           "n - 1 discs out of the way to spare, move the largest disc, then move the n - 1 discs onto it. Each "
           "move is a tuple (from_peg, to_peg).",
           """
           if n <= 0:
               return []
           return (hanoi_moves(n - 1, source, spare, target) + [(source, target)]
                   + hanoi_moves(n - 1, spare, target, source))
           """,
           {"1, 'A', 'C', 'B'": [("A", "C")], "2, 'A', 'C', 'B'": [("A", "B"), ("A", "C"), ("B", "C")],
            "3, 'A', 'C', 'B'": [("A", "C"), ("A", "B"), ("C", "B"), ("A", "C"), ("B", "A"), ("B", "C"),
                                 ("A", "C")]},
           {"0, 'A', 'C', 'B'": [], "1, 'X', 'Y', 'Z'": [("X", "Y")]}),
    medium("def count_paths(rows: int, cols: int) -> int:",
           "Return the number of ways to walk from the top-left to the bottom-right cell of a grid with the "
           "given size, moving only right or down. A grid with no cells has no paths.",
           """
           if rows <= 0 or cols <= 0:
               return 0
           if rows == 1 or cols == 1:
               return 1
           return count_paths(rows - 1, cols) + count_paths(rows, cols - 1)
           """,
           {"2, 2": 2, "3, 3": 6, "3, 7": 28},
           {"1, 1": 1, "1, 5": 1, "0, 3": 0}),
    medium("def binary_search(items: list[int], target: int) -> int:",
           "items is sorted in increasing order with no repeats. Return the position of target in items, or -1 "
           "if it is not there, by repeatedly halving the part of the list that can still hold it.",
           """
           low, high = 0, len(items) - 1
           while low <= high:
               middle = (low + high) // 2
               if items[middle] == target:
                   return middle
               if items[middle] < target:
                   low = middle + 1
               else:
                   high = middle - 1
           return -1
           """,
           {"[1, 3, 5, 7, 9], 7": 3, "[1, 3, 5, 7, 9], 1": 0, "[2, 4, 6], 5": -1},
           {"[], 3": -1, "[5], 5": 0, "[1, 2, 3], 4": -1}),
    medium("def keypad_words(digits: str) -> list[str]:",
           "On a phone keypad 2 is 'abc', 3 'def', 4 'ghi', 5 'jkl', 6 'mno', 7 'pqrs', 8 'tuv' and 9 'wxyz'. "
           "Return every string the digits can spell, in alphabetical order. No digits give an empty list.",
           """
           letters = {'2': 'abc', '3': 'def', '4': 'ghi', '5': 'jkl', '6': 'mno', '7': 'pqrs', '8': 'tuv',
                      '9': 'wxyz'}
           if not digits:
               return []
           if len(digits) == 1:
               return list(letters[digits])
           return [first + rest for first in letters[digits[0]] for rest in keypad_words(digits[1:])]
           """,
           {"'23'": ["ad", "ae", "af", "bd", "be", "bf", "cd", "ce", "cf"], "'2'": ["a", "b", "c"],
            "'7'": ["p", "q", "r", "s"]},
           {"''": [], "'99'": ["ww", "wx", "wy", "wz", "xw", "xx", "xy", "xz", "yw", "yx", "yy", "yz", "zw", "zx",
                                "zy", "zz"]}),
    medium("def count_change(amount: int, coins: list[int]) -> int:",
           "Return the number of different ways to make amount from coins of the given values, using each value "
           "any number of times. The order of the coins does not matter; there is one way to make 0.",
           """
           if amount == 0:
               return 1
           if amount < 0 or not coins:
               return 0
           return count_change(amount - coins[0], coins) + count_change(amount, coins[1:])
           """,
           {"4, [1, 2, 3]": 4, "10, [2, 5, 3, 6]": 5, "3, [2]": 0},
           {"0, [1, 2]": 1, "5, []": 0}),
    medium("def count_leaves(tree: dict) -> int:",
           "Return how many values that are not dictionaries a dictionary holds, looking inside nested "
           "dictionaries at any depth.",
           """
           return sum(count_leaves(value) if isinstance(value, dict) else 1 for value in tree.values())
           """,
           {"{'a': 1, 'b': {'c': 2, 'd': 3}}": 3, "{'x': {'y': {'z': 1}}}": 1, "{'a': 1}": 1},
           {"{}": 0, "{'a': {}}": 0}),
    medium("def tree_sum(tree: list | None) -> int:",
           TREE + " Return the sum of all values in the tree.",
           """
           if tree is None:
               return 0
           value, left, right = tree
           return value + tree_sum(left) + tree_sum(right)
           """,
           {"[1, [2, None, None], [3, None, None]]": 6, "[5, None, [7, [1, None, None], None]]": 13,
            "[4, None, None]": 4},
           {"None": 0, "[-3, [3, None, None], None]": 0}),
    medium("def tree_height(tree: list | None) -> int:",
           TREE + " Return the number of values on the longest path from the top of the tree down.",
           """
           if tree is None:
               return 0
           return 1 + max(tree_height(tree[1]), tree_height(tree[2]))
           """,
           {"[1, [2, None, None], [3, None, None]]": 2, "[5, None, [7, [1, None, None], None]]": 3,
            "[4, None, None]": 1},
           {"None": 0, "[1, [2, [3, [4, None, None], None], None], None]": 4}),
]
