"""Tests for check_brief.py: run with
python3 -m unittest discover -s tools -p 'test_*.py'   (from the repository root)
"""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
sys.path.insert(0, str(TOOLS))

import check_brief  # noqa: E402
from check_brief import check, slugify  # noqa: E402

SCRIPT = TOOLS / "check_brief.py"

CLEAN_README = """\
# A brief

See [how we count](docs/method.md#how-we-count), the [summary](#résumé-français),
a [custom anchor](docs/method.md#custom-anchor) and [the annex](docs/annex.md).

Claims [1], more [1, 2], a range [1–2], a hyphen range [1-2], a part [2a] and [2a, 1].
A link [7](#a-brief) is not a citation. Round 1 is Q1–Q2; Q3 is in the method.

- **Q1.** Which problem first?
- **Q2.** Who owns it?

| question | answer |
| --- | :-: |
| Q1 | `a|b` inside code |
| escaped \\| pipe | two |

```text
[99] Q99 [broken](nowhere.md)
# not a heading
| not | a table
```

Inline code is ignored: `[98] Q98 [x](missing.md)`.

[9]: docs/annex.md

## Résumé (français)

Le texte.

## References

1. First source, [online](https://example.org/a).
2. Second source: (a) one part; (b) another.
"""

CLEAN_METHOD = """\
# Method

## How we count

<a id="custom-anchor"></a>

- **Q3.** How is success counted?

Back to [the brief](../README.md#a-brief) and [round 1](../README.md).
"""

CLEAN_ANNEX = """\
# Annex

Nothing cited here, and no References section: that is fine. See Q1.
"""


def clean_files():
    return {
        "README.md": CLEAN_README,
        "docs/method.md": CLEAN_METHOD,
        "docs/annex.md": CLEAN_ANNEX,
    }


class BriefTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.root = Path(self._tmp.name)

    def write(self, files):
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return self.root

    def with_change(self, name, old, new):
        """The clean fixture with one replacement in one file."""
        files = clean_files()
        self.assertIn(old, files[name])
        files[name] = files[name].replace(old, new, 1)
        return self.write(files)

    def assertOnlyRule(self, rule, failures, count=None):
        self.assertTrue(failures, "expected failures, got none")
        self.assertEqual({f.rule for f in failures}, {rule},
                         "\n".join(map(str, failures)))
        if count is not None:
            self.assertEqual(len(failures), count, "\n".join(map(str, failures)))


class CleanFixture(BriefTestCase):
    def test_clean_fixture_passes(self):
        failures = check(self.write(clean_files()))
        self.assertEqual(failures, [], "\n".join(map(str, failures)))


class Slugs(BriefTestCase):
    def test_accented_heading(self):
        self.assertEqual(slugify("Résumé (français)"), "résumé-français")

    def test_punctuation_and_links(self):
        self.assertEqual(slugify("Round 1: whether to go on, and with which option"),
                         "round-1-whether-to-go-on-and-with-which-option")
        self.assertEqual(slugify("See [the law](https://x.org/a_b) now ##"), "see-the-law-now")

    def test_duplicate_headings_get_suffixes(self):
        files = clean_files()
        files["docs/method.md"] += "\n## Notes\n\n## Notes\n\n[second](#notes-1)\n"
        self.assertEqual(check(self.write(files)), [])


class Links(BriefTestCase):
    def test_link_to_missing_file(self):
        root = self.with_change("README.md", "[the annex](docs/annex.md)",
                                "[the annex](docs/missing.md)")
        failures = check(root)
        self.assertOnlyRule("links", failures, count=1)
        self.assertEqual((failures[0].file, failures[0].line), ("README.md", 4))

    def test_link_to_missing_anchor(self):
        root = self.with_change("README.md", "docs/method.md#how-we-count",
                                "docs/method.md#how-we-measure")
        failures = check(root)
        self.assertOnlyRule("links", failures, count=1)
        self.assertIn("how-we-measure", failures[0].detail)

    def test_same_file_missing_anchor(self):
        root = self.with_change("docs/method.md", "Back to", "See [below](#nowhere). Back to")
        self.assertOnlyRule("links", check(root), count=1)

    def test_url_encoded_link_and_fragment(self):
        root = self.with_change("README.md", "(#résumé-français)",
                                "(README.md#r%C3%A9sum%C3%A9-fran%C3%A7ais)")
        self.assertEqual(check(root), [])


