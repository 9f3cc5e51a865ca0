"""Tasks that read structure out of text: numbers, times, key-value pairs, addresses, small expressions."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "parsing"

TASKS = [
    easy("def parse_int_list(text: str) -> list[int]:",
         "Parse whole numbers separated by commas, with optional spaces around them. An empty or blank text "
         "gives an empty list.",
         "return [int(part) for part in text.split(',')] if text.strip() else []",
         {"'1, 2, 3'": [1, 2, 3], "'10,-4,7'": [10, -4, 7], "'42'": [42]},
         {"''": [], "'  5 ,6 '": [5, 6], "'   '": []}),
    easy("def binary_to_int(bits: str) -> int:",
         "Return the value of a string of binary digits '0' and '1'. An empty string is 0.",
         "value = 0\nfor bit in bits:\n    value = value * 2 + int(bit)\nreturn value",
         {"'101'": 5, "'1111'": 15, "'10000000'": 128},
         {"''": 0, "'0'": 0, "'0001'": 1}),
    easy("def parse_time(text: str) -> int:",
         "text is a time of day written 'H:MM' or 'HH:MM'. Return the number of minutes since midnight.",
         "hours, minutes = text.split(':')\nreturn int(hours) * 60 + int(minutes)",
         {"'01:30'": 90, "'12:00'": 720, "'23:59'": 1439},
         {"'00:00'": 0, "'9:05'": 545}),
    easy("def parse_key_values(text: str) -> dict[str, str]:",
         "Parse 'key=value' pairs separated by ';' into a dictionary. A later pair with the same key wins.",
         "return dict(pair.split('=', 1) for pair in text.split(';')) if text else {}",
         {"'a=1;b=2'": {"a": "1", "b": "2"}, "'name=Ada'": {"name": "Ada"}, "'x=1;x=2'": {"x": "2"}},
         {"''": {}, "'k=;v=3'": {"k": "", "v": "3"}}),
    easy("def extract_numbers(text: str) -> list[int]:",
         "Return the numbers written in text, where a number is a run of digits, in order.",
         "return [int(run) for run in re.findall(r'[0-9]+', text)]",
         {"'abc 12 de 345'": [12, 345], "'no digits'": [], "'a1b22c333'": [1, 22, 333]},
         {"''": [], "'007 agent'": [7]}, imports="import re"),
    easy("def parse_bool(text: str) -> bool | None:",
         "Read a yes/no answer, ignoring case and surrounding spaces: 'yes', 'true', '1' and 'on' mean True; "
         "'no', 'false', '0' and 'off' mean False; anything else gives None.",
         "answer = text.strip().lower()\nif answer in ('yes', 'true', '1', 'on'):\n    return True\n"
         "if answer in ('no', 'false', '0', 'off'):\n    return False\nreturn None",
         {"'yes'": True, "'False'": False, "' ON '": True, "'0'": False},
         {"''": None, "'maybe'": None}),
    easy("def hex_to_rgb(color: str) -> tuple[int, int, int]:",
         "Convert a colour written '#rrggbb' in hexadecimal (either case) to a tuple of three numbers from 0 "
         "to 255.",
         "return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)",
         {"'#ff8000'": (255, 128, 0), "'#000000'": (0, 0, 0), "'#1A2b3C'": (26, 43, 60)},
         {"'#ffffff'": (255, 255, 255), "'#FFFFFF'": (255, 255, 255), "'#000001'": (0, 0, 1)}),
    easy("def rgb_to_hex(red: int, green: int, blue: int) -> str:",
         "Write a colour given as three numbers from 0 to 255 as '#rrggbb' with lower-case hexadecimal digits.",
         "return f'#{red:02x}{green:02x}{blue:02x}'",
         {"255, 128, 0": "#ff8000", "0, 0, 0": "#000000", "26, 43, 60": "#1a2b3c"},
         {"255, 255, 255": "#ffffff", "1, 2, 3": "#010203"}),
    easy("def split_path(path: str) -> list[str]:",
         "Return the parts of a '/'-separated path, skipping empty parts.",
         "return [part for part in path.split('/') if part]",
         {"'/usr/local/bin'": ["usr", "local", "bin"], "'a/b'": ["a", "b"], "'//double//slash/'": ["double", "slash"]},
         {"''": [], "'/'": []}),
    easy("def parse_csv_line(line: str) -> list[str]:",
         "Split a line at every comma and remove the spaces around each field.",
         "return [field.strip() for field in line.split(',')]",
         {"'a, b ,c'": ["a", "b", "c"], "'one'": ["one"], "'1,,2'": ["1", "", "2"]},
         {"''": [""], "' , '": ["", ""]}),
    medium("def evaluate_sum(expression: str) -> int:",
           "Evaluate an expression of whole numbers joined by '+' and '-', with single spaces between numbers "
           "and operators, from left to right.",
           """
           tokens = expression.split()
           total = int(tokens[0])
           for i in range(1, len(tokens), 2):
               if tokens[i] == '+':
                   total += int(tokens[i + 1])
               else:
                   total -= int(tokens[i + 1])
           return total
           """,
           {"'3 + 4 - 2'": 5, "'10 - 20'": -10, "'7'": 7},
           {"'0 - 0 + 0'": 0, "'100 + 1 + 1 - 2'": 100, "'-5 + 5'": 0}),
    medium("def is_valid_ipv4(address: str) -> bool:",
           "Return True if address is four numbers from 0 to 255 separated by dots, each written with digits "
           "only and without leading zeros (a lone '0' is fine).",
           """
           parts = address.split('.')
           if len(parts) != 4:
               return False
           for part in parts:
               if not part.isdigit() or int(part) > 255:
                   return False
               if len(part) > 1 and part[0] == '0':
                   return False
           return True
           """,
           {"'192.168.0.1'": True, "'256.1.1.1'": False, "'1.2.3'": False, "'10.0.0.255'": True},
           {"''": False, "'01.2.3.4'": False, "'1.2.3.a'": False, "'0.0.0.0'": True, "'1.2..3'": False}),
    medium("def compare_versions(a: str, b: str) -> int:",
           "Compare two version numbers made of whole numbers separated by dots, like '1.10.2'. Missing parts "
           "count as 0. Return 1 if a is newer, -1 if b is newer and 0 if they are equal.",
           """
           left = [int(part) for part in a.split('.')]
           right = [int(part) for part in b.split('.')]
           length = max(len(left), len(right))
           left += [0] * (length - len(left))
           right += [0] * (length - len(right))
           return (left > right) - (left < right)
           """,
           {"'1.2.10', '1.2.9'": 1, "'1.0', '1.0.0'": 0, "'0.9', '1.0'": -1},
           {"'2', '2'": 0, "'1.0.1', '1'": 1, "'1', '1.0.1'": -1}),
    medium("def to_24_hour(time12: str) -> str:",
           "Convert a time like '02:15 PM' (hours 01 to 12, then 'AM' or 'PM') to 24-hour form 'HH:MM'.",
           """
           clock, period = time12.split()
           hours, minutes = clock.split(':')
           hour = int(hours) % 12
           if period == 'PM':
               hour += 12
           return f'{hour:02d}:{minutes}'
           """,
           {"'02:15 PM'": "14:15", "'11:59 AM'": "11:59", "'07:05 PM'": "19:05"},
           {"'12:00 AM'": "00:00", "'12:30 PM'": "12:30"}),
    medium("def format_duration(seconds: int) -> str:",
           "Write a number of seconds as hours, minutes and seconds, like '1h 2m 3s'. Parts that are zero are "
           "left out; zero seconds in all is '0s'.",
           """
           hours, rest = divmod(seconds, 3600)
           minutes, secs = divmod(rest, 60)
           parts = [f'{value}{unit}' for value, unit in ((hours, 'h'), (minutes, 'm'), (secs, 's')) if value]
           return ' '.join(parts) or '0s'
           """,
           {"3723": "1h 2m 3s", "60": "1m", "59": "59s", "3600": "1h"},
           {"0": "0s", "3601": "1h 1s"}),
    medium("def parse_query(query: str) -> dict[str, list[str]]:",
           "Parse a query string like 'a=1&b=2&a=3' into a dictionary that maps each name to the list of its "
           "values in order. A part without '=' has the empty string as its value.",
           """
           result: dict[str, list[str]] = {}
           for part in query.split('&'):
               if part:
                   name, _, value = part.partition('=')
                   result.setdefault(name, []).append(value)
           return result
           """,
           {"'a=1&b=2&a=3'": {"a": ["1", "3"], "b": ["2"]}, "'x=hello'": {"x": ["hello"]},
            "'flag&y=1'": {"flag": [""], "y": ["1"]}},
           {"''": {}, "'a=&a='": {"a": ["", ""]}}),
    medium("def duration_to_seconds(text: str) -> int:",
           "Read a duration written as space-separated parts like '1h 2m 3s' (hours, minutes, seconds, each "
           "optional) and return the total number of seconds.",
           """
           units = {'h': 3600, 'm': 60, 's': 1}
           return sum(int(part[:-1]) * units[part[-1]] for part in text.split())
           """,
           {"'1h 2m 3s'": 3723, "'45s'": 45, "'2h'": 7200},
           {"''": 0, "'0h 0m 0s'": 0, "'1m 1s'": 61}),
    medium("def tokenize(expression: str) -> list[str]:",
           "Split an arithmetic expression into tokens: whole numbers and the characters + - * / ( ). Spaces "
           "separate nothing and are dropped.",
           """
           tokens: list[str] = []
           number = ''
           for char in expression:
               if char.isdigit():
                   number += char
                   continue
               if number:
                   tokens.append(number)
                   number = ''
               if char in '+-*/()':
                   tokens.append(char)
           if number:
               tokens.append(number)
           return tokens
           """,
           {"'3+42*(2-1)'": ["3", "+", "42", "*", "(", "2", "-", "1", ")"], "'7'": ["7"],
            "' 1 / 20 '": ["1", "/", "20"]},
           {"''": [], "'()'": ["(", ")"], "'1 2'": ["1", "2"]}),
    medium("def is_valid_email(address: str) -> bool:",
           "Return True if address has no spaces, exactly one '@', something before the '@', and after it a "
           "domain that contains a dot but does not start or end with one.",
           """
           if ' ' in address or address.count('@') != 1:
               return False
           local, domain = address.split('@')
           return bool(local) and '.' in domain and not domain.startswith('.') and not domain.endswith('.')
           """,
           {"'ada@example.com'": True, "'no-at-sign.com'": False, "'a@b@c.com'": False, "'x@localhost'": False},
           {"''": False, "'@example.com'": False, "'a@.com'": False, "'a@com.'": False, "'a b@c.com'": False}),
    medium("def parse_scores(text: str) -> dict[str, int]:",
           "Each line of text is 'name: score'. Return a dictionary from names to scores; blank lines are "
           "skipped and spaces around names and scores are ignored.",
           """
           scores = {}
           for line in text.splitlines():
               if line.strip():
                   name, score = line.split(':')
                   scores[name.strip()] = int(score)
           return scores
           """,
           {"'ann: 5\\nbob: 7'": {"ann": 5, "bob": 7}, "'solo:10'": {"solo": 10},
            "'a: 1\\n\\nb: 2\\n'": {"a": 1, "b": 2}},
           {"''": {}, "'  \\n'": {}}),
]
