"""Tasks on text: slicing, case, counting characters and words."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "strings"

TASKS = [
    easy("def reverse_text(text: str) -> str:",
         "Return text with its characters in reverse order.",
         "return text[::-1]",
         {"'hello'": "olleh", "'ab c'": "c ba", "'12345'": "54321"},
         {"''": "", "'x'": "x"}),
    easy("def shout(text: str) -> str:",
         "Return text in upper case followed by an exclamation mark.",
         "return text.upper() + '!'",
         {"'hi'": "HI!", "'Good day'": "GOOD DAY!", "'abc123'": "ABC123!"},
         {"''": "!", "'WOW'": "WOW!"}),
    easy("def count_char(text: str, char: str) -> int:",
         "Return how many times the character char appears in text. Upper and lower case are different.",
         "return text.count(char)",
         {"'banana', 'a'": 3, "'banana', 'n'": 2, "'Hello', 'l'": 2, "'Hello', 'h'": 0},
         {"'', 'a'": 0, "'aaa', 'b'": 0}),
    easy("def repeat_text(text: str, times: int) -> str:",
         "Return text repeated the given number of times, with nothing in between. Zero or a negative number of "
         "times gives the empty string.",
         "return text * times if times > 0 else ''",
         {"'ab', 3": "ababab", "'x', 1": "x", "'-', 5": "-----"},
         {"'ab', 0": "", "'ab', -2": "", "'', 4": ""}),
    easy("def join_with_dash(words: list[str]) -> str:",
         "Join the words into one string with a dash between each pair of neighbours.",
         "return '-'.join(words)",
         {"['a', 'b', 'c']": "a-b-c", "['well', 'known']": "well-known", "['one']": "one"},
         {"[]": "", "['', '']": "-"}),
    easy("def initials(full_name: str) -> str:",
         "Return the first letter of every word of full_name, in upper case, joined together. Words are "
         "separated by spaces.",
         "return ''.join(word[0].upper() for word in full_name.split())",
         {"'Ada Lovelace'": "AL", "'grace brewster hopper'": "GBH", "'Linus'": "L"},
         {"''": "", "'  alan   turing '": "AT"}),
    easy("def count_words(sentence: str) -> int:",
         "Return the number of words in sentence. Words are separated by any amount of whitespace.",
         "return len(sentence.split())",
         {"'the quick brown fox'": 4, "'hello'": 1, "'a b  c'": 3},
         {"''": 0, "'   '": 0}),
    easy("def remove_spaces(text: str) -> str:",
         "Return text with every space character removed.",
         "return text.replace(' ', '')",
         {"'a b c'": "abc", "'  lead and trail  '": "leadandtrail", "'none'": "none"},
         {"''": "", "'    '": ""}),
    easy("def is_all_digits(text: str) -> bool:",
         "Return True if text is not empty and every character of it is one of 0123456789.",
         "return text != '' and all(char in '0123456789' for char in text)",
         {"'12345'": True, "'12a45'": False, "'007'": True, "'3.14'": False},
         {"''": False, "' 1'": False, "'-5'": False}),
    easy("def first_word(sentence: str) -> str:",
         "Return the first word of sentence (words are separated by whitespace), or an empty string if there "
         "is none.",
         "words = sentence.split()\nreturn words[0] if words else ''",
         {"'hello there world'": "hello", "'single'": "single", "'  padded words'": "padded"},
         {"''": "", "'   '": ""}),
    easy("def capitalize_first(text: str) -> str:",
         "Return text with its first character in upper case and every other character unchanged.",
         "return text[:1].upper() + text[1:]",
         {"'hello world'": "Hello world", "'python'": "Python", "'aBC'": "ABC"},
         {"''": "", "'1abc'": "1abc", "'Already'": "Already"}),
    easy("def wrap_in_tag(text: str, tag: str) -> str:",
         "Return text surrounded by an opening and a closing HTML tag with the given name.",
         "return f'<{tag}>{text}</{tag}>'",
         {"'hi', 'b'": "<b>hi</b>", "'title', 'h1'": "<h1>title</h1>", "'x y', 'em'": "<em>x y</em>"},
         {"'', 'p'": "<p></p>", "'a', ''": "<>a</>"}),
    easy("def last_chars(text: str, n: int) -> str:",
         "Return the last n characters of text: the whole text if it is shorter than n, and the empty string "
         "if n is zero or negative.",
         "return text[-n:] if n > 0 else ''",
         {"'python', 3": "hon", "'abc', 1": "c", "'hello', 5": "hello"},
         {"'hi', 5": "hi", "'abc', 0": "", "'abc', -1": "", "'', 2": ""}),
    easy("def count_capitals(text: str) -> int:",
         "Return how many upper-case letters text contains.",
         "return sum(1 for char in text if char.isupper())",
         {"'Hello World'": 2, "'ABC def'": 3, "'no caps'": 0},
         {"''": 0, "'123 !?'": 0}),
    easy("def middle_char(word: str) -> str:",
         "Return the middle character of word if its length is odd, or the middle two characters if its length "
         "is even. An empty word gives an empty string.",
         "middle = len(word) // 2\nif len(word) % 2 == 1:\n    return word[middle]\nreturn word[middle - 1:middle + 1]",
         {"'abc'": "b", "'abcd'": "bc", "'python'": "th", "'x'": "x"},
         {"''": "", "'ab'": "ab"}),
    easy("def alternating_caps(text: str) -> str:",
         "Return text with the characters at even positions (0, 2, 4, ...) in upper case and those at odd "
         "positions in lower case.",
         "return ''.join(c.upper() if i % 2 == 0 else c.lower() for i, c in enumerate(text))",
         {"'hello'": "HeLlO", "'PYTHON'": "PyThOn", "'a b'": "A B"},
         {"''": "", "'1a2b'": "1a2b"}),
    easy("def is_question(sentence: str) -> bool:",
         "Return True if sentence ends with a question mark, ignoring any whitespace at the end.",
         "return sentence.rstrip().endswith('?')",
         {"'How are you?'": True, "'I am fine.'": False, "'Really?  '": True},
         {"''": False, "'?'": True, "'? no'": False}),
    easy("def make_greeting(name: str) -> str:",
         "Return 'Hello, <name>!' for the given name, or 'Hello, stranger!' if the name is empty.",
         "return f'Hello, {name or \"stranger\"}!'",
         {"'Ada'": "Hello, Ada!", "'Bob'": "Hello, Bob!", "'world'": "Hello, world!"},
         {"''": "Hello, stranger!", "'x'": "Hello, x!"}),
    easy("def get_extension(filename: str) -> str:",
         "Return the part of filename after its last dot, or an empty string if it has no dot.",
         "return filename.rsplit('.', 1)[1] if '.' in filename else ''",
         {"'report.pdf'": "pdf", "'archive.tar.gz'": "gz", "'README'": ""},
         {"''": "", "'.bashrc'": "bashrc", "'name.'": ""}),
    easy("def normalize_spaces(text: str) -> str:",
         "Return text with every run of whitespace (spaces, tabs, newlines) replaced by a single space and no "
         "whitespace at the start or the end.",
         "return ' '.join(text.split())",
         {"'a   b    c'": "a b c", "'  hi  there '": "hi there", "'x\\ty\\nz'": "x y z"},
         {"''": "", "'    '": ""}),
    easy("def mask_card(number: str) -> str:",
         "Return number with every character except the last four replaced by '*'.",
         "return '*' * max(len(number) - 4, 0) + number[-4:]",
         {"'1234567812345678'": "************5678", "'12345'": "*2345", "'1234'": "1234"},
         {"''": "", "'12'": "12"}),
    easy("def acronym(phrase: str) -> str:",
         "Return the upper-case first letters of the words of phrase. Words are separated by spaces or hyphens.",
         "return ''.join(word[0].upper() for word in phrase.replace('-', ' ').split())",
         {"'Portable Network Graphics'": "PNG", "'complementary metal-oxide semiconductor'": "CMOS",
          "'as soon as possible'": "ASAP"},
         {"''": "", "'  '": "", "'--'": ""}),
    easy("def remove_adjacent_duplicates(text: str) -> str:",
         "Return text with every run of the same character shortened to a single character.",
         "result = ''\nfor char in text:\n    if not result or result[-1] != char:\n        result += char\n"
         "return result",
         {"'aabbbcdd'": "abcd", "'abc'": "abc", "'aaaa'": "a"},
         {"''": "", "'aAaa'": "aAa"}),
    medium("def run_length_encode(text: str) -> str:",
           "Compress text by writing each run of the same character as the character followed by the length of "
           "the run.",
           """
           result = []
           i = 0
           while i < len(text):
               j = i
               while j < len(text) and text[j] == text[i]:
                   j += 1
               result.append(f'{text[i]}{j - i}')
               i = j
           return ''.join(result)
           """,
           {"'aaabcc'": "a3b1c2", "'abc'": "a1b1c1", "'zzzzzzzzzzzz'": "z12"},
           {"''": "", "'a'": "a1", "'aaAA'": "a2A2"}),
    medium("def run_length_decode(encoded: str) -> str:",
           "Expand a run-length encoded string: each letter is followed by a count of one or more digits, and "
           "stands for that many copies of the letter.",
           """
           result = []
           i = 0
           while i < len(encoded):
               letter = encoded[i]
               j = i + 1
               while j < len(encoded) and encoded[j].isdigit():
                   j += 1
               result.append(letter * int(encoded[i + 1:j]))
               i = j
           return ''.join(result)
           """,
           {"'a3b1c2'": "aaabcc", "'x1'": "x", "'z12'": "zzzzzzzzzzzz"},
           {"''": "", "'a0b2'": "bb"}),
    medium("def to_snake_case(name: str) -> str:",
           "Convert a camelCase or PascalCase name to snake_case: put an underscore before every upper-case "
           "letter except the first character, and make everything lower case.",
           """
           result = ''
           for i, char in enumerate(name):
               if char.isupper() and i > 0:
                   result += '_'
               result += char.lower()
           return result
           """,
           {"'camelCase'": "camel_case", "'PascalCaseName'": "pascal_case_name", "'already'": "already"},
           {"''": "", "'A'": "a", "'X1Y'": "x1_y"}),
    medium("def to_camel_case(name: str) -> str:",
           "Convert a snake_case name to camelCase: the first word stays as it is and every later word gets its "
           "first letter in upper case. Empty words (from repeated underscores) are dropped.",
           """
           words = [word for word in name.split('_') if word]
           if not words:
               return ''
           return words[0] + ''.join(word[0].upper() + word[1:] for word in words[1:])
           """,
           {"'hello_world'": "helloWorld", "'make_it_work'": "makeItWork", "'single'": "single"},
           {"''": "", "'__leading'": "leading", "'a__b'": "aB", "'_'": ""}),
    medium("def is_pangram(sentence: str) -> bool:",
           "Return True if sentence contains every letter of the English alphabet at least once, ignoring case.",
           "return set('abcdefghijklmnopqrstuvwxyz') <= set(sentence.lower())",
           {"'The quick brown fox jumps over the lazy dog'": True, "'Hello world'": False,
            "'abcdefghijklmnopqrstuvwxy'": False},
           {"''": False, "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'": True}),
    medium("def longest_common_prefix(words: list[str]) -> str:",
           "Return the longest string that every word starts with (an empty string for an empty list).",
           """
           if not words:
               return ''
           prefix = words[0]
           for word in words[1:]:
               while not word.startswith(prefix):
                   prefix = prefix[:-1]
           return prefix
           """,
           {"['flower', 'flow', 'flight']": "fl", "['interview', 'internet', 'interval']": "inter",
            "['dog', 'racecar', 'car']": ""},
           {"[]": "", "['alone']": "alone", "['', 'abc']": ""}),
    medium("def first_unique_char(text: str) -> str:",
           "Return the first character of text that occurs in it exactly once, or an empty string if there is "
           "none.",
           """
           for char in text:
               if text.count(char) == 1:
                   return char
           return ''
           """,
           {"'swiss'": "w", "'level'": "v", "'aabbc'": "c"},
           {"''": "", "'aabb'": ""}),
    medium("def word_wrap(text: str, width: int) -> list[str]:",
           "Split text into lines of at most width characters. Words are placed greedily: a word goes on the "
           "current line if the line, with single spaces between its words, still fits in width; otherwise it "
           "starts a new line. A word longer than width gets a line of its own.",
           """
           lines: list[str] = []
           for word in text.split():
               if lines and len(lines[-1]) + 1 + len(word) <= width:
                   lines[-1] += ' ' + word
               else:
                   lines.append(word)
           return lines
           """,
           {"'the quick brown fox', 10": ["the quick", "brown fox"], "'a b c d', 3": ["a b", "c d"],
            "'hello world', 20": ["hello world"]},
           {"'', 5": [], "'extraordinary word', 5": ["extraordinary", "word"]}),
    medium("def capitalize_sentences(text: str) -> str:",
           "Return text with the first letter of the text, and the first letter after each '.', '!' or '?', in "
           "upper case. Everything else is unchanged.",
           """
           result = []
           capitalize = True
           for char in text:
               if capitalize and char.isalpha():
                   char = char.upper()
                   capitalize = False
               elif char in '.!?':
                   capitalize = True
               result.append(char)
           return ''.join(result)
           """,
           {"'hello. how are you? fine!'": "Hello. How are you? Fine!", "'one.two'": "One.Two",
            "'already Fine. ok'": "Already Fine. Ok"},
           {"''": "", "'...'": "...", "'123 go'": "123 Go"}),
    medium("def most_frequent_char(text: str) -> str:",
           "Return the character that occurs most often in text; if several occur equally often, the one that "
           "appears first in text. An empty text gives an empty string.",
           """
           best = ''
           best_count = 0
           for char in text:
               count = text.count(char)
               if count > best_count:
                   best, best_count = char, count
           return best
           """,
           {"'hello'": "l", "'abcabcb'": "b", "'aabb'": "a"},
           {"''": "", "'z'": "z"}),
    medium("def char_classes(text: str) -> dict[str, int]:",
           "Count the characters of text in three classes and return {'letters': ..., 'digits': ..., "
           "'other': ...}.",
           """
           counts = {'letters': 0, 'digits': 0, 'other': 0}
           for char in text:
               if char.isalpha():
                   counts['letters'] += 1
               elif char.isdigit():
                   counts['digits'] += 1
               else:
                   counts['other'] += 1
           return counts
           """,
           {"'abc 123'": {"letters": 3, "digits": 3, "other": 1}, "'Hi!'": {"letters": 2, "digits": 0, "other": 1},
            "'2024'": {"letters": 0, "digits": 4, "other": 0}},
           {"''": {"letters": 0, "digits": 0, "other": 0}, "'   '": {"letters": 0, "digits": 0, "other": 3}}),
]
