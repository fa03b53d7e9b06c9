"""Fuzzing with hypothesis: the importer raises nothing but the toolkit's own error on any
text, any bytes and any .docx paragraphs; whatever it reads survives the draft round trip
and the export."""

import io
import json

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.drafts import speech_from_yaml, speech_to_yaml
from toolkit.errors import ToolkitError
from toolkit.exporters.docx_writer import ExportOptions, render_docx
from toolkit.importers import import_speech, parse_speech_text
from toolkit.model import speech_to_contract

PIECES = st.sampled_from(
    [
        "在全县工作会议上的讲话",
        "同志们：",
        "各位代表、同志们：",
        "下面，我讲几点意见。",
        "下面，我讲三点意见：",
        "一要",
        "二要",
        "三要",
        "一是",
        "二是",
        "一、",
        "二、",
        "（一）",
        "（二）",
        "1.",
        "2.",
        "（1）",
        "第一，",
        "第二，",
        "首先，",
        "其次，",
        "最后，",
        "同志们，",
        "谢谢大家！",
        "切实解决问题。",
        "要认真学习。",
        "“一要快、二要准”",
        "统一是",
        "一年来",
        "第一次",
        "妙笔文库整理，咨询QQ415872063",
        "仅供学习 禁止外传",
        "★★★",
        "关注公众号：笔杆子",
        "（2026年9月28日）",
        "县委书记 张三",
        "×县",
        "{{ 县名 }}",
        "{% if x %}",
        "**",
        "# ",
        "> ",
        "- ",
        "---",
        "　　",
        " ",
        "\t",
        "。",
        "，",
        "、",
        "：",
        "（",
        "）",
        "“",
        "”",
        "\ufeff",
        "\u200b",
        "\x00",
        "\x0c",
    ]
)
LINE = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=8).map("".join)
SPEECH_TEXT = st.lists(LINE, max_size=30).map(lambda lines: "\n".join(lines))
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


def check_speech(speech) -> None:
    json.dumps(speech_to_contract(speech), ensure_ascii=False)
    assert speech_from_yaml(speech_to_yaml(speech)) == speech
    try:
        render_docx(speech, options=ExportOptions(allow_placeholders=True))
    except ToolkitError:
        pass  # e.g. too many points for 首先/其次/再次/最后: a clear refusal is fine


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(), SPEECH_TEXT), newline=NEWLINES, markdown=st.booleans())
@pytest.mark.slow
def test_any_text_imports_or_is_refused_clearly(text, newline, markdown):
    try:
        speech = parse_speech_text(text.replace("\n", newline), markdown=markdown)
    except ToolkitError:
        return
    check_speech(speech)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".docx", ".doc", ""]))
def test_any_bytes_in_any_file_import_or_are_refused_clearly(tmp_path, data, suffix):
    path = tmp_path / f"f{suffix}"
    path.write_bytes(data)
    try:
        speech = import_speech(path)
    except ToolkitError:
        return
    check_speech(speech)


XML_SAFE = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
RUN = st.tuples(st.one_of(PIECES.filter(lambda p: p not in ("\x00", "\x0c")), XML_SAFE), st.booleans())
PARAGRAPH = st.lists(RUN, min_size=0, max_size=4)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(paragraphs=st.lists(PARAGRAPH, max_size=15))
@pytest.mark.slow
def test_any_docx_paragraphs_import(tmp_path, paragraphs):
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "f.docx"
    path.write_bytes(buffer.getvalue())
    try:
        speech = import_speech(path)
    except ToolkitError:
        return
    check_speech(speech)
