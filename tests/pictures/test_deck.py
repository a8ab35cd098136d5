"""The drawn deck: native shapes and text, 16:9, and what LibreOffice Impress prints of it (sizes, names, pages)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from jmap.loader import load_map
from jmap.model import JourneyMap
from jmap.pictures.deck import write_deck
from jmap.pictures.deck_plan import plan
from jmap.pictures.options import PictureOptions
from tests.conftest import run_jmap
from tests.formats.xlsx.helpers import needs_soffice, soffice_convert
from tests.history.gitrepo import ONBOARDING, Repo, changed_onboarding, needs_git
from tests.pictures.maps import EXAMPLES, hostile_map, model, wide_map

OPTIONS = PictureOptions(today=date(2026, 11, 25))
ENTERPRISE = next(p for p in EXAMPLES if p.stem == "enterprise-post-sale")


def _maps() -> dict[str, JourneyMap]:
    out = {p.stem: load_map(p).model for p in EXAMPLES}
    out["wide-60"] = model(wide_map(60))
    return out


def _runs(path: Path) -> list[tuple[int, str, float]]:
    """(slide number, text, size in pt) of every run of text in the deck, tables included."""
    out: list[tuple[int, str, float]] = []
    for n, slide in enumerate(Presentation(str(path)).slides, 1):
        frames = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
        for frame in frames:
            for p in frame.paragraphs:
                for r in p.runs:
                    assert r.font.size is not None
                    out.append((n, r.text, r.font.size.pt))
    return out


def test_the_deck_is_16_9_native_and_editable(tmp_path: Path) -> None:
    m = load_map(ENTERPRISE).model
    out = tmp_path / "deck.pptx"
    write_deck(m, out, OPTIONS)
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (Pt(960), Pt(540))
    assert len(prs.slides) == len(plan(m, OPTIONS).slides)
    kinds = {shape.shape_type for slide in prs.slides for shape in slide.shapes}
    assert MSO_SHAPE_TYPE.PICTURE not in kinds
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/media/")]
    overview = prs.slides[1]
    lines = [s for s in overview.shapes if s.shape_type == MSO_SHAPE_TYPE.LINE]
    assert len(lines) == 5 + 21  # the scale's five levels and the curve between 22 points
    runs = _runs(out)
    assert min(size for *_, size in runs) == 12
    text = "\n".join(t for _, t, _ in runs)
    for *_, t in m.touchpoints():
        assert f". {t.name}" in text


@pytest.mark.parametrize("name", ["hostile"])
def test_hostile_text_is_written_as_text(tmp_path: Path, name: str) -> None:
    out = tmp_path / "deck.pptx"
    write_deck(model(hostile_map()), out, OPTIONS)
    text = "\n".join(t for _, t, _ in _runs(out))
    assert '<script>alert("x")</script>' in text
    assert "\x07" not in text


def test_export_writes_a_deck_and_says_what_it_holds(tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    source = ENTERPRISE
    r = run_jmap("export", str(source), "-o", str(out), "--today", "2026-11-25")
    assert r.returncode == 0, r.stderr
    assert r.stderr == f"wrote {out} (pptx, 5 stages, 22 touchpoints)\n"
    assert out.read_bytes()[:2] == b"PK"
    r = run_jmap("export", str(source), "-o", str(out), "--scale", "2")
    assert r.returncode == 2
    assert "--scale is for PNG only" in r.stderr
    r = run_jmap("export", str(source), "-o", str(tmp_path / "r.pptx"), "--stage", "renewal", "--theme", "dark")
    assert r.returncode == 0, r.stderr
    names = {t for _, t, _ in _runs(tmp_path / "r.pptx")}
    assert "16. Renewal quote" in names
    assert "2. Kickoff call" not in names


def test_a_ranked_deck_follows_the_configured_priority(tmp_path: Path) -> None:
    (tmp_path / "jmap.toml").write_text('[priority]\nformula = "effort"\n', encoding="utf-8")
    out = tmp_path / "deck.pptx"
    r = run_jmap("export", str(ENTERPRISE), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    runs = _runs(out)
    assert "priority = effort" in {t for _, t, _ in runs}


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), html.unescape(w)) for a, b, c, d, w in WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_libreoffice_shows_every_touchpoint_at_12_pt_or_more_inside_the_slides(tmp_path: Path) -> None:
    maps = _maps()
    decks = []
    for name, m in maps.items():
        deck = tmp_path / f"{name}.pptx"
        write_deck(m, deck, OPTIONS)
        decks.append(deck)
    pdfs = soffice_convert(decks, "pdf", tmp_path / "pdf")
    for (name, m), pdf in zip(maps.items(), pdfs, strict=True):
        pages = _pages(pdf)
        assert len(pages) == len(plan(m, OPTIONS).slides), name
        # The title's first word is set at 36 pt: poppler's word box height per point of font size.
        first = next(w for w in pages[0] if w[4] == m.title.split()[0])
        per_pt = (first[3] - first[1]) / 36
        sizes = [(y1 - y0) / per_pt for page in pages for _, y0, _, y1, _ in page]
        assert min(sizes) >= 11.9, name
        for page in pages:
            for x0, y0, x1, y1, w in page:
                assert x0 >= 0 and x1 <= 960.5 and y0 >= 0 and y1 <= 540, (name, w)
        words = [w for page in pages for *_, w in page]
        text = " ".join(words)
        missing = [t.name for *_, t in m.touchpoints() if " ".join(t.name.split()) not in text]
        assert missing == [], name


@needs_git
def test_since_adds_what_changed_after_the_overview(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    source = repo.write("map.yaml", ONBOARDING)
    commit = repo.commit("first")
    repo.write("map.yaml", changed_onboarding(ONBOARDING))
    out = tmp_path / "deck.pptx"
    r = run_jmap("export", str(source), "-o", str(out), "--since", "HEAD", "--today", "2026-11-25", cwd=repo.root)
    assert r.returncode == 0, r.stderr
    prs = Presentation(str(out))
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in prs.slides]
    assert texts[2][0] == "What changed since HEAD"
    assert texts[2][1].startswith(f"commit {commit[:12]} of 2026-09-01; ")
    listed = texts[2][2].split("\n")
    assert listed == [
        "• Review last reviewed: 2026-08-01 → 2026-11-20",
        "• Review every: quarterly → 6 months",
        "• Touchpoint 'Kickoff call' thoughts: Long → Better",
        "• Touchpoint 'Kickoff call' emotion: -2 → 1",
        "• Pain point 'Deal notes are lost at the handoff' of touchpoint 'Kickoff call' opportunity status: "
        "in-progress → shipped",
        "• Touchpoint 'Welcome email' moved: onboarding → adoption",
        "• Touchpoint 'Review call' owner: CSM → Support",
        "• Touchpoint 'Review call' emotion: 0 → -1",
        "• Added pain point 'Nobody explains the usage report' of touchpoint 'Review call'",
    ]


@needs_git
def test_since_is_for_the_deck_and_needs_a_known_revision(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    source = repo.write("map.yaml", ONBOARDING)
    repo.commit("first")
    r = run_jmap("export", str(source), "-o", str(tmp_path / "m.svg"), "--since", "HEAD", cwd=repo.root)
    assert (r.returncode, r.stderr) == (2, "jmap: error: --since is for the deck (pptx), not svg\n")
    r = run_jmap("export", str(source), "-o", str(tmp_path / "d.pptx"), "--since", "nope", cwd=repo.root)
    assert (r.returncode, r.stderr) == (2, f"jmap: error: unknown revision 'nope' in {repo.root.resolve()}\n")
    assert not (tmp_path / "d.pptx").exists()
