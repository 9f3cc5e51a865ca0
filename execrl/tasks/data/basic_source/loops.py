"""Tasks whose natural solution is a loop: counting steps, building rows and grids, scanning."""

from execrl.tasks.data.basic_source.spec import easy, medium

CATEGORY = "loops"

TASKS = [
    easy("def multiplication_table(n: int) -> list[list[int]]:",
         "Return the n by n multiplication table: row i, column j (counting from 1) holds i * j.",
         "return [[i * j for j in range(1, n + 1)] for i in range(1, n + 1)]",
         {"3": [[1, 2, 3], [2, 4, 6], [3, 6, 9]], "1": [[1]], "2": [[1, 2], [2, 4]]},
         {"0": [], "-1": []}),
    easy("def staircase(n: int) -> list[str]:",
         "Return n lines of stars: the first line has one '*', the second two, and so on.",
         "return ['*' * i for i in range(1, n + 1)]",
         {"3": ["*", "**", "***"], "1": ["*"], "4": ["*", "**", "***", "****"]},
         {"0": [], "-2": []}),
    easy("def halvings_until_one(n: int) -> int:",
         "Count how many times n (n >= 1) must be halved, rounding down each time, until it becomes 1.",
         "count = 0\nwhile n > 1:\n    n //= 2\n    count += 1\nreturn count",
         {"8": 3, "9": 3, "100": 6},
         {"1": 0, "2": 1, "3": 1}),
    easy("def countdown(n: int) -> list[int]:",
         "Return the numbers from n down to 1.",
         "return list(range(n, 0, -1))",
         {"5": [5, 4, 3, 2, 1], "1": [1], "3": [3, 2, 1]},
         {"0": [], "-1": []}),
    easy("def years_to_double(rate_percent: float) -> int:",
         "Money grows by rate_percent percent every year (rate_percent > 0). Return the number of whole years "
         "until it is at least twice the starting amount.",
         "amount = 1.0\nyears = 0\nwhile amount < 2:\n    amount *= 1 + rate_percent / 100\n    years += 1\n"
         "return years",
         {"100": 1, "50": 2, "10": 8, "7": 11},
         {"200": 1, "1": 70}),
    easy("def steps_to_zero(n: int) -> int:",
         "Count the steps to bring n (n >= 0) to zero, where a step halves n if it is even and subtracts 1 if "
         "it is odd.",
         "steps = 0\nwhile n > 0:\n    n = n // 2 if n % 2 == 0 else n - 1\n    steps += 1\nreturn steps",
         {"14": 6, "8": 4, "123": 12},
         {"0": 0, "1": 1}),
    easy("def first_repeated(items: list[int]) -> int | None:",
         "Return the first element that is equal to an element before it, or None if all elements are "
         "different.",
         "seen = set()\nfor item in items:\n    if item in seen:\n        return item\n    seen.add(item)\n"
         "return None",
         {"[3, 1, 4, 1, 5]": 1, "[2, 5, 5, 2]": 5, "[1, 2, 3]": None},
         {"[]": None, "[7, 7]": 7}),
    easy("def sum_until_negative(numbers: list[int]) -> int:",
         "Return the sum of the numbers that come before the first negative number (all of them if there is no "
         "negative number).",
         "total = 0\nfor n in numbers:\n    if n < 0:\n        break\n    total += n\nreturn total",
         {"[1, 2, -1, 5]": 3, "[4, 5]": 9, "[-3, 4]": 0},
         {"[]": 0, "[0, -1]": 0}),
    easy("def index_of_first(items: list[int], target: int) -> int:",
         "Return the position of the first element equal to target, or -1 if there is none.",
         "for i, item in enumerate(items):\n    if item == target:\n        return i\nreturn -1",
         {"[5, 3, 7, 3], 3": 1, "[1, 2], 2": 1, "[1, 2], 9": -1},
         {"[], 1": -1, "[4, 4], 4": 0}),
    easy("def number_triangle(n: int) -> list[list[int]]:",
         "Return n rows where row i (counting from 1) is the list [1, 2, ..., i].",
         "return [list(range(1, i + 1)) for i in range(1, n + 1)]",
         {"3": [[1], [1, 2], [1, 2, 3]], "1": [[1]], "2": [[1], [1, 2]]},
         {"0": [], "-3": []}),
    easy("def grid_coordinates(rows: int, cols: int) -> list[tuple[int, int]]:",
         "Return every (row, column) pair of a grid with the given size, row by row.",
         "return [(r, c) for r in range(rows) for c in range(cols)]",
         {"2, 2": [(0, 0), (0, 1), (1, 0), (1, 1)], "1, 3": [(0, 0), (0, 1), (0, 2)],
          "3, 1": [(0, 0), (1, 0), (2, 0)]},
         {"0, 5": [], "2, 0": []}),
    easy("def count_neighbors(grid: list[list[int]], row: int, col: int) -> int:",
         "The grid holds 0s and 1s. Return how many of the up to eight cells around (row, col) hold 1.",
         """
         count = 0
         for r in range(row - 1, row + 2):
             for c in range(col - 1, col + 2):
                 if (r, c) != (row, col) and 0 <= r < len(grid) and 0 <= c < len(grid[r]):
                     count += grid[r][c]
         return count
         """,
         {"[[1, 1, 1], [1, 0, 1], [1, 1, 1]], 1, 1": 8, "[[1, 0], [0, 1]], 0, 0": 1,
          "[[0, 1, 0], [1, 1, 1], [0, 1, 0]], 0, 0": 3},
         {"[[1]], 0, 0": 0, "[[1, 1], [1, 1]], 1, 1": 3}),
    medium("def count_digit_in_range(n: int, digit: int) -> int:",
           "Count how many times the decimal digit appears when all the numbers from 1 to n are written out.",
           """
           count = 0
           for number in range(1, n + 1):
               count += str(number).count(str(digit))
           return count
           """,
           {"13, 1": 6, "20, 2": 3, "9, 5": 1},
           {"0, 1": 0, "100, 0": 11}),
    medium("def transpose(matrix: list[list[int]]) -> list[list[int]]:",
           "Return the transpose of a rectangular matrix: row i of the result is column i of matrix.",
           "return [[row[i] for row in matrix] for i in range(len(matrix[0]))] if matrix else []",
           {"[[1, 2, 3], [4, 5, 6]]": [[1, 4], [2, 5], [3, 6]], "[[1]]": [[1]], "[[1, 2], [3, 4]]": [[1, 3], [2, 4]]},
           {"[]": [], "[[7, 8, 9]]": [[7], [8], [9]]}),
    medium("def diagonal_sum(matrix: list[list[int]]) -> int:",
           "Return the sum of both diagonals of a square matrix; the centre cell of an odd-sized matrix is counted "
           "once.",
           """
           n = len(matrix)
           total = 0
           for i in range(n):
               total += matrix[i][i]
               if i != n - 1 - i:
                   total += matrix[i][n - 1 - i]
           return total
           """,
           {"[[1, 2, 3], [4, 5, 6], [7, 8, 9]]": 25, "[[1, 2], [3, 4]]": 10, "[[5]]": 5},
           {"[]": 0, "[[0, 0], [0, 0]]": 0}),
    medium("def spiral_order(matrix: list[list[int]]) -> list[int]:",
           "Return the elements of a rectangular matrix in clockwise spiral order, starting at the top-left "
           "corner and going right.",
           """
           result = []
           top, bottom, left, right = 0, len(matrix) - 1, 0, len(matrix[0]) - 1 if matrix else -1
           while top <= bottom and left <= right:
               result += [matrix[top][c] for c in range(left, right + 1)]
               result += [matrix[r][right] for r in range(top + 1, bottom + 1)]
               if top < bottom:
                   result += [matrix[bottom][c] for c in range(right - 1, left - 1, -1)]
               if left < right:
                   result += [matrix[r][left] for r in range(bottom - 1, top, -1)]
               top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
           return result
           """,
           {"[[1, 2, 3], [4, 5, 6], [7, 8, 9]]": [1, 2, 3, 6, 9, 8, 7, 4, 5], "[[1, 2], [3, 4]]": [1, 2, 4, 3],
            "[[1, 2, 3], [4, 5, 6]]": [1, 2, 3, 6, 5, 4]},
           {"[]": [], "[[1], [2], [3]]": [1, 2, 3], "[[1, 2, 3, 4]]": [1, 2, 3, 4]}),
    medium("def pascal_row(n: int) -> list[int]:",
           "Return row n of Pascal's triangle, counting rows from 0 (row 0 is [1]). A negative n gives an empty "
           "list.",
           """
           if n < 0:
               return []
           row = [1]
           for _ in range(n):
               row = [a + b for a, b in zip([0] + row, row + [0])]
           return row
           """,
           {"1": [1, 1], "4": [1, 4, 6, 4, 1], "5": [1, 5, 10, 10, 5, 1]},
           {"0": [1], "-1": []}),
    medium("def matrix_multiply(a: list[list[int]], b: list[list[int]]) -> list[list[int]]:",
           "Return the matrix product of a and b (the number of columns of a equals the number of rows of b).",
           """
           return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
                   for i in range(len(a))]
           """,
           {"[[1, 2], [3, 4]], [[5, 6], [7, 8]]": [[19, 22], [43, 50]],
            "[[1, 0], [0, 1]], [[9, 8], [7, 6]]": [[9, 8], [7, 6]], "[[1, 2, 3]], [[1], [2], [3]]": [[14]]},
           {"[[2]], [[3]]": [[6]], "[[0, 0]], [[1], [1]]": [[0]], "[[1], [2]], [[3, -4]]": [[3, -4], [6, -8]]}),
    medium("def count_islands(grid: list[list[int]]) -> int:",
           "The grid holds 0 (water) and 1 (land). Return the number of islands: groups of land cells joined "
           "up, down, left or right (not diagonally).",
           """
           seen = set()
           islands = 0
           for r in range(len(grid)):
               for c in range(len(grid[r])):
                   if grid[r][c] == 1 and (r, c) not in seen:
                       islands += 1
                       stack = [(r, c)]
                       while stack:
                           y, x = stack.pop()
                           if (y, x) in seen or not (0 <= y < len(grid) and 0 <= x < len(grid[y])):
                               continue
                           if grid[y][x] != 1:
                               continue
                           seen.add((y, x))
                           stack += [(y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)]
           return islands
           """,
           {"[[1, 1, 0], [0, 1, 0], [0, 0, 1]]": 2, "[[1, 0, 1], [0, 1, 0], [1, 0, 1]]": 5, "[[1, 1], [1, 1]]": 1},
           {"[]": 0, "[[0, 0], [0, 0]]": 0}),
]
