#!/usr/bin/env python3
"""Table of an interleaved before/after series written by scripts/bench-ab.sh: one row per run
label and build, each cell the rounds in order."""
import json,glob,os,sys,collections
out=sys.argv[1]
rows=collections.defaultdict(lambda: collections.defaultdict(list))
for f in sorted(glob.glob(out+'/*.json')):
    b=os.path.basename(f)[:-5]
    label,r,which=b.rsplit('-',2)
    j=json.load(open(f))
    rows[label][which].append(j)
def fmt(js,key,sub):
    return ' / '.join(f"{j[key][sub]:.2f}" for j in js)
print("| run | build | frame p50 (ms) | frame p99 (ms) | max (ms) | cpu p99 (ms) | gpu p50 (ms) | janky | exact after stop (ms) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for label in rows:
    for which in ['before','after']:
        js=rows[label][which]
        gpu=' / '.join(f"{j['gpu_ms']['p50']:.2f}" if j.get('gpu_ms') else '-' for j in js)
        jank=' / '.join(str(j['janky_frames']) for j in js)
        exact=' / '.join(f"{j['ms_to_exact']:.0f}" if j.get('ms_to_exact') is not None else '-' for j in js)
        print(f"| {label} | {which} | {fmt(js,'frame_ms','p50')} | {fmt(js,'frame_ms','p99')} | {fmt(js,'frame_ms','max')} | {fmt(js,'cpu_ms','p99')} | {gpu} | {jank} | {exact} |")
