"""Tasks on dictionaries: counting, inverting, merging, grouping, looking up."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "dicts"

TASKS = [
    easy("def char_frequency(text: str) -> dict[str, int]:",
         "Return a dictionary that maps each character of text to the number of times it occurs.",
         "counts: dict[str, int] = {}\nfor char in text:\n    counts[char] = counts.get(char, 0) + 1\nreturn counts",
         {"'hello'": {"h": 1, "e": 1, "l": 2, "o": 1}, "'aab'": {"a": 2, "b": 1}, "'xyz'": {"x": 1, "y": 1, "z": 1}},
         {"''": {}, "'  '": {" ": 2}}),
    easy("def invert_dict(mapping: dict[str, int]) -> dict[int, str]:",
         "Return a dictionary that maps each value of mapping back to its key. The values are all different.",
         "return {value: key for key, value in mapping.items()}",
         {"{'a': 1, 'b': 2}": {1: "a", 2: "b"}, "{'x': 10}": {10: "x"},
          "{'one': 1, 'two': 2, 'three': 3}": {1: "one", 2: "two", 3: "three"}},
         {"{}": {}, "{'': 0}": {0: ""}}),
    easy("def sum_values(mapping: dict[str, int]) -> int:",
         "Return the sum of all values of the dictionary.",
         "return sum(mapping.values())",
         {"{'a': 1, 'b': 2}": 3, "{'x': -5, 'y': 5}": 0, "{'k': 7}": 7},
         {"{}": 0, "{'z': 0}": 0}),
    easy("def key_with_max_value(mapping: dict[str, int]) -> str | None:",
         "Return the key with the largest value (the earliest such key if several share it), or None for an "
         "empty dictionary.",
         "if not mapping:\n    return None\nreturn max(mapping, key=lambda key: mapping[key])",
         {"{'a': 1, 'b': 3, 'c': 2}": "b", "{'x': 5}": "x", "{'p': 2, 'q': 2}": "p"},
         {"{}": None, "{'a': -1, 'b': -5}": "a"}),
    easy("def merge_dicts(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:",
         "Return a new dictionary with the entries of both dictionaries. Where both have a key, the value from "
         "second wins.",
         "return {**first, **second}",
         {"{'a': 1}, {'b': 2}": {"a": 1, "b": 2}, "{'a': 1}, {'a': 5}": {"a": 5},
          "{'x': 1, 'y': 2}, {'y': 3, 'z': 4}": {"x": 1, "y": 3, "z": 4}},
         {"{}, {}": {}, "{'a': 1}, {}": {"a": 1}}),
    easy("def word_length_map(words: list[str]) -> dict[str, int]:",
         "Return a dictionary that maps each word to its length.",
         "return {word: len(word) for word in words}",
         {"['hi', 'there']": {"hi": 2, "there": 5}, "['a']": {"a": 1}, "['same', 'same']": {"same": 4}},
         {"[]": {}, "['']": {"": 0}}),
    easy("def word_frequencies(sentence: str) -> dict[str, int]:",
         "Return how many times each word occurs in sentence. Words are separated by whitespace and counted in "
         "lower case.",
         "counts: dict[str, int] = {}\nfor word in sentence.lower().split():\n"
         "    counts[word] = counts.get(word, 0) + 1\nreturn counts",
         {"'the cat and the hat'": {"the": 2, "cat": 1, "and": 1, "hat": 1}, "'Go go GO'": {"go": 3},
          "'one'": {"one": 1}},
         {"''": {}, "'   '": {}}),
    easy("def count_by_first_letter(words: list[str]) -> dict[str, int]:",
         "Return how many words start with each letter. Upper and lower case are different letters; empty "
         "words are skipped.",
         "counts: dict[str, int] = {}\nfor word in words:\n    if word:\n"
         "        counts[word[0]] = counts.get(word[0], 0) + 1\nreturn counts",
         {"['apple', 'avocado', 'banana']": {"a": 2, "b": 1}, "['kiwi']": {"k": 1},
          "['Bob', 'bill']": {"B": 1, "b": 1}},
         {"[]": {}, "['', 'x']": {"x": 1}}),
    easy("def keys_with_value(mapping: dict[str, int], value: int) -> list[str]:",
         "Return the keys whose value equals value, in the dictionary's order.",
         "return [key for key, item in mapping.items() if item == value]",
         {"{'a': 1, 'b': 2, 'c': 1}, 1": ["a", "c"], "{'x': 0}, 0": ["x"], "{'x': 0}, 1": []},
         {"{}, 3": [], "{'a': -1, 'b': -1}, -1": ["a", "b"]}),
    easy("def filter_by_min_value(mapping: dict[str, int], minimum: int) -> dict[str, int]:",
         "Return a new dictionary with only the entries whose value is at least minimum.",
         "return {key: value for key, value in mapping.items() if value >= minimum}",
         {"{'a': 5, 'b': 1, 'c': 7}, 5": {"a": 5, "c": 7}, "{'x': 3}, 4": {}, "{'p': 2, 'q': 9}, 0": {"p": 2, "q": 9}},
         {"{}, 0": {}, "{'a': -1}, -1": {"a": -1}}),
    easy("def dict_from_lists(keys: list[str], values: list[int]) -> dict[str, int]:",
         "Pair each key with the value at the same position. If one list is longer, its extra elements are "
         "ignored.",
         "return dict(zip(keys, values))",
         {"['a', 'b'], [1, 2]": {"a": 1, "b": 2}, "['x'], [9]": {"x": 9}, "['a', 'b', 'c'], [1]": {"a": 1}},
         {"[], []": {}, "['a'], []": {}}),
    medium("def group_by_length(words: list[str]) -> dict[int, list[str]]:",
           "Group the words by their length: return a dictionary that maps each length to the list of words of "
           "that length, in their original order.",
           """
           groups: dict[int, list[str]] = {}
           for word in words:
               groups.setdefault(len(word), []).append(word)
           return groups
           """,
           {"['a', 'bb', 'cc', 'd']": {1: ["a", "d"], 2: ["bb", "cc"]}, "['hello']": {5: ["hello"]},
            "['x', 'yz', 'x']": {1: ["x", "x"], 2: ["yz"]}},
           {"[]": {}, "['']": {0: [""]}}),
    medium("def invert_many(mapping: dict[str, str]) -> dict[str, list[str]]:",
           "Return a dictionary that maps each value of mapping to the list of keys that have it, in the "
           "dictionary's order.",
           """
           inverted: dict[str, list[str]] = {}
           for key, value in mapping.items():
               inverted.setdefault(value, []).append(key)
           return inverted
           """,
           {"{'a': 'x', 'b': 'y', 'c': 'x'}": {"x": ["a", "c"], "y": ["b"]}, "{'k': 'v'}": {"v": ["k"]},
            "{'p': 'z', 'q': 'z'}": {"z": ["p", "q"]}},
           {"{}": {}, "{'a': ''}": {"": ["a"]}}),
    medium("def get_path(data: dict, path: str) -> object:",
           "Follow a dotted path of keys through nested dictionaries: get_path(d, 'a.b') is d['a']['b']. Return "
           "None if a key is missing or a value on the way is not a dictionary.",
           """
           current: object = data
           for key in path.split('.'):
               if not isinstance(current, dict) or key not in current:
                   return None
               current = current[key]
           return current
           """,
           {"{'a': {'b': {'c': 1}}}, 'a.b.c'": 1, "{'a': {'b': 2}}, 'a.b'": 2, "{'a': {'b': 2}}, 'a.x'": None},
           {"{'a': 1}, 'a.b'": None, "{'k': 5}, 'k'": 5, "{}, 'a'": None}),
    medium("def add_counts(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:",
           "Return a new dictionary with every key of both dictionaries; where both have a key, its values are "
           "added.",
           """
           total = dict(first)
           for key, value in second.items():
               total[key] = total.get(key, 0) + value
           return total
           """,
           {"{'a': 1, 'b': 2}, {'b': 3, 'c': 4}": {"a": 1, "b": 5, "c": 4}, "{'x': 1}, {}": {"x": 1},
            "{}, {'y': 2}": {"y": 2}},
           {"{}, {}": {}, "{'a': 1}, {'a': -1}": {"a": 0}}),
    medium("def apply_orders(stock: dict[str, int], orders: list[tuple[str, int]]) -> dict[str, int]:",
           "Return the stock left after the orders, taken in turn: an order (item, quantity) removes quantity of "
           "item. An order for an unknown item, or for more than is left, is skipped. stock itself is not "
           "changed.",
           """
           left = dict(stock)
           for item, quantity in orders:
               if item in left and left[item] >= quantity:
                   left[item] -= quantity
           return left
           """,
           {"{'apple': 5, 'pear': 2}, [('apple', 3), ('pear', 3)]": {"apple": 2, "pear": 2},
            "{'a': 1}, [('a', 1)]": {"a": 0}, "{'a': 10}, [('a', 4), ('a', 4), ('a', 4)]": {"a": 2}},
           {"{}, [('x', 1)]": {}, "{'a': 3}, []": {"a": 3}}),
    medium("def count_by_key(records: list[dict[str, str]], key: str) -> dict[str, int]:",
           "Count how many records have each value of the given key. Records without the key are skipped.",
           """
           counts: dict[str, int] = {}
           for item in records:
               if key in item:
                   counts[item[key]] = counts.get(item[key], 0) + 1
           return counts
           """,
           {"[{'color': 'red'}, {'color': 'blue'}, {'color': 'red'}], 'color'": {"red": 2, "blue": 1},
            "[{'size': 'S', 'color': 'red'}], 'size'": {"S": 1}, "[{'a': 'x'}, {'a': 'x'}], 'a'": {"x": 2}},
           {"[], 'color'": {}, "[{'size': 'L'}], 'color'": {}}),
    medium("def dict_diff(old: dict[str, int], new: dict[str, int]) -> dict[str, list[str]]:",
           "Compare two dictionaries. Return {'added': ..., 'removed': ..., 'changed': ...}, each a sorted list "
           "of keys: keys only in new, keys only in old, and keys in both with different values.",
           """
           return {
               'added': sorted(key for key in new if key not in old),
               'removed': sorted(key for key in old if key not in new),
               'changed': sorted(key for key in old if key in new and old[key] != new[key]),
           }
           """,
           {"{'a': 1, 'b': 2}, {'b': 3, 'c': 4}": {"added": ["c"], "removed": ["a"], "changed": ["b"]},
            "{'x': 1}, {'x': 1}": {"added": [], "removed": [], "changed": []},
            "{'k': 1, 'j': 2}, {}": {"added": [], "removed": ["j", "k"], "changed": []}},
           {"{}, {}": {"added": [], "removed": [], "changed": []},
            "{}, {'b': 1, 'a': 2}": {"added": ["a", "b"], "removed": [], "changed": []}}),
    medium("def letter_positions(word: str) -> dict[str, list[int]]:",
           "Return a dictionary that maps each character of word to the list of positions where it occurs.",
           """
           positions: dict[str, list[int]] = {}
           for i, char in enumerate(word):
               positions.setdefault(char, []).append(i)
           return positions
           """,
           {"'banana'": {"b": [0], "a": [1, 3, 5], "n": [2, 4]}, "'abc'": {"a": [0], "b": [1], "c": [2]},
            "'aa'": {"a": [0, 1]}},
           {"''": {}, "' '": {" ": [0]}}),
]
