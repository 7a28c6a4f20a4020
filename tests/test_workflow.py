"""The publishing workflow passes zizmor (offline, pedantic, schema-checked),
pins every action to a full commit SHA, and keeps each job's token narrow."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--persona=pedantic", "--strict-collection", "--no-config",
         "--no-progress", "--color=never", str(folder)],
        capture_output=True, text=True)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_action(tmp_path):
    bad = tmp_path / ".github" / "workflows"
    bad.mkdir(parents=True)
    text = re.sub(r"(actions/checkout)@[0-9a-f]{40}", r"\1@v6", PUBLISH.read_text(encoding="utf-8"))
    (bad / "publish.yml").write_text(text, encoding="utf-8")
    result = zizmor(bad)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        found = USES.findall(path.read_text(encoding="utf-8"))
        assert found, f"{path.name}: no actions found"
        for ref, rest in found:
            assert PINNED.match(ref), f"{path.name}: {ref} is not pinned to a 40-character SHA"
            assert re.match(r"\s+#\s*v\d+\.\d+\.\d+\s*$", rest), f"{path.name}: {ref} needs a # vX.Y.Z comment"


def test_tokens_are_narrow():
    flow = load(PUBLISH)
    assert flow["permissions"] == {}
    wanted = {
        "address": {"pages": "read"},
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    assert {name: job.get("permissions") for name, job in flow["jobs"].items()} == wanted


def test_publishes_what_the_tests_passed():
    flow = load(PUBLISH)
    assert flow["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in flow["on"]
    assert flow["concurrency"]["group"] == "pages"
    steps = flow["jobs"]["build"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    # One build with the real address; the tests run on that build, before upload.
    assert runs.count("scripts/build") == 1 and "scripts/test" not in runs
    assert runs.index("scripts/build") < runs.index("scripts/test --site-dir site")
    build = steps[runs.index("scripts/build")]
    assert build["env"]["SITE_URL"] == "${{ needs.address.outputs.base_url }}"
    assert flow["jobs"]["address"]["outputs"]["base_url"] == "${{ steps.pages.outputs.base_url }}"
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert flow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_installs_every_test_engine_before_testing():
    """Chromium, Firefox and WebKitGTK with Xvfb: scripts/test stops without
    them, and on the runner it is not root, so it cannot install them."""
    steps = load(PUBLISH)["jobs"]["build"]["steps"]
    runs = [s.get("run", "").strip() for s in steps]
    before = "\n".join(runs[:runs.index("scripts/test --site-dir site")])
    for name in ("CHROMIUM", "FIREFOX", "MINIBROWSER", "WEBKIT_WEBDRIVER"):
        assert re.search(rf'echo "{name}=\S+" >> "\$GITHUB_ENV"', before), f"{name} is not set for the tests"
    assert re.search(r"sudo .*apt-get install .*\bwebkit2gtk-driver\b.*\bxvfb\b", before), \
        "webkit2gtk-driver and xvfb are not installed"
