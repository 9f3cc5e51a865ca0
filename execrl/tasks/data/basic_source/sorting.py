"""Tasks on ordering: sort keys, stable orders, ranks, merging and intervals."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "sorting"

TASKS = [
    easy("def sort_descending(numbers: list[int]) -> list[int]:",
         "Return the numbers sorted from largest to smallest.",
         "return sorted(numbers, reverse=True)",
         {"[3, 1, 2]": [3, 2, 1], "[5, 5, 1]": [5, 5, 1], "[-1, -3, 2]": [2, -1, -3]},
         {"[]": [], "[4]": [4]}),
    easy("def sort_by_length(words: list[str]) -> list[str]:",
         "Return the words sorted from shortest to longest; words of the same length keep their original "
         "order.",
         "return sorted(words, key=len)",
         {"['ccc', 'a', 'bb']": ["a", "bb", "ccc"], "['hi', 'to', 'a']": ["a", "hi", "to"],
          "['same', 'size']": ["same", "size"]},
         {"[]": [], "['a', '']": ["", "a"]}),
    easy("def sort_case_insensitive(words: list[str]) -> list[str]:",
         "Return the words in alphabetical order, ignoring upper and lower case; words that are equal when case "
         "is ignored keep their original order.",
         "return sorted(words, key=str.lower)",
         {"['banana', 'Apple', 'cherry']": ["Apple", "banana", "cherry"], "['b', 'A', 'a']": ["A", "a", "b"],
          "['Zed', 'alpha']": ["alpha", "Zed"]},
         {"[]": [], "['x']": ["x"]}),
    easy("def sort_by_second(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:",
         "Return the pairs sorted by their second element, smallest first; pairs with equal second elements "
         "keep their original order.",
         "return sorted(pairs, key=lambda pair: pair[1])",
         {"[('a', 3), ('b', 1), ('c', 2)]": [("b", 1), ("c", 2), ("a", 3)],
          "[('x', 0), ('y', -1)]": [("y", -1), ("x", 0)], "[('p', 5)]": [("p", 5)]},
         {"[]": [], "[('x', 1), ('y', 1)]": [("x", 1), ("y", 1)]}),
    easy("def sort_letters(word: str) -> str:",
         "Return the characters of word sorted by their character code (so upper-case letters come before "
         "lower-case ones).",
         "return ''.join(sorted(word))",
         {"'hello'": "ehllo", "'python'": "hnopty", "'cba'": "abc"},
         {"''": "", "'Ba'": "Ba", "'aB'": "Ba"}),
    easy("def kth_smallest(numbers: list[int], k: int) -> int | None:",
         "Return the k-th smallest number (k = 1 is the smallest), counting repeated numbers separately, or "
         "None if k is not between 1 and len(numbers).",
         "if not 1 <= k <= len(numbers):\n    return None\nreturn sorted(numbers)[k - 1]",
         {"[7, 2, 9, 4], 2": 4, "[5, 1, 3], 1": 1, "[5, 1, 3], 3": 5},
         {"[], 1": None, "[1, 2], 3": None, "[1, 2], 0": None, "[3, 3, 1], 3": 3}),
    easy("def keys_by_value(mapping: dict[str, int]) -> list[str]:",
         "Return the keys of mapping ordered by their values, largest first; keys with equal values are in "
         "alphabetical order.",
         "return sorted(mapping, key=lambda key: (-mapping[key], key))",
         {"{'a': 1, 'b': 3, 'c': 2}": ["b", "c", "a"], "{'y': 5, 'x': 5, 'w': 1}": ["x", "y", "w"],
          "{'k': 0}": ["k"]},
         {"{}": [], "{'b': -1, 'a': -1}": ["a", "b"]}),
    easy("def evens_first(numbers: list[int]) -> list[int]:",
         "Return the even numbers in their original order followed by the odd numbers in their original order.",
         "return [n for n in numbers if n % 2 == 0] + [n for n in numbers if n % 2 != 0]",
         {"[1, 2, 3, 4]": [2, 4, 1, 3], "[5, 7, 6]": [6, 5, 7], "[2, 4]": [2, 4]},
         {"[]": [], "[-1, 0, -2]": [0, -2, -1]}),
    easy("def sort_by_last_char(words: list[str]) -> list[str]:",
         "Return the words sorted by their last character; empty words come first and ties keep their original "
         "order.",
         "return sorted(words, key=lambda word: word[-1:])",
         {"['apple', 'kiwi', 'bob']": ["bob", "apple", "kiwi"], "['ab', 'ba']": ["ba", "ab"], "['x']": ["x"]},
         {"[]": [], "['a', '']": ["", "a"]}),
    easy("def rows_by_sum(matrix: list[list[int]]) -> list[list[int]]:",
         "Return the rows of matrix ordered by their sum, smallest first; rows with equal sums keep their "
         "original order.",
         "return sorted(matrix, key=sum)",
         {"[[3, 3], [1, 1], [2, 0]]": [[1, 1], [2, 0], [3, 3]], "[[5], [-5]]": [[-5], [5]],
          "[[1, 2, 3], [6]]": [[1, 2, 3], [6]]},
         {"[]": [], "[[], [0]]": [[], [0]]}),
    easy("def partition_around(numbers: list[int], pivot: int) -> list[int]:",
         "Return the numbers smaller than pivot, then those equal to it, then those larger, each group in its "
         "original order.",
         "return ([n for n in numbers if n < pivot] + [n for n in numbers if n == pivot]\n"
         "        + [n for n in numbers if n > pivot])",
         {"[5, 1, 8, 3, 5], 5": [1, 3, 5, 5, 8], "[9, 2, 7], 4": [2, 9, 7], "[3, 2, 1], 0": [3, 2, 1]},
         {"[], 1": [], "[-2, 2], 0": [-2, 2]}),
    medium("def merge_sorted(a: list[int], b: list[int]) -> list[int]:",
           "Merge two lists that are each sorted in increasing order into one sorted list, walking through both "
           "at once.",
           """
           result = []
           i = j = 0
           while i < len(a) and j < len(b):
               if a[i] <= b[j]:
                   result.append(a[i])
                   i += 1
               else:
                   result.append(b[j])
                   j += 1
           return result + a[i:] + b[j:]
           """,
           {"[1, 3, 5], [2, 4, 6]": [1, 2, 3, 4, 5, 6], "[1, 2], [3, 4, 5]": [1, 2, 3, 4, 5], "[1, 1], [1]": [1, 1, 1]},
           {"[], []": [], "[], [2]": [2], "[-3, 0], [-5]": [-5, -3, 0]}),
    medium("def dense_ranks(scores: list[int]) -> list[int]:",
           "Return the rank of each score: the highest score has rank 1, equal scores share a rank, and the "
           "next lower score has the next rank (no gaps).",
           """
           distinct = sorted(set(scores), reverse=True)
           rank = {score: i + 1 for i, score in enumerate(distinct)}
           return [rank[score] for score in scores]
           """,
           {"[100, 90, 90, 80]": [1, 2, 2, 3], "[50]": [1], "[10, 20, 30]": [3, 2, 1]},
           {"[]": [], "[5, 5, 5]": [1, 1, 1]}),
    medium("def merge_intervals(intervals: list[list[int]]) -> list[list[int]]:",
           "Each interval is [start, end] with start <= end. Merge the intervals that overlap or touch and "
           "return the result sorted by start.",
           """
           merged: list[list[int]] = []
           for start, end in sorted(intervals):
               if merged and start <= merged[-1][1]:
                   merged[-1][1] = max(merged[-1][1], end)
               else:
                   merged.append([start, end])
           return merged
           """,
           {"[[1, 3], [2, 6], [8, 10]]": [[1, 6], [8, 10]], "[[1, 4], [4, 5]]": [[1, 5]],
            "[[5, 6], [1, 2]]": [[1, 2], [5, 6]]},
           {"[]": [], "[[1, 10], [2, 3]]": [[1, 10]], "[[0, 0]]": [[0, 0]]}),
    medium("def sort_by_frequency(numbers: list[int]) -> list[int]:",
           "Return the numbers ordered so that values that occur more often come first; values that occur "
           "equally often are ordered from smallest to largest. Every occurrence is kept.",
           """
           counts: dict[int, int] = {}
           for n in numbers:
               counts[n] = counts.get(n, 0) + 1
           return sorted(numbers, key=lambda n: (-counts[n], n))
           """,
           {"[4, 6, 4, 2, 6, 4]": [4, 4, 4, 6, 6, 2], "[3, 1, 2]": [1, 2, 3], "[3, 3, 1, 1, 2]": [1, 1, 3, 3, 2]},
           {"[]": [], "[-1]": [-1]}),
    medium("def top_words(text: str, k: int) -> list[str]:",
           "Return the k most frequent words of text (split on whitespace, compared in lower case), most "
           "frequent first; words that are equally frequent are in alphabetical order. Return fewer than k if "
           "there are fewer different words.",
           """
           counts: dict[str, int] = {}
           for word in text.lower().split():
               counts[word] = counts.get(word, 0) + 1
           return sorted(counts, key=lambda word: (-counts[word], word))[:k]
           """,
           {"'a b a c b a', 2": ["a", "b"], "'the cat the dog', 1": ["the"], "'x y z', 2": ["x", "y"]},
           {"'', 3": [], "'one two', 5": ["one", "two"], "'Hi hi HI', 1": ["hi"]}),
    medium("def sort_people(people: list[tuple[str, int]]) -> list[str]:",
           "people holds (name, age) pairs. Return the names ordered by age, youngest first; people of the same "
           "age are in alphabetical order of name.",
           """
           return [name for name, age in sorted(people, key=lambda person: (person[1], person[0]))]
           """,
           {"[('Ann', 30), ('Bob', 25), ('Cid', 30)]": ["Bob", "Ann", "Cid"],
            "[('Zoe', 20), ('Al', 20)]": ["Al", "Zoe"], "[('Solo', 40)]": ["Solo"]},
           {"[]": [], "[('b', 0), ('a', 0), ('c', -1)]": ["c", "a", "b"]}),
    medium("def count_inversions(numbers: list[int]) -> int:",
           "Return how many pairs of positions i < j have numbers[i] > numbers[j].",
           """
           count = 0
           for i in range(len(numbers)):
               for j in range(i + 1, len(numbers)):
                   if numbers[i] > numbers[j]:
                       count += 1
           return count
           """,
           {"[2, 4, 1, 3, 5]": 3, "[1, 2, 3]": 0, "[3, 2, 1]": 3},
           {"[]": 0, "[1, 1]": 0}),
    medium("def insertion_sort(numbers: list[int]) -> list[int]:",
           "Return a sorted copy of numbers built by insertion sort: take the numbers one by one and insert each "
           "before the first larger number already placed. The input list is not changed.",
           """
           result: list[int] = []
           for n in numbers:
               i = 0
               while i < len(result) and result[i] <= n:
                   i += 1
               result.insert(i, n)
           return result
           """,
           {"[3, 1, 2]": [1, 2, 3], "[5, -1, 5, 0]": [-1, 0, 5, 5], "[9, 8, 7, 6]": [6, 7, 8, 9]},
           {"[]": [], "[1]": [1]}),
]
