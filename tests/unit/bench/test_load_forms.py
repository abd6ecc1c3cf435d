"""The load benchmark reads each page's form the way a browser would send it back.

If it misread a page (a field missed, a token mangled), the benchmark would measure re-shown
forms instead of submissions, so its reader is checked on the kinds of control the app writes.
"""
import importlib.util
import sys
from pathlib import Path

import pytest

LOAD = Path(__file__).resolve().parents[3] / "bench" / "load.py"


@pytest.fixture(scope="module")
def load():
    spec = importlib.util.spec_from_file_location("bench_load", LOAD)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("bench_load", None)


PAGE = """
<form method="get" action="/search"><input name="q" type="search"></form>
<form method="post" action="/auth/logout"><input type="hidden" name="csrf_token" value="t1">
  <button type="submit">Log out</button></form>
<FORM METHOD="POST" action="/training/r/abc/2" novalidate>
  <input id="csrf_token" name="csrf_token" type="hidden" value="Ij&amp;k.x-y_z">
  <input type=hidden name='version_id' value=3>
  <fieldset><legend>How useful?</legend>
    <input type="radio" name="q_1" id="q_1-0" value="1" required>
    <input type="radio" name="q_1" id="q_1-1" value="2" checked>
  </fieldset>
  <input type="checkbox" name="q_2" value="noise"><input type="checkbox" name="q_2" value="signs">
  <input type="checkbox" name="q_3">
  <select name="q_4"><option value="">Choose a room</option><option value="a&gt;b">A</option>
  </select>
  <option value="stray">not in a select</option>
  <textarea name="q_5" rows="5">I typed &lt;input name="fake"&gt; here</textarea>
  <input type="email" name="q_6" autocomplete="email">
  <input type="text" value="no name">
  <button type="submit" name="action" value="next">Continue</button>
  <button type="submit" name="action" value="back" formnovalidate>Back</button>
</FORM>
"""


def test_reads_every_control_of_the_pages_own_form(load):
    form = load.page_form(PAGE)

    assert form.hidden == {"csrf_token": "Ij&k.x-y_z", "version_id": "3"}
    assert form.fields == {
        "q_1": {"type": "radio", "values": ["1", "2"]},
        "q_2": {"type": "checkbox", "values": ["noise", "signs"]},
        "q_3": {"type": "checkbox", "values": ["on"]},
        "q_4": {"type": "select", "values": ["", "a>b"]},
        "q_5": {"type": "textarea", "values": []},
        "q_6": {"type": "email", "values": []},
    }
    assert form.buttons == [("action", "next"), ("action", "back")]


def test_only_post_forms_are_read(load):
    forms = load.read_forms(PAGE)

    assert len(forms) == 2
    assert all("q" not in form.fields for form in forms)


def test_a_page_without_the_form_is_an_error_not_a_guess(load):
    with pytest.raises(load.JourneyError):
        load.page_form('<form method="post"><input name="q_1"></form>')
