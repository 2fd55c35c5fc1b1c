#!/usr/bin/env python3
"""Copy the fonts inkplay bundles into assets/fonts/, unmodified.

Excalidraw's fonts come from the npm package @excalidraw/excalidraw 0.18.1 (installed by
`npm ci` in scripts/excalidraw-refs), as the woff2 files Excalidraw itself serves: a family
split by Unicode range is kept as its separate files, named here by the range they cover
(the first file of a family is its Latin one). Liberation Sans 2.1.5 (OFL, metric-compatible
with Helvetica and Arial) comes from Debian's fonts-liberation2 package, as its TTF.
Noto Emoji
(monochrome emoji outlines, OFL) comes from fontsource's npm package @fontsource/noto-emoji 5.3.2.
Fonts with a Reserved Font Name are never subset or renamed: every file is byte for byte
what its publisher ships.

Usage: scripts/fonts/make.py   (from the repository root; needs apt-get download and dpkg-deb)
"""
import hashlib, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NPM = os.path.join(ROOT, "scripts/excalidraw-refs/node_modules/@excalidraw/excalidraw/dist/prod/fonts")
OUT = os.path.join(ROOT, "assets/fonts")

# family folder in the npm package, source file (prefix of its name), bundled name
EXCALIDRAW = [
    ("Virgil", "Virgil-Regular", "virgil.woff2"),
    ("Excalifont", "Excalifont-Regular-a88b72a2", "excalifont-latin.woff2"),
    ("Excalifont", "Excalifont-Regular-be310b9b", "excalifont-latin-ext.woff2"),
    ("Excalifont", "Excalifont-Regular-b9dcf9d2", "excalifont-cyrillic.woff2"),
    ("Excalifont", "Excalifont-Regular-349fac6c", "excalifont-cyrillic-ext.woff2"),
    ("Excalifont", "Excalifont-Regular-41b173a4", "excalifont-greek.woff2"),
    ("Excalifont", "Excalifont-Regular-623ccf21", "excalifont-diacritics.woff2"),
    ("Excalifont", "Excalifont-Regular-3f2c5db5", "excalifont-modifiers.woff2"),
    ("Nunito", "Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhdTQ3j", "nunito-latin.woff2"),
    ("Nunito", "Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhdTo3j", "nunito-latin-ext.woff2"),
    ("Nunito", "Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhdTA3j", "nunito-cyrillic.woff2"),
    ("Nunito", "Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhdTk3j", "nunito-cyrillic-ext.woff2"),
    ("Nunito", "Nunito-Regular-XRXI3I6Li01BKofiOc5wtlZ2di8HDIkhdTs3j", "nunito-vietnamese.woff2"),
    ("Lilita", "Lilita-Regular-i7dPIFZ9Zz-WBtRtedDbYEF8", "lilita-latin.woff2"),
    ("Lilita", "Lilita-Regular-i7dPIFZ9Zz-WBtRtedDbYE98", "lilita-latin-ext.woff2"),
    ("ComicShanns", "ComicShanns-Regular-279a7b31", "comic-shanns-latin.woff2"),
    ("ComicShanns", "ComicShanns-Regular-fcb0fc02", "comic-shanns-latin-ext.woff2"),
    ("ComicShanns", "ComicShanns-Regular-dc6a8806", "comic-shanns-symbols.woff2"),
    ("ComicShanns", "ComicShanns-Regular-6e066e8d", "comic-shanns-greek.woff2"),
    ("Cascadia", "CascadiaCode-Regular", "cascadia-code.woff2"),
    ("Assistant", "Assistant-Regular", "assistant.woff2"),
]


def find(folder, prefix):
    names = [n for n in os.listdir(os.path.join(NPM, folder)) if n.startswith(prefix)]
    if len(names) != 1:
        sys.exit(f"{folder}/{prefix}*: expected one file, found {names}")
    return os.path.join(NPM, folder, names[0])


def liberation(dest):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "fonts-liberation2=2.1.5-1"], cwd=tmp, check=True)
        deb = [n for n in os.listdir(tmp) if n.endswith(".deb")][0]
        subprocess.run(["dpkg-deb", "-x", deb, "x"], cwd=tmp, check=True)
        src = os.path.join(tmp, "x/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")
        shutil.copyfile(src, dest)


def noto_emoji(dest):
    """Noto Emoji (monochrome outlines, OFL) as fontsource publishes it on npm: its one file
    with every emoji."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", "--silent", "@fontsource/noto-emoji@5.3.2"],
            cwd=tmp, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        subprocess.run(["tar", "xzf", "fontsource-noto-emoji-5.3.2.tgz"], cwd=tmp, check=True)
        src = os.path.join(tmp, "package/files/noto-emoji-emoji-400-normal.woff2")
        shutil.copyfile(src, dest)


def main():
    if not os.path.isdir(NPM):
        sys.exit(f"{NPM} is missing: run `npm ci` in scripts/excalidraw-refs first")
    os.makedirs(OUT, exist_ok=True)
    for folder, prefix, name in EXCALIDRAW:
        shutil.copyfile(find(folder, prefix), os.path.join(OUT, name))
    liberation(os.path.join(OUT, "liberation-sans.ttf"))
    noto_emoji(os.path.join(OUT, "noto-emoji.woff2"))
    for name in sorted(os.listdir(OUT)):
        if name.endswith((".woff2", ".ttf")):
            data = open(os.path.join(OUT, name), "rb").read()
            print(f"{name:34} {len(data):8} {hashlib.sha256(data).hexdigest()[:16]}")


main()


def licences():
    """Each font's copyright and licence, as its own name table states them."""
    from fontTools.ttLib import TTFont

    lines = ["# Copyright and licence of each bundled font, from its own name table", ""]
    for name in sorted(os.listdir(OUT)):
        if not name.endswith((".woff2", ".ttf")):
            continue
        names = TTFont(os.path.join(OUT, name))["name"]
        lines.append(f"## {name}: {names.getDebugName(4)} {names.getDebugName(5)}")
        lines.append("")
        for nid in (0, 13, 14):
            text = names.getDebugName(nid)
            if text:
                lines.append(text.strip())
                lines.append("")
    with open(os.path.join(OUT, "LICENSES.md"), "w") as f:
        f.write("\n".join(lines))


licences()
