"""Inclusive language: alex (npm, pinned in package-lock.json) finds nothing to
reconsider in the text readers see, taken from the built pages as in
test_page_rules.py (no navigation, code or permalinks), except what the
reviewed allow-list below permits.

Profanity: only words alex is sure are profane are reported (profanitySureness
2). Its lower levels flag the plain words this subject needs: abuse, violence,
sexual, crime, fear, killed, gay, lesbian, bisexual.
"""
import json
import subprocess

import pytest

from support.helpers import article_text
from support.tools import ROOT, node_file

ALEX_CONFIG = {"profanitySureness": 2}

# Reviewed allow-list: (alex rule, the words it may flag, pages it may flag them
# on: path prefixes, or None for every page, why the word is right here).
# Anything else alex flags fails the test: change the wording, or add an entry
# here with its reason after review.
ALLOW = [
    ("gals-man", {"women", "men", "man"}, None,
     "Studies report findings by sex, the site examines articles written for women about men and their "
     "'real man' talk, and some helplines serve men."),
    ("gal-guy", {"woman", "man"}, None,
     "Same reason: research findings, and the articles' assumption that every reader is a woman dating a man."),
    ("gals-man", {"boys"}, ("editorial/",),
     "How boys are taught to hide feelings is the research the stereotypes page explains; a guideline title."),
    ("he-she", {"he"}, ("editorial/", "abuse/coercive-control.html"),
     "Quotes the articles' claims about 'him', a paper title ('He loves me...'), and one named researcher."),
    ("her-him", {"her", "him", "his"}, ("editorial/", "index.html", "abuse/abuse-happens-to-everyone.html"),
     "Quotes or describes the articles' claims, which are about making 'him' chase you."),
    ("manhood-womanhood", {"manhood", "womanhood", "masculinity"}, ("editorial/",),
     "'Precarious manhood' is the research idea the stereotypes page explains; a journal title."),
    ("husband-wife", {"husband"}, ("abuse/leaving-safely.html", "editorial/"),
     "Reports studies of killings by husbands: the data are about husbands."),
    ("husbands-wives", {"husbands"}, ("editorial/",), "Says whom one article writes for."),
    ("boyfriends-girlfriends", {"boyfriends"}, ("editorial/",), "Says whom one article writes for."),
    ("brother-sister", {"sister"}, ("boundaries/how-to-set-a-boundary.html",),
     "An example sentence about one particular person."),
    ("mankind", {"mankind"}, ("help/helplines.html", "abuse/men.html"), "The name of a helpline (ManKind Initiative)."),
    ("invalid", {"disabled"}, None,
     "'Disabled people' is the term UK disabled people's organisations, the ONS and the services cited use "
     "(the social model of disability); it also appears in report titles."),
    ("masters", {"masters"}, ("editorial/",), "An author's surname (Masters NT)."),
    ("dong", {"dong"}, ("editorial/",), "An author's surname (Dong P)."),
    ("nuts", {"mental"}, None, "'Mental health' and 'mental traits' are the plain, standard terms."),
    ("hang", {"hang"}, ("help/index.html",), "'Hang up' a phone call."),
    ("bi", {"bi"}, ("abuse/",), "'Gay, bi or trans' is the wording LGBT+ abuse services use."),
    ("stupid", {"stupid"}, ("abuse/",), "Quotes an abuser's put-downs, as a sign of abuse."),
    ("wacko", {"stupid"}, ("abuse/",), "Same put-down as above (alex reports it twice)."),
    ("just", {"just"}, None,
     "Means 'only' or 'exactly' ('just for you', 'just as serious'), or quotes dismissive speech on "
     "purpose ('Why don't you just leave?', 'I just worry about you')."),
    ("clearly", {"clearly"}, None, "Says how to speak ('say it clearly and kindly'), never 'clearly, X is true'."),
    ("easy", {"easy", "easily"}, ("abuse/helping-a-friend.html", "download.html", "editorial/"),
     "'That can't have been easy' (kind words to a friend), 'easy to read', a paper title, a research idea."),
    ("her-him", {"his"}, ("abuse/danger-signs.html", "abuse/sexual-abuse-and-consent.html"),
     "Reports a study of men who killed a female partner, and court rulings about a husband and his wife."),
    ("husband-wife", {"husband", "wife"}, ("abuse/sexual-abuse-and-consent.html", "editorial/references.html"),
     "The history of the law on rape in marriage: the rulings and acts are about husbands and wives."),
    ("husbands-wives", {"husband's"}, ("editorial/references.html",), "The title of a court ruling."),
    ("king-queen", {"king", "queen"}, ("abuse/law-us.html", "abuse/protection-orders.html",
                                       "abuse/sexual-abuse-and-consent.html", "editorial/references.html"),
     "Proper names: King County (Washington) and the case PGA v The Queen."),
    ("dames-lords", {"lords"}, ("abuse/sexual-abuse-and-consent.html", "editorial/references.html"),
     "The House of Lords, the court that decided R v R."),
    ("tribe", {"tribe"}, ("abuse/law-us.html",), "US law on tribal courts: 'tribe' is the legal term."),
    ("midwife", {"midwife"}, ("abuse/",), "The health worker a pregnant reader sees; the standard name for the job."),
    ("simple", {"simple", "simply"}, ("help/index.html", "editorial/"),
     "'Start with something simple' (reassurance before calling a helpline), 'simple routines'."),
]


def allowed(page: str, message: dict) -> bool:
    word = (message.get("actual") or "").lower()
    return any(message.get("ruleId") == rule and word in words
               and (prefixes is None or page.startswith(prefixes))
               for rule, words, prefixes, _ in ALLOW)


def alex(texts: dict[str, str], workdir) -> dict[str, list[dict]]:
    """Run alex on each page's text. Returns {page: [messages]}."""
    (workdir / ".alexrc").write_text(json.dumps(ALEX_CONFIG))
    files = {}
    for page, text in texts.items():
        path = workdir / (page.replace("/", "__") + ".txt")
        path.write_text(text, encoding="utf-8")
        files[path.name] = page
    result = subprocess.run(
        [str(node_file(".bin/alex")), "--text", "--reporter=json", *(str(workdir / f) for f in sorted(files))],
        cwd=ROOT, capture_output=True, text=True, timeout=300)  # cwd: where the json reporter is found
    try:
        reports = json.loads(result.stderr)
    except ValueError:
        raise AssertionError(f"alex did not run:\n{result.stdout}\n{result.stderr}") from None
    assert len(reports) == len(files), "alex did not read every page"
    return {files[r["path"].rsplit("/", 1)[-1]]: r["messages"] for r in reports}


@pytest.mark.slow
def test_alex_finds_nothing_outside_the_allow_list(site_dir, offline_dir, pages, tmp_path):
    texts = {p: article_text(site_dir / p) for p in pages}
    # The offline copy's text differs only on the download page.
    texts["offline copy: download.html"] = article_text(offline_dir / "download.html")
    problems = []
    for page, messages in sorted(alex(texts, tmp_path).items()):
        lines = texts[page].split("\n")
        for m in messages:
            if not allowed(page.removeprefix("offline copy: "), m):
                line = lines[m["line"] - 1]
                problems.append(f"{page}: {m['reason']} [{m['ruleId']}]\n    ...{line[max(0, m['column'] - 60):m['column'] + 60]}...")
    assert not problems, f"{len(problems)} wordings to reconsider:\n" + "\n".join(problems)


def test_every_allow_list_entry_has_a_reason():
    assert all(len(reason) > 20 and words for _, words, _, reason in ALLOW)
