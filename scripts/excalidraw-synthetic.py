#!/usr/bin/env python3
"""Write a synthetic Excalidraw scene: N elements (default 2,000) laid out on a grid, text- and
fill-heavy like a large diagram: labelled boxes, ellipses and diamonds with hachure,
cross-hatch, zigzag and solid fills, labelled arrows between neighbours, and free text.
Deterministic (seeded), so a bench of it is repeatable.

Usage: scripts/excalidraw-synthetic.py [N] > scene.excalidraw
"""
import json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
rng = random.Random(28)
FILLS = ["hachure", "cross-hatch", "zigzag", "solid", "hachure"]
COLOURS = ["#ffc9c9", "#b2f2bb", "#a5d8ff", "#ffec99", "#eebefa"]
STROKES = ["#1e1e1e", "#e03131", "#2f9e44", "#1971c2"]
WORDS = "api cache queue worker store auth gateway index shard replica log metrics".split()
elements = []


def base(kind, eid, x, y, w, h, **extra):
    e = {
        "type": kind, "id": eid, "x": x, "y": y, "width": w, "height": h, "angle": 0,
        "strokeColor": rng.choice(STROKES), "backgroundColor": "transparent",
        "fillStyle": "solid", "strokeWidth": rng.choice([1, 2]), "strokeStyle": "solid",
        "roughness": 1, "opacity": 100, "seed": rng.randrange(1, 2**31), "version": 1,
        "isDeleted": False, "boundElements": [], "roundness": None,
    }
    e.update(extra)
    return e


def label(eid, container, cx, cy, text, size=16):
    w = 0.55 * size * len(text)
    h = 1.25 * size
    return base("text", eid, cx - w / 2, cy - h / 2, w, h, text=text, originalText=text,
                fontSize=size, fontFamily=5, textAlign="center", verticalAlign="middle",
                containerId=container, lineHeight=1.25, strokeColor="#1e1e1e")


cols = 20
cell = 220
k = 0
while len(elements) < n:
    r, c = divmod(k, cols)
    x, y = c * cell, r * cell
    kind = ["rectangle", "ellipse", "diamond"][k % 3]
    sid = f"s{k}"
    shape = base(kind, sid, x, y, 150, 90, backgroundColor=rng.choice(COLOURS),
                 fillStyle=rng.choice(FILLS),
                 roundness={"type": 3} if kind == "rectangle" and k % 2 else None)
    text = f"{rng.choice(WORDS)} {k}"
    lid = f"t{k}"
    shape["boundElements"].append({"type": "text", "id": lid})
    elements += [shape, label(lid, sid, x + 75, y + 45, text)]
    if c + 1 < cols and len(elements) < n:
        aid, alid = f"a{k}", f"al{k}"
        arrow = base("arrow", aid, x + 150, y + 45, 70, 0, points=[[0, 0], [70, 0]],
                     endArrowhead="arrow", startArrowhead=None, roundness={"type": 2},
                     boundElements=[{"type": "text", "id": alid}])
        elements += [arrow, label(alid, aid, x + 185, y + 45, str(k % 10), size=12)]
    if k % 7 == 0 and len(elements) < n:
        elements.append(base("text", f"f{k}", x, y + 100, 120, 20, text=f"note {k}: ok",
                             originalText=f"note {k}: ok", fontSize=14, fontFamily=[1, 5, 6, 8][k % 4],
                             textAlign="left", verticalAlign="top", containerId=None,
                             lineHeight=1.25))
    k += 1
elements = elements[:n]
json.dump({"type": "excalidraw", "version": 2, "source": "inkplay scripts/excalidraw-synthetic.py",
           "elements": elements, "appState": {"viewBackgroundColor": "#ffffff"}, "files": {}},
          sys.stdout)
