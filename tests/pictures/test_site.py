"""``jmap report --format html -o SITE``: the index, one page per map, relative links, nothing fetched."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jmap.cli import app
from jmap.errors import ExportError
from jmap.pictures.site import map_page, write_site
from jmap.report import build_portfolio
from tests.conftest import TODAY, run_jmap, write
from tests.test_report import options, portfolio_folder

runner = CliRunner()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value is not None:
                self.links.append(value)
            if name in ("src", "srcset") or (tag == "link" and name == "href"):
                self.loads.append(str(value))


def _links(path: Path) -> _Links:
    parsed = _Links()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    portfolio_folder(tmp_path)
    portfolio = build_portfolio([Path("PORTFOLIO")], options(), page=map_page)
    out = tmp_path / "site"
    written = write_site(portfolio, out)
    assert [p.relative_to(out).as_posix() for p in written.pages] == [
        "index.html", "maps/enterprise-post-sale.html", "maps/smb.html",
    ]  # fmt: skip
    return out


def test_index_lists_every_map_with_review_status_and_links_to_its_page(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Journey map portfolio</title>" in index
    assert "3 maps, 1 unreadable, 1 overdue for review, 3 open opportunities (as of 2026-11-25)" in index
    assert '<a href="maps/enterprise-post-sale.html">Enterprise post-sale journey</a>' in index
    assert '<a href="maps/smb.html">SMB onboarding</a>' in index
    assert '<span class="overdue">⚠ overdue by 85 days</span>' in index
    assert "due in 81 days" in index
    assert "<h2>Unreadable maps</h2>" in index and "PORTFOLIO/broken.yaml:2:8: JM001 invalid YAML" in index
    assert "<h2>Owners</h2>" in index and '<th scope="row">Sales Ops</th>' in index


def test_opportunities_are_ranked_as_the_report_ranks_them(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    fixes = re.findall(r"<li><strong>(.*?)</strong>", index)
    assert fixes == [
        "Send the renewal quote 90 days ahead",
        "Carry the deal notes into the kickoff brief",
        "Cut the wizard to three steps",
    ]


def test_every_link_is_relative_and_resolves_and_nothing_is_loaded(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 3
    for page in pages:
        parsed = _links(page)
        assert parsed.loads == []
        for link in parsed.links:
            assert not re.match(r"^[a-z]+:|^/", link), link
            target, _, anchor = link.partition("#")
            assert (page.parent / target).resolve().is_file(), (page, link)
            if anchor:
                assert f'id="{anchor}"' in (page.parent / target).read_text(encoding="utf-8"), link
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text and "<script" not in text


def test_map_page_is_the_picture_with_a_way_back(site: Path) -> None:
    page = (site / "maps" / "smb.html").read_text(encoding="utf-8")
    assert '<nav class="nav"><a href="../index.html">← All journey maps</a></nav>' in page
    assert "<h1>SMB onboarding</h1>" in page
    assert "Review overdue by 85 days" in page


def test_a_second_run_removes_pages_of_maps_that_are_gone(site: Path, tmp_path: Path) -> None:
    (tmp_path / "PORTFOLIO" / "smb.yaml").unlink()
    (site / "maps" / "notes.txt").write_text("mine", encoding="utf-8")
    write_site(build_portfolio([Path("PORTFOLIO")], options(), page=map_page), site)
    assert sorted(p.name for p in (site / "maps").iterdir()) == ["enterprise-post-sale.html", "notes.txt"]


def test_two_maps_with_one_id_get_two_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "jmap: 1\nid: same\ntitle: T\nstages:\n  - id: s\n    name: S\n"
    write(tmp_path, "a/one.yaml", text)
    write(tmp_path, "b/one.yaml", text)
    written = write_site(build_portfolio([Path(".")], options(), page=map_page), tmp_path / "out")
    assert sorted(p.name for p in written.pages) == ["index.html", "same-2.html", "same.html"]


def test_site_folder_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    portfolio_folder(tmp_path)
    portfolio = build_portfolio([Path("PORTFOLIO")], options(), page=map_page)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="file: is a file; name a folder for the site"):
        write_site(portfolio, tmp_path / "file")
    with pytest.raises(ExportError, match=r"the folder .*missing does not exist"):
        write_site(portfolio, tmp_path / "missing" / "site")


def test_cli_writes_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    portfolio_folder(tmp_path)
    res = runner.invoke(app, ["report", "PORTFOLIO", "--format", "html", "-o", "site", "--today", TODAY, "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "jmap: wrote site/index.html and 2 map pages" in res.output
    assert "PORTFOLIO/broken.yaml:2:8: JM001" in res.output
    assert (tmp_path / "site" / "maps" / "smb.html").is_file()


def test_cli_option_errors(tmp_path: Path) -> None:
    folder = portfolio_folder(tmp_path)
    proc = run_jmap("report", str(folder), "--format", "html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == "jmap: error: --format html writes a site: name its folder with -o SITE\n"
    proc = run_jmap("report", str(folder), "-f", "html", "-o", "site", "--today", TODAY, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_opportunities_link_to_their_touchpoint(site: Path) -> None:
    links = [link for link in _links(site / "index.html").links if "#" in link]
    assert links == [
        "maps/enterprise-post-sale.html#tp-renewal-call",
        "maps/enterprise-post-sale.html#tp-kickoff-call",
        "maps/smb.html#tp-setup-wizard",
    ]


def _site_of(tmp_path: Path, maps: dict[str, str], out: Path, roots: list[Path] | None = None) -> object:
    folder = tmp_path / "maps"
    for name, map_id in maps.items():
        write(folder, name, f"jmap: 1\nid: {map_id}\ntitle: T\nstages:\n  - id: s\n    name: S\n")
    return write_site(build_portfolio([folder], options(), page=map_page), out, roots or [folder])


def test_the_users_own_pages_are_kept_and_only_what_jmap_wrote_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "maps").mkdir(parents=True)
    (out / "maps" / "mine.html").write_text("my page", encoding="utf-8")
    _site_of(tmp_path, {"a.yaml": "alpha", "b.yaml": "beta"}, out)
    assert sorted(p.name for p in (out / "maps").iterdir()) == ["alpha.html", "beta.html", "mine.html"]
    assert json.loads((out / ".jmap-site.json").read_text(encoding="utf-8")) == {
        "jmap-site": 1,
        "files": ["index.html", "maps/alpha.html", "maps/beta.html"],
    }
    (tmp_path / "maps" / "b.yaml").unlink()
    _site_of(tmp_path, {}, out)
    assert sorted(p.name for p in (out / "maps").iterdir()) == ["alpha.html", "mine.html"]
    assert (out / "maps" / "mine.html").read_text(encoding="utf-8") == "my page"


def test_a_symlinked_maps_folder_is_refused_and_nothing_outside_is_touched(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.html").write_text("keep", encoding="utf-8")
    out = tmp_path / "site"
    out.mkdir()
    (out / "maps").symlink_to(outside)
    with pytest.raises(ExportError) as info:
        _site_of(tmp_path, {"a.yaml": "alpha"}, out)
    assert str(info.value) == (
        f"{out}/maps: is a symbolic link (to {outside}); jmap writes and removes site pages only inside {out}"
    )
    assert [p.name for p in outside.iterdir()] == ["keep.html"]
    assert sorted(p.name for p in out.iterdir()) == ["maps"]


def test_a_failed_write_leaves_the_old_site_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jmap.pictures.site as site_module

    out = tmp_path / "site"
    _site_of(tmp_path, {"a.yaml": "alpha"}, out)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = site_module._stage
    calls = []

    def full_disk(dest: Path, data: bytes) -> Path:
        calls.append(dest.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(dest, data)

    monkeypatch.setattr(site_module, "_stage", full_disk)
    with pytest.raises(ExportError, match="cannot write the site \\(No space left on device\\); the old site is"):
        _site_of(tmp_path, {"a.yaml": "alpha", "b.yaml": "beta"}, out)
    after = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_page_names_are_never_reserved_on_windows_and_long_ids_stay_legal(tmp_path: Path) -> None:
    out = tmp_path / "site"
    long_id = "a" * 240
    site = _site_of(tmp_path, {"1.yaml": "con", "2.yaml": "nul", "3.yaml": "com1", "4.yaml": long_id}, out)
    names = sorted(p.name for p in (out / "maps").iterdir())
    assert names == sorted(["con-map.html", "nul-map.html", "com1-map.html", "a" * 200 + ".html"])
    assert all(len(n.encode()) <= 255 for n in names)
    assert len(site.pages) == 5  # type: ignore[attr-defined]


def test_the_index_names_maps_relative_to_the_folder_reported_on(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _site_of(tmp_path, {"sub/a.yaml": "alpha"}, out)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "alpha · sub/a.yaml</span>" in index
    assert str(tmp_path) not in index


def test_the_wrote_line_counts_pages_and_shows_the_path_visibly(tmp_path: Path) -> None:
    write(tmp_path, "maps/a.yaml", "jmap: 1\nid: alpha\ntitle: T\nstages:\n  - id: s\n    name: S\n")
    res = run_jmap("report", "maps", "-f", "html", "-o", "x\n##[e]\u202e", "--today", TODAY, cwd=tmp_path)
    assert (res.returncode, res.stdout) == (0, "")
    assert res.stderr == "jmap: wrote x\\n#<U+0023>[e]<U+202E>/index.html and 1 map page\n"
