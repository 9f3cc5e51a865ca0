"""Tasks on numbers: arithmetic, digits, divisibility, small formulas."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "math"

TASKS = [
    easy("def is_even(n: int) -> bool:",
         "Return True if n is an even number.",
         "return n % 2 == 0",
         {"4": True, "7": False, "0": True},
         {"-3": False, "-8": True}),
    easy("def absolute_difference(a: int, b: int) -> int:",
         "Return the distance between a and b on the number line.",
         "return abs(a - b)",
         {"3, 10": 7, "10, 3": 7, "5, 5": 0},
         {"-2, 3": 5, "0, 0": 0}),
    easy("def celsius_to_fahrenheit(celsius: float) -> float:",
         "Convert a temperature from degrees Celsius to degrees Fahrenheit.",
         "return celsius * 9 / 5 + 32",
         {"100": 212.0, "0": 32.0, "37": 98.6},
         {"-40": -40.0, "-17.5": 0.5}),
    easy("def clamp(value: int, low: int, high: int) -> int:",
         "Return value limited to the range from low to high (low <= high): low if value is below it, high if "
         "value is above it, value otherwise.",
         "return max(low, min(value, high))",
         {"5, 0, 10": 5, "-3, 0, 10": 0, "15, 0, 10": 10},
         {"0, 0, 10": 0, "10, 0, 10": 10, "7, 7, 7": 7}),
    easy("def max_of_three(a: int, b: int, c: int) -> int:",
         "Return the largest of the three numbers.",
         "return max(a, b, c)",
         {"1, 2, 3": 3, "9, 4, 6": 9, "5, 8, 2": 8},
         {"-1, -5, -3": -1, "4, 4, 4": 4}),
    easy("def sign(n: int) -> int:",
         "Return 1 if n is positive, -1 if it is negative and 0 if it is zero.",
         "return (n > 0) - (n < 0)",
         {"12": 1, "-7": -1, "100": 1},
         {"0": 0, "-1": -1}),
    easy("def is_divisible(a: int, b: int) -> bool:",
         "Return True if a is divisible by b without remainder. Nothing is divisible by 0.",
         "return b != 0 and a % b == 0",
         {"10, 5": True, "10, 3": False, "0, 7": True},
         {"5, 0": False, "-9, 3": True}),
    easy("def add_digits(n: int) -> int:",
         "Return the sum of the decimal digits of n. The sign of a negative number is ignored.",
         "return sum(int(d) for d in str(abs(n)))",
         {"123": 6, "9": 9, "1005": 6},
         {"0": 0, "-47": 11}),
    easy("def count_digits(n: int) -> int:",
         "Return how many decimal digits n has. The sign of a negative number is not a digit.",
         "return len(str(abs(n)))",
         {"12345": 5, "7": 1, "100": 3},
         {"0": 1, "-999": 3}),
    easy("def is_leap_year(year: int) -> bool:",
         "Return True if year is a leap year of the Gregorian calendar: divisible by 4, except years divisible "
         "by 100 that are not divisible by 400.",
         "return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)",
         {"2024": True, "2023": False, "1900": False, "2000": True},
         {"2100": False, "2400": True}),
    easy("def rectangle_perimeter(width: int, height: int) -> int:",
         "Return the perimeter of a rectangle with the given width and height.",
         "return 2 * (width + height)",
         {"3, 4": 14, "1, 1": 4, "10, 2": 24},
         {"0, 5": 10, "0, 0": 0}),
    easy("def circle_area(radius: float) -> float:",
         "Return the area of a circle with the given radius.",
         "return math.pi * radius ** 2",
         {"1": 3.141592653589793, "2": 12.566370614359172, "0.5": 0.7853981633974483},
         {"0": 0.0, "10": 314.1592653589793}, imports="import math"),
    easy("def percentage(part: float, whole: float) -> float:",
         "Return part as a percentage of whole, or 0.0 if whole is zero.",
         "return part / whole * 100 if whole != 0 else 0.0",
         {"1, 4": 25.0, "3, 3": 100.0, "1, 3": 33.333333333333336},
         {"5, 0": 0.0, "0, 10": 0.0}),
    easy("def discount_price(price: float, percent_off: float) -> float:",
         "Return the price after taking percent_off percent off it.",
         "return price * (100 - percent_off) / 100",
         {"100, 20": 80.0, "50, 10": 45.0, "19.99, 0": 19.99},
         {"80, 100": 0.0, "0, 50": 0.0}),
    easy("def safe_divide(a: float, b: float) -> float | None:",
         "Return a divided by b, or None if b is zero.",
         "return a / b if b != 0 else None",
         {"10, 4": 2.5, "9, 3": 3.0, "-6, 4": -1.5},
         {"1, 0": None, "0, 5": 0.0}),
    easy("def last_digit(n: int) -> int:",
         "Return the last decimal digit of n, ignoring the sign.",
         "return abs(n) % 10",
         {"1234": 4, "7": 7, "50": 0},
         {"-98": 8, "0": 0}),
    easy("def minutes_to_hours(minutes: int) -> tuple[int, int]:",
         "Split a number of minutes into whole hours and the minutes left over, as a tuple (hours, minutes).",
         "return divmod(minutes, 60)",
         {"135": (2, 15), "60": (1, 0), "59": (0, 59)},
         {"0": (0, 0), "1440": (24, 0)}),
    easy("def seconds_in_days(days: int) -> int:",
         "Return the number of seconds in the given number of days.",
         "return days * 24 * 60 * 60",
         {"1": 86400, "2": 172800, "7": 604800},
         {"0": 0, "-1": -86400}),
    easy("def sum_multiples_of_3_or_5(limit: int) -> int:",
         "Return the sum of the positive numbers below limit that are multiples of 3 or of 5.",
         "return sum(n for n in range(1, limit) if n % 3 == 0 or n % 5 == 0)",
         {"10": 23, "20": 78, "6": 8},
         {"0": 0, "1": 0, "-5": 0}),
    easy("def round_to_multiple(n: int, multiple: int) -> int:",
         "Return the multiple of multiple (a positive number) that is nearest to n. When n is exactly halfway "
         "between two multiples, return the larger one.",
         "return (n + multiple // 2) // multiple * multiple",
         {"17, 5": 15, "18, 5": 20, "25, 10": 30},
         {"0, 7": 0, "-3, 10": 0, "-16, 10": -20}),
    easy("def is_power_of_two(n: int) -> bool:",
         "Return True if n is a power of two (1, 2, 4, 8, ...).",
         "return n > 0 and n & (n - 1) == 0",
         {"8": True, "1": True, "12": False, "1024": True},
         {"0": False, "-4": False}),
    easy("def distance(x1: float, y1: float, x2: float, y2: float) -> float:",
         "Return the straight-line distance between the points (x1, y1) and (x2, y2).",
         "return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5",
         {"0, 0, 3, 4": 5.0, "-1, -1, 2, 3": 5.0, "0, 0, 1, 1": 1.4142135623730951},
         {"1, 1, 1, 1": 0.0, "0, 0, 0, -2": 2.0}),
    easy("def digits_list(n: int) -> list[int]:",
         "Return the decimal digits of n as a list, most significant first, ignoring the sign.",
         "return [int(d) for d in str(abs(n))]",
         {"123": [1, 2, 3], "7": [7], "4096": [4, 0, 9, 6]},
         {"0": [0], "-52": [5, 2]}),
    easy("def number_from_digits(digits: list[int]) -> int:",
         "Return the number whose decimal digits, most significant first, are the given digits. An empty list "
         "gives 0.",
         "result = 0\nfor d in digits:\n    result = result * 10 + d\nreturn result",
         {"[1, 2, 3]": 123, "[4, 0, 5]": 405, "[9]": 9},
         {"[]": 0, "[0, 0, 7]": 7}),
    easy("def powers_of_two(n: int) -> list[int]:",
         "Return the first n powers of two, starting with 1.",
         "return [2 ** i for i in range(n)]",
         {"4": [1, 2, 4, 8], "1": [1], "6": [1, 2, 4, 8, 16, 32]},
         {"0": [], "-3": []}),
    easy("def multiples(n: int, count: int) -> list[int]:",
         "Return the list [n * 1, n * 2, ..., n * count].",
         "return [n * i for i in range(1, count + 1)]",
         {"3, 4": [3, 6, 9, 12], "5, 1": [5], "-2, 3": [-2, -4, -6]},
         {"7, 0": [], "0, 3": [0, 0, 0]}),
    easy("def reverse_integer(n: int) -> int:",
         "Return n with its decimal digits in reverse order, keeping its sign.",
         "result = int(str(abs(n))[::-1])\nreturn -result if n < 0 else result",
         {"123": 321, "1200": 21, "-45": -54},
         {"0": 0, "-7": -7}),
    easy("def integer_sqrt(n: int) -> int:",
         "Return the largest whole number whose square is at most n (n >= 0).",
         "return math.isqrt(n)",
         {"16": 4, "17": 4, "99": 9},
         {"0": 0, "1": 1, "3": 1}, imports="import math"),
    easy("def bmi_category(weight_kg: float, height_m: float) -> str:",
         "Compute the body mass index, weight_kg / height_m ** 2, and return 'underweight' below 18.5, 'normal' "
         "below 25, 'overweight' below 30 and 'obese' otherwise.",
         """
         bmi = weight_kg / height_m ** 2
         if bmi < 18.5:
             return 'underweight'
         if bmi < 25:
             return 'normal'
         if bmi < 30:
             return 'overweight'
         return 'obese'
         """,
         {"50, 1.8": "underweight", "70, 1.75": "normal", "85, 1.75": "overweight", "100, 1.7": "obese"},
         {"25, 1.0": "overweight", "18.5, 1.0": "normal", "30, 1.0": "obese"}),
    medium("def lcm(a: int, b: int) -> int:",
           "Return the least common multiple of two non-negative numbers: the smallest positive number that both "
           "divide. If either number is 0, return 0.",
           """
           if a == 0 or b == 0:
               return 0
           multiple = max(a, b)
           while multiple % a != 0 or multiple % b != 0:
               multiple += max(a, b)
           return multiple
           """,
           {"4, 6": 12, "3, 5": 15, "12, 18": 36},
           {"0, 5": 0, "7, 7": 7, "1, 9": 9}),
    medium("def divisors(n: int) -> list[int]:",
           "Return all positive divisors of n in increasing order, or an empty list if n is less than 1.",
           "return [d for d in range(1, n + 1) if n % d == 0]",
           {"12": [1, 2, 3, 4, 6, 12], "7": [1, 7], "16": [1, 2, 4, 8, 16]},
           {"1": [1], "0": [], "-6": []}),
    medium("def digital_root(n: int) -> int:",
           "Repeatedly replace n (n >= 0) by the sum of its decimal digits until a single digit is left, and "
           "return that digit.",
           """
           while n >= 10:
               n = sum(int(d) for d in str(n))
           return n
           """,
           {"38": 2, "9875": 2, "7": 7},
           {"0": 0, "10": 1}),
    medium("def is_armstrong(n: int) -> bool:",
           "Return True if n is equal to the sum of its decimal digits each raised to the power of the number "
           "of digits (like 153 = 1**3 + 5**3 + 3**3). Negative numbers never are.",
           """
           if n < 0:
               return False
           digits = str(n)
           return n == sum(int(d) ** len(digits) for d in digits)
           """,
           {"153": True, "370": True, "123": False, "9474": True},
           {"0": True, "10": False, "-153": False}),
    medium("def is_perfect_number(n: int) -> bool:",
           "Return True if n is a positive number equal to the sum of its divisors smaller than itself (like 6 = "
           "1 + 2 + 3).",
           """
           if n < 2:
               return False
           return sum(d for d in range(1, n) if n % d == 0) == n
           """,
           {"6": True, "28": True, "12": False, "496": True},
           {"1": False, "0": False, "-6": False}),
    medium("def variance(numbers: list[float]) -> float:",
           "Return the population variance of the numbers: the average of the squared differences from their "
           "mean. An empty list gives 0.0.",
           """
           if not numbers:
               return 0.0
           mean = sum(numbers) / len(numbers)
           return sum((x - mean) ** 2 for x in numbers) / len(numbers)
           """,
           {"[1, 2, 3, 4]": 1.25, "[5, 5, 5]": 0.0, "[2, 4, 4, 4, 5, 5, 7, 9]": 4.0},
           {"[]": 0.0, "[3]": 0.0}),
    medium("def factorial_trailing_zeros(n: int) -> int:",
           "Return how many zeros the decimal number n! (1 * 2 * ... * n) ends with, for n >= 0.",
           """
           count = 0
           power = 5
           while power <= n:
               count += n // power
               power *= 5
           return count
           """,
           {"5": 1, "10": 2, "25": 6, "100": 24},
           {"0": 0, "4": 0}),
    medium("def quadratic_roots(a: float, b: float, c: float) -> list[float]:",
           "Return the real solutions of a * x**2 + b * x + c == 0 (a is not zero) in increasing order: two "
           "values, one if both solutions are the same, or none.",
           """
           discriminant = b * b - 4 * a * c
           if discriminant < 0:
               return []
           if discriminant == 0:
               return [-b / (2 * a)]
           root = discriminant ** 0.5
           return sorted([(-b - root) / (2 * a), (-b + root) / (2 * a)])
           """,
           {"1, -3, 2": [1.0, 2.0], "1, 2, 1": [-1.0], "1, 0, -4": [-2.0, 2.0]},
           {"1, 0, 1": [], "2, 0, 0": [0.0], "-1, 0, 9": [-3.0, 3.0]}),
    medium("def lowest_terms(numerator: int, denominator: int) -> tuple[int, int]:",
           "Reduce the fraction numerator / denominator (denominator is not zero) to lowest terms and return it "
           "as a tuple. The denominator of the result is positive; a zero numerator gives (0, 1).",
           """
           if denominator < 0:
               numerator, denominator = -numerator, -denominator
           common = math.gcd(numerator, denominator)
           return numerator // common, denominator // common
           """,
           {"6, 8": (3, 4), "10, 5": (2, 1), "3, 7": (3, 7)},
           {"0, 5": (0, 1), "-4, 6": (-2, 3), "4, -6": (-2, 3)}, imports="import math"),
    medium("def multiplicative_persistence(n: int) -> int:",
           "Count how many times the digits of n (n >= 0) must be multiplied together until a single digit is "
           "left. For example 39 -> 27 -> 14 -> 4 takes 3 steps.",
           """
           steps = 0
           while n >= 10:
               product = 1
               for d in str(n):
                   product *= int(d)
               n = product
               steps += 1
           return steps
           """,
           {"39": 3, "999": 4, "4": 0},
           {"0": 0, "10": 1}),
]
