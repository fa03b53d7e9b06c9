"""The 版本 tab in a real browser (Voila, Debian's Chromium through Playwright): a writer keeps
the draft as 送审稿, types on the page, compares the version with the draft, restores it and
takes the restore back with 撤销; the versions folder and the draft file follow."""

import docx
import pytest
from browser_support import assert_no_widget_errors, eventually, open_tab, voila_composer
from conftest import ROOT
from docx_read import W

from toolkit.drafts import open_draft

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = ROOT / "examples" / "drafts" / "秋冬季安全生产工作会议讲话.yaml"


def button(page, label):
    return page.locator(f".jianggao-composer button:has-text('{label}')").first


def test_a_writer_keeps_a_version_compares_it_restores_it_and_undoes_the_restore(chromium, server_env, tmp_path):
    _, workspace = server_env
    draft = workspace / "防汛讲话.yaml"
    draft.write_bytes(EXAMPLE.read_bytes())
    versions = workspace / "防汛讲话.versions"
    first_body = open_draft(draft).points[0].body[0]
    with voila_composer(chromium, server_env, tmp_path, "voila-versions", draft=draft) as page:
        # keep the draft as 送审稿
        open_tab(page, "版本")
        page.get_by_placeholder("起草、修改稿、送审稿、定稿，或自己起名").fill("送审稿")
        button(page, "存为版本").click()
        eventually(lambda: sorted(p.name for p in versions.glob("*.yaml")), lambda names: names == ["001-送审稿.yaml"])
        page.locator(".jianggao-composer :text('已存为版本 1“送审稿”')").wait_for(timeout=10_000)

        # type on the page
        field = page.locator(".jg-field[data-key='points/0/body/0']")
        field.click()
        page.keyboard.press("Control+End")
        page.keyboard.type("务必落到实处。")
        eventually(lambda: open_draft(draft).points[0].body[0], lambda text: text == first_body + "务必落到实处。")

        # compare 送审稿 with the draft as it is now: the typed words are shown inserted, in place
        button(page, "比较").click()
        inserted = page.locator(".jianggao-change ins", has_text="务必落到实处。")
        inserted.wait_for(timeout=10_000)
        assert "第1点 改动" in page.locator(".jianggao-change").first.inner_text()
        assert "“送审稿” → “当前草稿”" in page.inner_text(".jianggao-composer")

        # 导出修订稿: the comparison as a Word file with tracked changes, offered for download
        page.get_by_placeholder("修订记录上的名字，如：县委办").fill("县委办")
        button(page, "导出修订稿").click()
        revision = workspace / "防汛讲话（修订稿：送审稿→当前草稿）.docx"
        page.locator(".jianggao-composer a:has-text('下载 防汛讲话（修订稿：送审稿→当前草稿）.docx')").wait_for(
            timeout=30_000
        )
        signed = [
            (node.get(W + "author"), "".join(t.text for t in node.iter(W + "t")))
            for node in docx.Document(str(revision)).element.body.iter(W + "ins")
        ]
        assert ("县委办", "务必落到实处。") in signed

        # restore 送审稿: the page and the draft go back, what was typed is kept as a version
        button(page, "恢复此版本").click()
        eventually(lambda: open_draft(draft).points[0].body[0], lambda text: text == first_body)
        page.wait_for_function(
            "text => document.querySelector(\".jg-field[data-key='points/0/body/0']\").innerText === text",
            arg=first_body,
            timeout=10_000,
        )
        kept = eventually(lambda: sorted(p.name for p in versions.glob("*.yaml")), lambda names: len(names) == 2)
        assert kept == ["001-送审稿.yaml", "002-恢复“送审稿”前.yaml"]
        assert "务必落到实处。" in (versions / kept[1]).read_text(encoding="utf-8")

        # 撤销 takes the restore back
        button(page, "撤销").click()
        eventually(lambda: open_draft(draft).points[0].body[0], lambda text: text == first_body + "务必落到实处。")
        assert_no_widget_errors(page, "voila-versions")
