#!/usr/bin/env python3
"""Write tests/data/sketch-rnn/*.npz: the 25 simplified Quick, Draw! cats of the shared corpus
(Google LLC, CC BY 4.0) as sketch-rnn stroke-3 datasets (train 0-19, valid 20-22, test 23-24),
three ways:

- cat-py3.npz, cat-py3-compressed.npz: numpy.savez / savez_compressed on Python 3 (pickle
  protocol 3 or 4, whatever this NumPy writes);
- cat-py3-protocol2.npz: Python 3's pickle of the same arrays with protocol 2 (bytes spelled as
  `_codecs.encode(text, 'latin1')` calls);
- cat-py2.npz: the pickles Python 2's NumPy wrote for sketch-rnn's published files (protocol 2,
  GLOBAL names, byte strings as SHORT_BINSTRING/BINSTRING), emitted opcode by opcode, since no
  Python 2 is at hand.

Stroke-3 is sketch-rnn's: rows (dx, dy, pen_lifted), the first offset from (0, 0), int16.
Usage: scripts/sketch-rnn-fixtures.py [CORPUS_DIR]   (needs numpy)
"""
import io, json, os, struct, sys, zipfile

import numpy as np

corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../shared/corpus")
out = os.path.join(os.path.dirname(__file__), "../tests/data/sketch-rnn")
lines = [l for l in open(os.path.join(corpus, "quickdraw/simplified/cat.ndjson")) if l.strip()]


def stroke3(drawing):
    rows, px, py = [], 0, 0
    for xs, ys in ((s[0], s[1]) for s in drawing):
        for i, (x, y) in enumerate(zip(xs, ys)):
            rows.append((x - px, y - py, 1 if i == len(xs) - 1 else 0))
            px, py = x, y
    return np.array(rows, dtype=np.int16)


cats = [stroke3(json.loads(l)["drawing"]) for l in lines]


def objects(items):
    a = np.empty(len(items), dtype=object)
    for i, d in enumerate(items):
        a[i] = d
    return a


splits = {"train": objects(cats[:20]), "valid": objects(cats[20:23]), "test": objects(cats[23:25])}
np.savez(os.path.join(out, "cat-py3.npz"), **splits)
np.savez_compressed(os.path.join(out, "cat-py3-compressed.npz"), **splits)


def py2_pickle(arrays):
    """An object array of int16 arrays, pickled as Python 2's NumPy did (protocol 2)."""
    b = io.BytesIO()
    memo = {}

    def put(key):
        memo[key] = len(memo)
        n = memo[key]
        b.write(b"q" + bytes([n]) if n < 256 else b"r" + struct.pack("<I", n))

    def get(key):
        n = memo[key]
        b.write(b"h" + bytes([n]) if n < 256 else b"j" + struct.pack("<I", n))

    def string(s):
        b.write(b"U" + bytes([len(s)]) + s if len(s) < 256 else b"T" + struct.pack("<I", len(s)) + s)

    def integer(n):
        b.write(b"K" + bytes([n]) if n < 256 else b"M" + struct.pack("<H", n) if n < 65536 else b"J" + struct.pack("<i", n))

    def reconstruct():
        if "rec" in memo:
            get("rec"); get("nd"); integer(0); b.write(b"\x85"); get("b")
        else:
            b.write(b"cnumpy.core.multiarray\n_reconstruct\n"); put("rec")
            b.write(b"cnumpy\nndarray\n"); put("nd")
            integer(0); b.write(b"\x85"); string(b"b"); put("b")
        b.write(b"\x87R")

    def dtype(name, order):
        key = "dt" + name
        if key in memo:
            get(key); return
        if "dtype" in memo:
            get("dtype")
        else:
            b.write(b"cnumpy\ndtype\n"); put("dtype")
        string(name.encode()); integer(0); integer(1); b.write(b"\x87R")
        b.write(b"(");  integer(3); string(order.encode())
        b.write(b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xff"); integer(63 if name == "O8" else 0)
        b.write(b"tb"); put(key)

    b.write(b"\x80\x02")
    reconstruct()
    b.write(b"(");  integer(1); integer(len(arrays)); b.write(b"\x85"); dtype("O8", "|")
    b.write(b"\x89]")
    for start in range(0, len(arrays), 1000):  # Python 2 appends in batches of 1000
        b.write(b"(")
        for a in arrays[start:start + 1000]:
            reconstruct()
            b.write(b"("); integer(1); integer(a.shape[0]); integer(3); b.write(b"\x86")
            dtype("i2", "<"); b.write(b"\x89"); string(a.astype("<i2").tobytes()); b.write(b"tb")
        b.write(b"e")
    b.write(b"tb.")
    return b.getvalue()


def npy_v1(descr, shape, body):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }" % (descr, shape)
    pad = 64 - (10 + len(header) + 1) % 64
    header = (header + " " * pad + "\n").encode()
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header + body


with zipfile.ZipFile(os.path.join(out, "cat-py2.npz"), "w", zipfile.ZIP_STORED) as z:
    for name, a in splits.items():
        z.writestr(name + ".npy", npy_v1("|O", len(a), py2_pickle(list(a))))

# Python 3 pickling the same arrays with protocol 2 (bytes spelled `_codecs.encode(text, 'latin1')`).
import pickle
with zipfile.ZipFile(os.path.join(out, "cat-py3-protocol2.npz"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, a in splits.items():
        z.writestr(name + ".npy", npy_v1("|O", len(a), pickle.dumps(a, protocol=2)))

# The Python 2 pickles load in NumPy as the originals do (encoding='latin1').
check = np.load(os.path.join(out, "cat-py2.npz"), allow_pickle=True, encoding="latin1")
assert all((x == y).all() for x, y in zip(check["train"], splits["train"]))
print("wrote", sorted(os.listdir(out)))
