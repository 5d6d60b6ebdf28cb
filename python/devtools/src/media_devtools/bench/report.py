"""The benchmark's markdown report, with each figure next to its target."""

from __future__ import annotations

from typing import Any

from .content import report as content_report
from .shots import markdown as shots_markdown
from .store import markdown as store_markdown
from .tracing import markdown as tracing_markdown


def verdict(ok: bool) -> str:
    return "meets target" if ok else "misses target"


def markdown(r: dict[str, Any]) -> str:
    lines = [f"# Benchmark ({r['machine']['cpus']} CPUs, median of {r['rounds']} rounds)"]
    if "r60" in r:
        lines += pipeline_sections(r)
    if "store" in r:
        lines += store_markdown(r["store"])
    if "tracing" in r:
        lines += tracing_markdown(r["tracing"])
    return "\n".join(lines + resources(r))


def pipeline_sections(r: dict[str, Any]) -> list[str]:
    a = r["r60"]
    lines = [
        "",
        "## R60 (60 s, 1280x720, 30 fps, H.264 + AAC), default strategy (interval 2 s)",
        "",
        "| | seconds |",
        "|---|---|",
        f"| plain one-process script | {a['baseline_seconds']:.2f} |",
        f"| pipeline through Temporal, 3 workers | {a['pipeline_seconds']:.2f} |",
        f"| **pipeline / script** | **{a['ratio']:.2f}** (target <= 1.00: {verdict(a['ratio'] <= 1.0)}) |",
        f"| activity execution, summed | {a['activity_seconds_sum']:.2f} |",
        f"| activity execution, wall time with any activity running | {a['activity_busy_seconds']:.2f} |",
        f"| orchestration overhead (end-to-end minus that wall time) | {a['overhead_seconds']:.2f} |",
        f"| no-op workflow, same shape ({a['hops']} activities in {a['sequential_hop_groups']} sequential groups) | {a['noop_same_shape_seconds']:.2f} |",
        f"| events in the run's history | {a['events']} |",
        "",
        "| stage | script | pipeline |",
        "|---|---|---|",
    ]
    stages = sorted(set(a["baseline_stages"]) | set(a["pipeline_stages"]))
    for s in stages:
        b, p = a["baseline_stages"].get(s), a["pipeline_stages"].get(s)
        lines.append(
            f"| {s} | {'' if b is None else f'{b:.2f}'} | {'' if p is None else f'{p:.2f}'} |"
        )
    t = r["throughput_r5"]
    lines += [
        "",
        f"## Throughput on R5 (5 s, 640x360): {t['pipelines']} pipelines",
        "",
        "| | seconds | pipelines per minute |",
        "|---|---|---|",
        f"| one at a time | {t['sequential_seconds']:.2f} | {t['sequential_per_minute']:.1f} |",
        f"| all at once | {t['concurrent_seconds']:.2f} | {t['concurrent_per_minute']:.1f} |",
        f"| **ratio** | **{t['ratio']:.2f}x** | target >= 1.7x: {verdict(t['ratio'] >= 1.7)} |",
        "",
        "## Strategies on R60",
        "",
        "| strategy | frames | plain ffmpeg extraction | pipeline extract stage | pipeline end to end |",
        "|---|---|---|---|---|",
    ]
    for name, s in r["strategies_r60"].items():
        lines.append(
            f"| {name} | {s['frames']} | {s['baseline_extract_seconds']:.2f} | {s['pipeline_extract_seconds']:.2f} | {s['pipeline_seconds']:.2f} |"
        )
    if "shots" in r:
        lines += shots_markdown(r["shots"])
    return lines


def resources(r: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "scale" in r:
        sc = r["scale"]
        lines += [
            "",
            "## Long videos (256x144, a frame every 2 s)",
            "",
            "| input | frames | seconds | parent events | child workflows | largest child history |",
            "|---|---|---|---|---|---|",
        ]
        for name in ("10min", "2h"):
            s = sc[name]
            lines.append(
                f"| {name} | {s['frames']} | {s['seconds']:.1f} | {s['parent_events']} | {s['children']} | {s['largest_child_events']} |"
            )
        lines.append(
            f"\nTime ratio 2 h / 10 min: **{sc['time_ratio']:.1f}** for a duration ratio of {sc['duration_ratio']:.0f} (linear or better)."
        )
    if "content" in r:
        lines += content_report(r["content"], verdict)
    rss = ", ".join(f"{k} {v:.0f} MiB" for k, v in r["peak_rss_mib"].items() if v)
    lines += [
        "",
        "## Resources",
        "",
        f"- peak RSS per worker (VmHWM; the Python worker holds every model): {rss}",
        f"- largest payload seen: {r['largest_payload_bytes']} bytes (target <= {r['payload_target_bytes']}: "
        f"{verdict(r['largest_payload_bytes'] <= r['payload_target_bytes'])})",
        f"- most events in one history: {r['max_events_per_history']} (target <= 2000: {verdict(r['max_events_per_history'] <= 2000)})",
        "",
    ]
    return lines
