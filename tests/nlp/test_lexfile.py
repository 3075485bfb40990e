"""nlp.lexfile: every word list of nlp/lexicon loads as a mapping, once per process."""

from __future__ import annotations

from importlib import resources

from nlp import lexfile


def test_every_lexicon_file_loads_as_a_mapping_and_is_read_once() -> None:
    names = sorted(p.name for p in resources.files("nlp").joinpath("lexicon").iterdir() if p.name.endswith(".yaml"))
    assert {"fivew1h.yaml", "tools.yaml", "verdicts.yaml"} <= set(names)
    for name in names:
        data = lexfile.load(name)
        assert isinstance(data, dict) and data, name
        assert lexfile.load(name) is data  # cached: the same object
