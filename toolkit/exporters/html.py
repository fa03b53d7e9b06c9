"""The speech as an HTML page, laid out like the printed one, for the composer's live preview.

Title centred in a heavy serif, byline in 楷体, salutation flush left, paragraphs indented
two characters, run-in lead sentences bold, headings in 黑体/楷体 as on paper. Every piece of
user text is escaped. Pure Python: no python-docx, fast enough to redraw as staff type.
"""

from __future__ import annotations

from html import escape

from toolkit.model.layout import Block, speech_blocks
from toolkit.model.speech import Speech

PAGE_CSS = (
    "font-family:'FangSong','仿宋_GB2312','仿宋','STFangsong','Noto Serif CJK SC',serif;font-size:16px;"
    "line-height:1.85;color:#111;background:#fff;max-width:36em;padding:2.2em 2.4em;"
    "box-shadow:0 0 0 1px #ddd,0 2px 8px rgba(0,0,0,.08);margin:0 auto"
)
_STYLES = {
    "title": "text-align:center;font-family:'方正小标宋简体','SimSun','Noto Serif CJK SC',serif;font-weight:bold;"
    "font-size:22px;line-height:1.6;margin:0 0 .6em",
    "subtitle": "text-align:center;font-family:'KaiTi','楷体_GB2312','楷体','AR PL UKai CN',serif;margin:0",
    "byline": "text-align:center;font-family:'KaiTi','楷体_GB2312','楷体','AR PL UKai CN',serif;margin:0",
    "salutation": "margin:.6em 0 0;text-indent:0",
    "body": "margin:0;text-indent:2em;text-align:justify",
    "heading1": "margin:0;text-indent:2em;font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif",
    "heading2": "margin:0;text-indent:2em;font-family:'KaiTi','楷体_GB2312','楷体','AR PL UKai CN',serif",
}
_HEADING_BY_LEVEL = {1: "heading1", 2: "heading2"}
"""Preview styles of headings by outline level; deeper levels show as bold body text."""


def paragraph_style(speech: Speech, block: Block) -> tuple[str, str]:
    """How *block* looks on the page: its paragraph style (a key of the page's styles:
    ``title``, ``byline``, ``salutation``, ``body``, ``heading1``, ``heading2``) and how a
    run-in or bold lead is set (``"bold"``, ``"kai"`` for （一） leads in 楷体, or ``""``).
    The preview and the composer's editable page both follow it."""
    role = block.role
    if role in ("title", "byline", "salutation"):
        return role, ""
    if role in ("point", "subpoint"):
        style = speech.numbering_style if role == "point" else speech.subnumbering_style
        if block.heading and style.heading_level in _HEADING_BY_LEVEL:
            return _HEADING_BY_LEVEL[style.heading_level], ""
        if block.heading:
            return "body", "bold"
        if role == "subpoint" and style.kind == "paren_chinese":  # （一） leads are in 楷体, not bold
            return "body", "kai"
        return "body", "bold"
    return "body", ""


def speech_html(speech: Speech) -> str:
    """The preview page of *speech* as an HTML fragment (a ``<div>``)."""
    parts = [f'<div class="jianggao-page" style="{PAGE_CSS}">']
    for block in speech_blocks(speech):
        style, lead_kind = paragraph_style(speech, block)
        if block.role == "title":
            lines = block.text.split("\n")
            parts.append(f'<p style="{_STYLES["title"]}">{escape(lines[0])}</p>')
            parts += [f'<p style="{_STYLES["subtitle"]}">{escape(line)}</p>' for line in lines[1:]]
        elif block.role in ("point", "subpoint") and block.heading:
            text = escape(block.text)
            parts.append(f'<p style="{_STYLES[style]}">{f"<b>{text}</b>" if lead_kind else text}</p>')
        elif block.role in ("point", "subpoint"):
            lead = escape(block.marker + block.lead)
            if lead_kind == "kai":
                lead = f'<span style="font-family:KaiTi,楷体,serif">{lead}</span>'
            else:
                lead = f"<b>{lead}</b>"
            parts.append(f'<p style="{_STYLES["body"]}">{lead}{escape(block.rest)}</p>')
        else:
            parts.append(f'<p style="{_STYLES[style]}">{escape(block.text)}</p>')
    if len(parts) == 1:
        parts.append('<p style="color:#888;text-align:center">（讲稿还是空的）</p>')
    parts.append("</div>")
    return "".join(parts)
