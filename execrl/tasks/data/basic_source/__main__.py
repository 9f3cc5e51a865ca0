"""Regenerate ``execrl/tasks/data/basic.jsonl`` from the task modules."""

from execrl.tasks.data.basic_source import OUTPUT, render

text = render()
OUTPUT.write_text(text, encoding="utf-8")
print(f"wrote {OUTPUT} ({text.count(chr(10))} tasks)")
