"""The composer's page preview: laid out like the printed page, user text escaped."""

from toolkit.exporters.html import speech_html
from toolkit.model import Point, Speech, SubPoint


def test_run_in_leads_are_bold_and_headings_stand_alone():
    page = speech_html(
        Speech(
            title="在全县会议上的讲话",
            salutation="同志们：",
            numbering="一要",
            points=[Point("提高认识。", ["认真学习。"])],
        )
    )
    assert "<b>一要提高认识。</b>认真学习。" in page
    assert "text-align:center" in page.split("在全县会议上的讲话")[0]
    outline = speech_html(
        Speech(
            numbering="一、",
            subnumbering="（一）",
            subpoint_layout="run_in",
            points=[Point("提高认识", [], [SubPoint("加强学习。", ["读原著。"])])],
        )
    )
    assert "黑体" in outline.split("一、提高认识")[0].rsplit("<p", 1)[1]
    assert '楷体,serif">（一）加强学习。</span>读原著。' in outline


def test_user_text_is_escaped_and_an_empty_speech_says_so():
    assert "&lt;img src=x onerror=alert(1)&gt;" in speech_html(Speech(opening=["<img src=x onerror=alert(1)>"]))
    assert "讲稿还是空的" in speech_html(Speech())