class Citations(BriefTestCase):
    def test_citation_without_reference(self):
        root = self.with_change("README.md", "Claims [1]", "Claims [1, 3]")
        failures = check(root)
        self.assertOnlyRule("citations", failures, count=1)
        self.assertIn("[3]", failures[0].detail)

    def test_unused_reference(self):
        root = self.with_change("README.md", "2. Second source", "2. Second source.\n3. Third")
        failures = check(root)
        self.assertOnlyRule("citations", failures, count=1)
        self.assertIn("unused reference 3", failures[0].detail)

    def test_citations_without_references_section(self):
        root = self.with_change("docs/annex.md", "Nothing cited here", "Cited [4] here")
        self.assertOnlyRule("citations", check(root), count=1)


class Questions(BriefTestCase):
    def test_question_defined_twice_in_two_files(self):
        root = self.with_change("docs/method.md", "- **Q3.**", "- **Q1.** Again?\n- **Q3.**")
        failures = check(root)
        self.assertOnlyRule("questions", failures, count=2)
        self.assertEqual({f.file for f in failures}, {"README.md", "docs/method.md"})

    def test_question_referred_to_but_never_defined(self):
        root = self.with_change("docs/annex.md", "See Q1.", "See Q1 and Q7.")
        failures = check(root)
        self.assertOnlyRule("questions", failures, count=1)
        self.assertIn("Q7", failures[0].detail)

    def test_range_covers_every_question_in_it(self):
        root = self.with_change("docs/annex.md", "See Q1.", "See Q1–Q5.")
        failures = check(root)
        self.assertOnlyRule("questions", failures, count=2)  # Q4 and Q5
        self.assertEqual(sorted(f.detail[:2] for f in failures), ["Q4", "Q5"])

    def test_q_inside_a_word_is_not_a_question(self):
        root = self.with_change("docs/annex.md", "See Q1.", "See Q1, FAQ7 and Q8x.")
        self.assertEqual(check(root), [])


class Headings(BriefTestCase):
    def test_two_level_one_headings(self):
        root = self.with_change("docs/annex.md", "See Q1.", "See Q1.\n\n# Another title\n")
        failures = check(root)
        self.assertOnlyRule("h1", failures, count=1)
        self.assertEqual((failures[0].file, failures[0].line), ("docs/annex.md", 5))


class Tables(BriefTestCase):
    def test_row_with_wrong_cell_count(self):
        root = self.with_change("README.md", "| escaped \\| pipe | two |",
                                "| escaped \\| pipe | two | three |")
        failures = check(root)
        self.assertOnlyRule("tables", failures, count=1)
        self.assertEqual(failures[0].line, 15)

    def test_table_without_separator_row(self):
        root = self.with_change("docs/annex.md", "See Q1.",
                                "See Q1.\n\n| a | b |\n| c | d |\n")
        self.assertOnlyRule("tables", check(root), count=1)


class CommandLine(BriefTestCase):
    def run_script(self, root):
        return subprocess.run([sys.executable, str(SCRIPT), str(root)],
                              capture_output=True, text=True, encoding="utf-8")

    def test_exit_codes(self):
        clean = self.write(clean_files())
        result = self.run_script(clean)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.strip(), "OK: 3 files checked")

        (clean / "docs" / "annex.md").write_text(
            CLEAN_ANNEX + "\n[gone](nowhere.md)\n", encoding="utf-8")
        result = self.run_script(clean)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("FAIL docs/annex.md:5 links:", result.stdout)


if __name__ == "__main__":
    unittest.main()
