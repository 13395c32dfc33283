"""Build the bundled font of rtdiagram (dev-only; needs fontTools).

    pip install fonttools fontpkg-inter==4.1.post1
    python tools/build_fonts.py                       # finds Inter[opsz,wght].ttf in fontpkg-inter
    python tools/build_fonts.py path/to/Inter[opsz,wght].ttf

Writes into rtdiagram/render/fonts/:

* ``Inter-Regular.ttf`` and ``Inter-Bold.ttf``: static instances of the Inter 4 variable font
  (wght 400 and 700, opsz 14), subset to Latin-1, dashes, quotes, €, ™, ×, arrows, ✓ ✗, a few geometric
  shapes and maths signs, with kerning only (no ``calt``: it turns ``->`` into an arrow) and no hinting;
* ``inter-metrics.json``: per character advance widths, ASCII kerning pairs and the vertical
  metrics, so that rtdiagram measures text at run time with the standard library only.

Inter is under the SIL Open Font License 1.1 (``OFL.txt`` beside the fonts). The output is
deterministic: the same source font gives byte-identical files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "rtdiagram" / "render" / "fonts"
UNICODES = ("U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,U+02C6,U+02DC,"
            "U+2010-2027,U+2030-203A,U+2044,U+20AC,U+2122,U+2190-21FF,U+2212,U+2215,U+2219,U+221E,"
            "U+2248,U+2260,U+2264-2265,U+2022,U+25CF,U+25B6,U+2713,"
            "U+0394,U+2080-209C,U+2295-2298,U+25A0-25A2,U+25B2-25C7,U+25CB,U+25E6,U+2717")
WEIGHTS = ((400, "Regular", "regular"), (700, "Bold", "bold"))


def source_font() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    from importlib.util import find_spec

    spec = find_spec("fontpkg_inter")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("give the path of Inter[opsz,wght].ttf, or pip install fontpkg-inter==4.1.post1")
    return next(Path(spec.submodule_search_locations[0]).rglob("Inter[[]opsz,wght[]].ttf"))


def build_font(source: Path, weight: int, name: str) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    static = instancer.instantiateVariableFont(TTFont(source), {"wght": weight, "opsz": 14}, updateFontNames=True)
    full = OUT / f"Inter-{name}.full.ttf"
    static.save(full)
    target = OUT / f"Inter-{name}.ttf"
    subset.main([str(full), f"--unicodes={UNICODES}", "--layout-features=kern", "--no-hinting",
                 f"--output-file={target}"])
    full.unlink()
    return target


def metrics(path: Path) -> dict:
    """Advance per character, kerning pairs (GPOS PairPos formats 1 and 2), vertical metrics."""
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    chars: dict[str, list[str]] = {}
    for code, glyph in cmap.items():
        chars.setdefault(glyph, []).append(chr(code))
    kern: dict[str, int] = {}
    gpos = font["GPOS"].table if "GPOS" in font else None
    for index, lookup in enumerate(gpos.LookupList.Lookup if gpos else []):
        if not any(index in r.Feature.LookupListIndex and r.FeatureTag == "kern" for r in gpos.FeatureList.FeatureRecord):
            continue
        for table in lookup.SubTable:
            table = table.ExtSubTable if lookup.LookupType == 9 else table
            if getattr(table, "LookupType", lookup.LookupType) != 2:
                continue
            if table.Format == 1:
                for first, pairs in zip(table.Coverage.glyphs, table.PairSet):
                    for record in pairs.PairValueRecord:
                        value = getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
                        for a in chars.get(first, []):
                            for b in chars.get(record.SecondGlyph, []):
                                kern.setdefault(a + b, value)
                continue
            classes1, classes2 = table.ClassDef1.classDefs, table.ClassDef2.classDefs
            second: dict[int, list[str]] = {}
            for glyph, number in classes2.items():
                second.setdefault(number, []).append(glyph)
            second.setdefault(0, [g for g in chars if g not in classes2])
            for first in table.Coverage.glyphs:
                row = table.Class1Record[classes1.get(first, 0)]
                for number, record in enumerate(row.Class2Record):
                    value = getattr(record.Value1, "XAdvance", 0) if record.Value1 else 0
                    for glyph in second.get(number, []) if value else []:
                        for a in chars.get(first, []):
                            for b in chars.get(glyph, []):
                                kern.setdefault(a + b, value)
    os2 = font["OS/2"]
    return {
        "upem": font["head"].unitsPerEm,
        "ascender": font["hhea"].ascent, "descender": -font["hhea"].descent,
        "cap_height": os2.sCapHeight, "x_height": os2.sxHeight,
        "adv": {chr(code): hmtx[glyph][0] for code, glyph in sorted(cmap.items())},
        # ASCII pairs only: 26 KB instead of 140 KB, and labels are mostly ASCII
        "kern": {pair: value for pair, value in sorted(kern.items()) if value and pair.isascii()},
    }


def main() -> None:
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # fontTools stamps head.modified with it: reproducible
    source = source_font()
    OUT.mkdir(parents=True, exist_ok=True)
    table = {}
    for weight, name, key in WEIGHTS:
        path = build_font(source, weight, name)
        table[key] = metrics(path)
        print(f"{path.name}: {path.stat().st_size} bytes, {len(table[key]['adv'])} characters, "
              f"{len(table[key]['kern'])} kerning pairs")
    target = OUT / "inter-metrics.json"
    target.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                      encoding="utf-8")
    print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
