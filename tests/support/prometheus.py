"""Scrape a /metrics endpoint into {(name, labels): value} (the text exposition format)."""

from __future__ import annotations

import re
import urllib.request

Sample = tuple[str, frozenset[tuple[str, str]]]
_LINE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def scrape(port: int) -> dict[Sample, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        text = resp.read().decode()
    out: dict[Sample, float] = {}
    for line in text.splitlines():
        m = _LINE.match(line)
        if m and not line.startswith("#"):
            labels = frozenset(_LABEL.findall(m.group(2) or ""))
            out[(m.group(1), labels)] = float(m.group(3))
    return out


def total(samples: dict[Sample, float], name: str, **labels: str) -> float:
    """Sum of the samples of `name` whose labels include `labels` (other labels: any)."""
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= ls)


def names(samples: dict[Sample, float]) -> set[str]:
    return {n for n, _ in samples}
