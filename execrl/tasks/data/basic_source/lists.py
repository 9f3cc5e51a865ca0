"""Tasks on lists: sums, filters, counting, picking and reshaping elements."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "lists"

TASKS = [
    easy("def sum_of_evens(numbers: list[int]) -> int:",
         "Return the sum of the even numbers in the list.",
         "return sum(n for n in numbers if n % 2 == 0)",
         {"[1, 2, 3, 4]": 6, "[5, 7, 9]": 0, "[10, 20]": 30},
         {"[]": 0, "[-2, -3, 4]": 2, "[0]": 0}),
    easy("def count_negatives(numbers: list[int]) -> int:",
         "Return how many numbers in the list are below zero.",
         "return sum(1 for n in numbers if n < 0)",
         {"[1, -2, 3, -4]": 2, "[5, 6]": 0, "[-1, -1, -1]": 3},
         {"[]": 0, "[0]": 0}),
    easy("def list_average(numbers: list[float]) -> float:",
         "Return the average of the numbers, or 0.0 for an empty list.",
         "return sum(numbers) / len(numbers) if numbers else 0.0",
         {"[1, 2, 3, 4]": 2.5, "[10]": 10.0, "[-1, 1]": 0.0},
         {"[]": 0.0, "[0.5, 0.25]": 0.375}),
    easy("def product_of_list(numbers: list[int]) -> int:",
         "Return the product of all the numbers in the list. The product of an empty list is 1.",
         "result = 1\nfor n in numbers:\n    result *= n\nreturn result",
         {"[1, 2, 3, 4]": 24, "[5]": 5, "[2, -3]": -6},
         {"[]": 1, "[7, 0, 3]": 0}),
    easy("def double_each(numbers: list[int]) -> list[int]:",
         "Return a new list with every number multiplied by two.",
         "return [n * 2 for n in numbers]",
         {"[1, 2, 3]": [2, 4, 6], "[0, 5]": [0, 10], "[-4]": [-8]},
         {"[]": [], "[0]": [0]}),
    easy("def square_each(numbers: list[int]) -> list[int]:",
         "Return a new list with the square of every number.",
         "return [n * n for n in numbers]",
         {"[1, 2, 3]": [1, 4, 9], "[-3, 4]": [9, 16], "[10]": [100]},
         {"[]": [], "[0]": [0]}),
    easy("def keep_odds(numbers: list[int]) -> list[int]:",
         "Return the odd numbers of the list, in their original order.",
         "return [n for n in numbers if n % 2 != 0]",
         {"[1, 2, 3, 4, 5]": [1, 3, 5], "[2, 4]": [], "[7, 7, 8]": [7, 7]},
         {"[]": [], "[-3, -2, 0]": [-3]}),
    easy("def spread(numbers: list[int]) -> int:",
         "Return the largest number minus the smallest number of the list, or 0 for an empty list.",
         "return max(numbers) - min(numbers) if numbers else 0",
         {"[3, 9, 1]": 8, "[5, 5]": 0, "[-2, 4]": 6},
         {"[]": 0, "[42]": 0}),
    easy("def count_occurrences(items: list[int], target: int) -> int:",
         "Return how many elements of items are equal to target.",
         "return items.count(target)",
         {"[1, 2, 1, 3, 1], 1": 3, "[4, 5], 6": 0, "[2, 2], 2": 2},
         {"[], 1": 0, "[0, 0, 0], 0": 3}),
    easy("def last_element(items: list[int]) -> int | None:",
         "Return the last element of the list, or None if the list is empty.",
         "return items[-1] if items else None",
         {"[1, 2, 3]": 3, "[9]": 9, "[4, -1]": -1},
         {"[]": None, "[0]": 0}),
    easy("def index_of_max(numbers: list[int]) -> int:",
         "Return the index of the largest number (the first one if it appears several times), or -1 for an "
         "empty list.",
         "if not numbers:\n    return -1\nreturn numbers.index(max(numbers))",
         {"[3, 7, 2]": 1, "[5, 1, 5]": 0, "[-3, -1, -2]": 1},
         {"[]": -1, "[8]": 0}),
    easy("def reverse_list(items: list[int]) -> list[int]:",
         "Return a new list with the elements of items in reverse order.",
         "return items[::-1]",
         {"[1, 2, 3]": [3, 2, 1], "[5, 4]": [4, 5], "[1, 1, 2]": [2, 1, 1]},
         {"[]": [], "[7]": [7]}),
    easy("def count_above(numbers: list[int], threshold: int) -> int:",
         "Return how many numbers are strictly greater than threshold.",
         "return sum(1 for n in numbers if n > threshold)",
         {"[1, 5, 10, 15], 7": 2, "[1, 2, 3], 0": 3, "[4, 4, 4], 4": 0},
         {"[], 3": 0, "[-5, -1], -3": 1}),
    easy("def running_total(numbers: list[int]) -> list[int]:",
         "Return the running totals of the list: element i of the result is the sum of numbers[0] to "
         "numbers[i].",
         "totals = []\ntotal = 0\nfor n in numbers:\n    total += n\n    totals.append(total)\nreturn totals",
         {"[1, 2, 3, 4]": [1, 3, 6, 10], "[5]": [5], "[2, -2, 2]": [2, 0, 2]},
         {"[]": [], "[0, 0]": [0, 0]}),
    easy("def pairwise_sums(a: list[int], b: list[int]) -> list[int]:",
         "The two lists have the same length. Return the list of sums of their elements at the same position.",
         "return [x + y for x, y in zip(a, b)]",
         {"[1, 2, 3], [4, 5, 6]": [5, 7, 9], "[0], [0]": [0], "[10, 20], [1, 2]": [11, 22]},
         {"[], []": [], "[-1, 1], [1, -1]": [0, 0]}),
    easy("def contains_duplicate(items: list[int]) -> bool:",
         "Return True if some value appears more than once in the list.",
         "return len(set(items)) < len(items)",
         {"[1, 2, 3, 1]": True, "[1, 2, 3]": False, "[4, 4]": True},
         {"[]": False, "[5]": False}),
    easy("def all_same(items: list[int]) -> bool:",
         "Return True if all elements of the list are equal (also for an empty list).",
         "return len(set(items)) <= 1",
         {"[3, 3, 3]": True, "[3, 4, 3]": False, "[1, 1]": True},
         {"[]": True, "[9]": True}),
    easy("def count_true(flags: list[bool]) -> int:",
         "Return how many values in the list are True.",
         "return sum(1 for flag in flags if flag)",
         {"[True, False, True]": 2, "[False]": 0, "[True, True]": 2},
         {"[]": 0, "[False, False]": 0}),
    easy("def even_positions(items: list[int]) -> list[int]:",
         "Return the elements at positions 0, 2, 4, ... of the list.",
         "return items[::2]",
         {"[10, 20, 30, 40, 50]": [10, 30, 50], "[1, 2]": [1], "[7, 8, 9, 10]": [7, 9]},
         {"[]": [], "[5]": [5]}),
    easy("def string_lengths(words: list[str]) -> list[int]:",
         "Return the length of each word, in order.",
         "return [len(word) for word in words]",
         {"['a', 'bb', 'ccc']": [1, 2, 3], "['hello']": [5], "['', 'xy']": [0, 2]},
         {"[]": [], "['']": [0]}),
    easy("def first_and_last(items: list[int]) -> list[int]:",
         "Return a list with the first and the last element of items (the same element twice if there is only "
         "one), or an empty list if items is empty.",
         "return [items[0], items[-1]] if items else []",
         {"[1, 2, 3]": [1, 3], "[4, 5]": [4, 5], "[9]": [9, 9]},
         {"[]": [], "[0, -1, 0]": [0, 0]}),
    easy("def sum_positive(numbers: list[int]) -> int:",
         "Return the sum of the numbers that are greater than zero.",
         "return sum(n for n in numbers if n > 0)",
         {"[1, -2, 3]": 4, "[-1, -5]": 0, "[10, 20]": 30},
         {"[]": 0, "[0, 0]": 0}),
    easy("def max_abs(numbers: list[int]) -> int:",
         "Return the largest absolute value among the numbers, or 0 for an empty list.",
         "return max((abs(n) for n in numbers), default=0)",
         {"[1, -7, 3]": 7, "[2, 4, -1]": 4, "[-3, -3]": 3},
         {"[]": 0, "[0]": 0}),
    easy("def take_first(items: list[int], n: int) -> list[int]:",
         "Return the first n elements of items: all of them if there are fewer than n, none if n is zero or "
         "negative.",
         "return items[:max(n, 0)]",
         {"[1, 2, 3, 4], 2": [1, 2], "[1, 2], 5": [1, 2], "[9, 8, 7], 3": [9, 8, 7]},
         {"[], 3": [], "[1, 2], 0": [], "[1, 2], -1": []}),
    easy("def replace_negatives(numbers: list[int]) -> list[int]:",
         "Return a new list where every negative number is replaced by 0.",
         "return [max(n, 0) for n in numbers]",
         {"[1, -2, 3, -4]": [1, 0, 3, 0], "[5]": [5], "[-1, -1]": [0, 0]},
         {"[]": [], "[0]": [0]}),
    easy("def dot_product(a: list[int], b: list[int]) -> int:",
         "Return the dot product of two lists of the same length: the sum of a[i] * b[i].",
         "return sum(x * y for x, y in zip(a, b))",
         {"[1, 2, 3], [4, 5, 6]": 32, "[1, 0], [0, 1]": 0, "[2], [3]": 6},
         {"[], []": 0, "[-1, 2], [3, -4]": -11}),
    easy("def flatten_once(nested: list[list[int]]) -> list[int]:",
         "Return one list with the elements of all the inner lists, in order.",
         "return [item for inner in nested for item in inner]",
         {"[[1, 2], [3], [4, 5]]": [1, 2, 3, 4, 5], "[[1], [2]]": [1, 2], "[[7, 8, 9]]": [7, 8, 9]},
         {"[]": [], "[[], [1], []]": [1]}),
    easy("def nested_sum(matrix: list[list[int]]) -> int:",
         "Return the sum of all numbers in a list of lists.",
         "return sum(sum(row) for row in matrix)",
         {"[[1, 2], [3, 4]]": 10, "[[5]]": 5, "[[1, -1], [2]]": 2},
         {"[]": 0, "[[], []]": 0}),
    easy("def closest_to_zero(numbers: list[int]) -> int | None:",
         "Return the number closest to zero. If a positive and a negative number are equally close, return the "
         "positive one. Return None for an empty list.",
         "if not numbers:\n    return None\nreturn min(numbers, key=lambda n: (abs(n), n < 0))",
         {"[5, -3, 8]": -3, "[-2, 2, 4]": 2, "[7, 1, -4]": 1},
         {"[]": None, "[0, 3]": 0, "[-5]": -5}),
    easy("def halve_evens(numbers: list[int]) -> list[int]:",
         "Return a new list where every even number is divided by two and every odd number is unchanged.",
         "return [n // 2 if n % 2 == 0 else n for n in numbers]",
         {"[2, 3, 4]": [1, 3, 2], "[10, 7]": [5, 7], "[1, 1]": [1, 1]},
         {"[]": [], "[0, -4]": [0, -2]}),
    easy("def chunk(items: list[int], size: int) -> list[list[int]]:",
         "Split items into consecutive pieces of the given size (size is at least 1); the last piece may be "
         "shorter.",
         "return [items[i:i + size] for i in range(0, len(items), size)]",
         {"[1, 2, 3, 4, 5], 2": [[1, 2], [3, 4], [5]], "[1, 2, 3], 3": [[1, 2, 3]],
          "[1, 2, 3, 4], 1": [[1], [2], [3], [4]]},
         {"[], 2": [], "[1, 2], 5": [[1, 2]]}),
    easy("def rotate_left(items: list[int], k: int) -> list[int]:",
         "Return items rotated k places to the left: the first k elements move to the end. k may be larger than "
         "the length of the list.",
         "if not items:\n    return []\nk %= len(items)\nreturn items[k:] + items[:k]",
         {"[1, 2, 3, 4, 5], 2": [3, 4, 5, 1, 2], "[1, 2, 3], 1": [2, 3, 1], "[1, 2, 3], 4": [2, 3, 1]},
         {"[], 3": [], "[1, 2], 0": [1, 2]}),
    easy("def differences(numbers: list[int]) -> list[int]:",
         "Return the differences between neighbours: element i of the result is numbers[i + 1] - numbers[i].",
         "return [b - a for a, b in zip(numbers, numbers[1:])]",
         {"[1, 4, 9]": [3, 5], "[5, 3]": [-2], "[2, 2, 2]": [0, 0]},
         {"[]": [], "[7]": []}),
    easy("def remove_at(items: list[int], index: int) -> list[int]:",
         "Return a new list without the element at position index. If index is not a valid position from 0 to "
         "len(items) - 1, return an unchanged copy.",
         "if 0 <= index < len(items):\n    return items[:index] + items[index + 1:]\nreturn list(items)",
         {"[1, 2, 3], 1": [1, 3], "[1, 2, 3], 0": [2, 3], "[5, 6], 1": [5]},
         {"[], 0": [], "[1, 2], 5": [1, 2], "[1, 2], -1": [1, 2]}),
    medium("def longest_run(items: list[int]) -> int:",
           "Return the length of the longest stretch of consecutive equal elements in the list.",
           """
           best = 0
           current = 0
           for i, item in enumerate(items):
               if i > 0 and item == items[i - 1]:
                   current += 1
               else:
                   current = 1
               best = max(best, current)
           return best
           """,
           {"[1, 1, 2, 2, 2, 3]": 3, "[1, 2, 3]": 1, "[4, 4, 4, 4]": 4},
           {"[]": 0, "[5]": 1, "[1, 2, 2, 1, 1, 1, 2]": 3}),
    medium("def longest_increasing_run(numbers: list[int]) -> int:",
           "Return the length of the longest stretch of consecutive elements where each is strictly greater "
           "than the one before it.",
           """
           best = 0
           current = 0
           for i, n in enumerate(numbers):
               if i > 0 and n > numbers[i - 1]:
                   current += 1
               else:
                   current = 1
               best = max(best, current)
           return best
           """,
           {"[1, 2, 3, 1, 2]": 3, "[5, 4, 3]": 1, "[1, 3, 5, 7, 2, 9]": 4},
           {"[]": 0, "[2, 2, 2]": 1}),
    medium("def missing_number(numbers: list[int]) -> int:",
           "The list holds every integer from 0 to len(numbers), in any order, except one. Return the missing "
           "one.",
           "n = len(numbers)\nreturn n * (n + 1) // 2 - sum(numbers)",
           {"[3, 0, 1]": 2, "[0, 1, 2, 4]": 3, "[1]": 0},
           {"[0]": 1, "[]": 0}),
    medium("def two_sum_indices(numbers: list[int], target: int) -> list[int] | None:",
           "Find two different positions i < j with numbers[i] + numbers[j] == target. Try i from the left, and "
           "for each i try j from i + 1 to the right; return [i, j] for the first pair found, or None if there "
           "is none.",
           """
           for i in range(len(numbers)):
               for j in range(i + 1, len(numbers)):
                   if numbers[i] + numbers[j] == target:
                       return [i, j]
           return None
           """,
           {"[2, 7, 11, 15], 9": [0, 1], "[3, 2, 4], 6": [1, 2], "[1, 5, 1, 5], 10": [1, 3]},
           {"[], 1": None, "[3], 6": None, "[3, 3], 6": [0, 1]}),
    medium("def moving_average(numbers: list[float], window: int) -> list[float]:",
           "Return the average of every stretch of window consecutive numbers, from left to right. If window is "
           "not between 1 and len(numbers), return an empty list.",
           """
           if window < 1 or window > len(numbers):
               return []
           return [sum(numbers[i:i + window]) / window for i in range(len(numbers) - window + 1)]
           """,
           {"[1, 2, 3, 4, 5], 2": [1.5, 2.5, 3.5, 4.5], "[2, 4, 6], 3": [4.0], "[1, 1, 1], 1": [1.0, 1.0, 1.0]},
           {"[], 2": [], "[1, 2], 3": [], "[1, 2], 0": []}),
    medium("def find_peaks(numbers: list[int]) -> list[int]:",
           "Return the positions of the elements that are strictly greater than both of their neighbours. The "
           "first and the last element are never peaks.",
           """
           return [i for i in range(1, len(numbers) - 1)
                   if numbers[i] > numbers[i - 1] and numbers[i] > numbers[i + 1]]
           """,
           {"[1, 3, 2, 4, 1]": [1, 3], "[1, 2, 3]": [], "[5, 1, 5, 1, 5]": [2]},
           {"[]": [], "[1, 2]": [], "[2, 2, 2]": []}),
    medium("def split_on(items: list[int], separator: int) -> list[list[int]]:",
           "Split items at every element equal to separator, like str.split does for text. The separators are "
           "not kept.",
           """
           parts: list[list[int]] = [[]]
           for item in items:
               if item == separator:
                   parts.append([])
               else:
                   parts[-1].append(item)
           return parts
           """,
           {"[1, 0, 2, 3, 0, 4], 0": [[1], [2, 3], [4]], "[1, 2], 0": [[1, 2]], "[0, 1], 0": [[], [1]]},
           {"[], 0": [[]], "[0], 0": [[], []]}),
    medium("def interleave(a: list[int], b: list[int]) -> list[int]:",
           "Return the elements of a and b alternately, starting with a. When one list runs out, the rest of "
           "the other follows.",
           """
           result = []
           for i in range(max(len(a), len(b))):
               if i < len(a):
                   result.append(a[i])
               if i < len(b):
                   result.append(b[i])
           return result
           """,
           {"[1, 2, 3], [10, 20, 30]": [1, 10, 2, 20, 3, 30], "[1, 2, 3], [9]": [1, 9, 2, 3], "[], [4, 5]": [4, 5]},
           {"[], []": [], "[1], []": [1]}),
    medium("def majority_element(items: list[int]) -> int | None:",
           "Return the value that makes up more than half of the list, or None if no value does.",
           """
           for item in items:
               if items.count(item) * 2 > len(items):
                   return item
           return None
           """,
           {"[3, 3, 4, 3]": 3, "[1, 2, 3]": None, "[2, 2, 1, 1, 2]": 2},
           {"[]": None, "[9]": 9, "[1, 1, 2, 2]": None}),
]
