#!/usr/bin/env python3
"""Print the BENCHMARKS.md tables from a directory of `inkplay bench --json` reports."""
import json
import pathlib
import sys

d = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench-results")
rows = [json.loads(p.read_text()) for p in sorted(d.glob("*.json"))]
rows.sort(key=lambda r: (r["scenario"], r["aa"], r["strokes"]))
if not rows:
    sys.exit(f"no reports in {d}")
a = rows[0]["adapter"]
print(f"Adapter: {a['name']} ({a['backend']}, {a['device_type']}, {a['driver']})\n")
print("| drawing | scenario | aa | frames | frame p50 / p99 ms | cpu p50 / p99 ms | gpu p50 ms | janky | load tess / upload ms | first ink ms | RSS MB (baseline) | GPU MB | geometry B/pt | draw-all ×p99 | epaint ×p99 | tiny-skia ×p99 |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    peers = {p["name"]: p["ratio_p99"] for p in r["peers"]}
    gpu = r["gpu_ms"]["p50"] if r["gpu_ms"] else float("nan")
    print(
        f"| synthetic:{r['strokes']} | {r['scenario']} | {r['aa']} | {r['frames']} "
        f"| {r['frame_ms']['p50']:.2f} / {r['frame_ms']['p99']:.2f} "
        f"| {r['cpu_ms']['p50']:.3f} / {r['cpu_ms']['p99']:.3f} | {gpu:.2f} | {r['janky_frames']} "
        f"| {r['load_ms']['tessellate']:.0f} / {r['load_ms']['upload']:.0f} | {r['first_ink_ms'] or 0:.0f} "
        f"| {r['rss_bytes']/1e6:.0f} ({r['rss_baseline_bytes']/1e6:.0f}) | {r['gpu_bytes']/1e6:.1f} | {r['gpu_bytes_per_point']:.1f} "
        f"| {peers.get('draw-all', 0):.1f} | {peers.get('epaint', 0):.1f} | {peers.get('tiny-skia', 0):.1f} |"
    )
print()
print("Growth of p99 from 1k to 100k strokes (same scenario and aa):")
for scen in ("playback", "static"):
    for aa in ("analytic", "msaa4"):
        sel = {r["strokes"]: r for r in rows if r["scenario"] == scen and r["aa"] == aa}
        if 1000 in sel and 100000 in sel:
            g = sel[100000]["frame_ms"]["p99"] / sel[1000]["frame_ms"]["p99"]
            print(f"- {scen} {aa}: {sel[1000]['frame_ms']['p99']:.2f} ms -> {sel[100000]['frame_ms']['p99']:.2f} ms = {g:.2f}x")
