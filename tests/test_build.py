"""The strict build works, fails loudly on a broken link, and the zip is right."""
import re
import zipfile

import pytest

from support.helpers import build_copy, copy_project


def test_offline_zip_has_neutral_name_and_index_at_root(zip_path):
    assert zip_path.is_file(), f"no offline zip at {zip_path}"
    assert not re.search(r"abuse|violence|escape|danger|leav", zip_path.name)
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
    assert "index.html" in names
    assert "search/search_index.js" in names, "offline search index missing"
    # No server shows a 404 page from a folder on a device; opened by hand it was broken.
    assert "404.html" not in names
    assert not any(n.startswith("site/") for n in names)


def test_public_site_offers_the_zip(site_dir, zip_path):
    assert (site_dir / zip_path.name).read_bytes() == zip_path.read_bytes()
    html = (site_dir / "download.html").read_text(encoding="utf-8")
    assert f'href="{zip_path.name}"' in html


@pytest.mark.parametrize("link, named", [
    ("no-such-page.md", "no-such-page.md"),
    ("../index.md#no-such-anchor", "no-such-anchor"),
])
@pytest.mark.slow
def test_broken_link_or_anchor_fails_the_build(tmp_path, link, named):
    project = copy_project(tmp_path)
    page = project / "docs" / "boundaries" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n[gone]({link})\n", encoding="utf-8")
    result = build_copy(project)
    assert result.returncode != 0
    assert named in result.stderr


@pytest.mark.slow
def test_page_without_review_date_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    page = project / "docs" / "self-respect" / "index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^reviewed:.*\n", "", text, count=1), encoding="utf-8")
    result = build_copy(project)
    assert result.returncode != 0
    assert "docs/self-respect/index.md" in result.stderr and "reviewed" in result.stderr
