"""Old formats (.doc, .wps, .rtf, .odt, .dot, .wpt) read through LibreOffice: the same speech
imports to the same structure as from .docx; the command line, the one-step export, the
composer's upload and ``jianggao compose`` take them; a LibreOffice that is missing,
hangs, or makes a bad file gets one Chinese line; what LibreOffice reads pulls nothing in
from the network or the disk.

The .doc/.wps/.rtf/.odt files are made during the test by LibreOffice from the project's
reference speeches (see tests/office_files.py)."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import re
import threading
import time
from pathlib import Path

import docx
import pytest
from bad_files import OLE_MAGIC, macro_docx, old_binary, real_docx
from conftest import OUTLINE, SEED, require_tool, run_cli
from docx_read import assert_inert_docx
from office_files import fake_soffice, odf, path_with, rtf_speech, save_as, speech_docx

from toolkit import service
from toolkit.drafts import open_draft, save_draft
from toolkit.errors import InputFileError
from toolkit.importers import import_speech
from toolkit.model import Speech
from toolkit.model.contract import speech_to_contract

CONVERTED = (".doc", ".wps", ".rtf", ".odt")


def structure(speech: Speech, *, spaces_in_noise: bool = True) -> dict:
    """What a reader sees of an imported speech: title, byline, salutation, opening,
    transition, points with markers, leads, bodies and sub-points, closing, and each removed
    advert with the rule that removed it (its runs of white space as one space, without
    *spaces_in_noise*)."""
    shape = speech_to_contract(speech)
    shape["noise"] = [
        (removed.text if spaces_in_noise else " ".join(removed.text.split()), removed.rule) for removed in speech.noise
    ]
    return shape


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each reference speech as a plain .docx (one paragraph per line, adverts and all) and
    as LibreOffice saved it in each old format, by speech name and extension."""
    require_tool("soffice", "saves the reference speeches as .doc, .wps, .rtf and .odt")
    folder = tmp_path_factory.mktemp("old-formats")
    result = {}
    for source in (SEED, OUTLINE):
        plain = speech_docx(folder, lines_of(source), name=f"{source.stem}.docx")
        result[source.stem] = {".docx": plain, **{suffix: save_as(plain, suffix) for suffix in CONVERTED}}
    return result


# -- the same speech, the same structure ----------------------------------------------------------------
@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", CONVERTED)
@pytest.mark.parametrize("speech", [SEED.stem, OUTLINE.stem])
def test_an_old_format_imports_to_the_structure_of_the_same_speech_as_docx(made, speech, suffix):
    files = made[speech]
    from_docx = structure(import_speech(files[".docx"]))
    from_old = structure(import_speech(files[suffix]))
    assert from_old == from_docx
    # and that structure is the speech's, not an empty one both happen to share
    assert from_old["title"].startswith("在全县") and from_old["title"].endswith("讲话")
    assert from_old["salutation"] == "同志们："
    assert len(from_old["points"]) >= 3 and all(point["lead"] for point in from_old["points"])
    assert from_old["closing"][0].startswith("同志们，")
    assert len(from_old["noise"]) >= 5


@pytest.mark.libreoffice
def test_the_markers_leads_and_adverts_read_from_a_doc(made):
    speech = import_speech(made[SEED.stem][".doc"])
    assert speech.title == "在全县招商引资工作领导小组第二季度会议上的讲话"
    assert speech.point_markers() == ["一要", "二要", "三要", "四要"]
    assert [point.lead for point in speech.points][0] == "把思想统一到“项目为王”上来。"
    assert ("妙笔文库整理，咨询QQ415872063", "联系方式广告") in [(n.text, n.rule) for n in speech.noise]
    outline = import_speech(made[OUTLINE.stem][".wps"])
    assert outline.point_markers() == ["一、", "二、", "三、"]
    assert [sub.lead for sub in outline.points[1].subpoints] == ["守护好蓝天", "保护好碧水", "管控好净土"]
    assert outline.byline == "（2026年6月5日）"


@pytest.mark.libreoffice
@pytest.mark.parametrize("suffix", [".dot", ".wpt"])
def test_word_and_wps_templates_import_like_the_document(made, tmp_path, suffix):
    template = save_as(made[SEED.stem][".docx"], suffix, tmp_path)
    assert structure(import_speech(template)) == structure(import_speech(made[SEED.stem][".docx"]))


@pytest.mark.libreoffice
def test_the_toolkits_own_export_keeps_its_bold_leads_and_headings_through_doc_and_odt(tmp_path):
    require_tool("soffice", "saves the export as .doc and .odt")
    exported = tmp_path / "公文格式.docx"
    service.export(import_speech(OUTLINE), exported)
    expected = structure(import_speech(exported))
    assert expected["points"][0]["lead"] == "清醒认识我县生态环境保护面临的形势"
    for suffix in (".doc", ".odt"):
        assert structure(import_speech(save_as(exported, suffix))) == expected, suffix


@pytest.mark.libreoffice
def test_words_automatic_numbering_survives_doc_and_odt(tmp_path):
    """Markers made by a Word list (一、 and （一） from numbering.xml, not typed) come back
    from the .docx LibreOffice writes of a .doc or .odt. (Through RTF as LibreOffice writes
    and reads it, 一、 came back as 一?: see docs/importer.md.)"""
    require_tool("soffice", "saves the document as .doc and .odt")
    from test_importer import word_numbered_speech

    source = word_numbered_speech(tmp_path / "自动编号.docx")
    expected = structure(import_speech(source))
    assert [point["marker"] for point in expected["points"]] == ["一、", "二、"]
    assert [sub["marker"] for sub in expected["points"][1]["subpoints"]] == ["（一）", "（二）"]
    for suffix in (".doc", ".odt"):
        assert structure(import_speech(save_as(source, suffix))) == expected, suffix


@pytest.mark.libreoffice
def test_rtf_as_word_and_wps_write_it_reads_like_the_text_file(tmp_path):
    require_tool("soffice", "reads RTF")
    rtf = rtf_speech(tmp_path, lines_of(SEED))
    assert rtf.read_bytes().isascii()  # the Chinese is in \uN escapes, as Word writes it
    # LibreOffice reads a run of spaces in RTF as spaces and U+2006: the advert line
    # "会员群：         免费QQ群：" keeps its words but not its exact blanks
    from_rtf = structure(import_speech(rtf), spaces_in_noise=False)
    assert from_rtf == structure(import_speech(SEED), spaces_in_noise=False)


@pytest.mark.libreoffice
def test_a_file_is_read_as_what_its_bytes_are_not_as_its_name(made, tmp_path):
    """A .doc that is really RTF (Word's "save as" can do that), a .docx that is really a .doc,
    and a .wps that is really a .docx all import."""
    expected = structure(import_speech(made[SEED.stem][".docx"]))
    rtf_named_doc = rtf_speech(tmp_path, lines_of(SEED), name="其实是RTF.doc")
    doc_named_docx = tmp_path / "其实是doc.docx"
    doc_named_docx.write_bytes(made[SEED.stem][".doc"].read_bytes())
    docx_named_wps = tmp_path / "其实是docx.wps"
    docx_named_wps.write_bytes(made[SEED.stem][".docx"].read_bytes())
    assert structure(import_speech(doc_named_docx)) == expected
    assert structure(import_speech(docx_named_wps)) == expected
    assert structure(import_speech(rtf_named_doc), spaces_in_noise=False) == structure(
        import_speech(SEED), spaces_in_noise=False
    )


# -- what LibreOffice reads stays inside the file ------------------------------------------------------------
class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.libreoffice
def test_linked_pictures_and_files_are_not_fetched(tmp_path):
    """A file pointing at a web address or at a file on this machine (an RTF INCLUDETEXT and
    INCLUDEPICTURE, an .odt section linked to a local file, an .odt picture linked to a web
    address): the import shows the text the file itself holds, asks nothing of the network
    and brings in nothing from the disk."""
    require_tool("soffice", "reads the files")
    secret = tmp_path / "secret.txt"
    secret.write_text("本机机密内容XYZ", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        rtf = tmp_path / "链接.rtf"
        rtf.write_text(
            "{\\rtf1\\ansi Title line\\par\n"
            f'{{\\field{{\\*\\fldinst INCLUDETEXT "{secret}"}}{{\\fldrslt cached text}}}}\\par\n'
            f'{{\\field{{\\*\\fldinst INCLUDEPICTURE "{address}/picture.png" \\\\d}}{{\\fldrslt picture}}}}\\par\n'
            "End line.\\par}\n",
            encoding="ascii",
        )
        linked = odf(
            tmp_path,
            "链接.odt",
            paragraphs=(
                "在全县工作会议上的讲话",
                '</text:p><text:section text:name="S1"><text:section-source '
                f'xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="{secret.as_uri()}" xlink:type="simple"/>'
                "<text:p>缓存的文字</text:p></text:section><text:p>"
                '<draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
                'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" svg:width="2cm" svg:height="2cm">'
                f'<draw:image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="{address}/linked.png" '
                'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>',
                "同志们：",
            ),
        )
        rtf_text = " ".join(p.text for p in office_read(rtf))
        odt_text = " ".join(p.text for p in office_read(linked))
    finally:
        server.shutdown()
        server.server_close()
    assert "cached text" in rtf_text and "End line." in rtf_text
    assert "缓存的文字" in odt_text and "同志们：" in odt_text
    assert "机密" not in rtf_text + odt_text and "XYZ" not in rtf_text + odt_text
    assert _Recorder.requests == []


def office_read(path: Path):
    """The paragraphs the importer reads from *path* (before the parts are looked for)."""
    from toolkit.importers.sources import read_source

    return read_source(path)[0]


# -- the command line ---------------------------------------------------------------------------------------
@pytest.mark.libreoffice
def test_jianggao_import_reads_a_wps_into_a_draft(made, tmp_path):
    result = run_cli("import", str(made[SEED.stem][".wps"]), "-o", str(tmp_path / "草稿"))
    assert result.returncode == 0, result.stderr
    assert "标题：在全县招商引资工作领导小组第二季度会议上的讲话" in result.stdout
    assert "妙笔文库整理，咨询QQ415872063" in result.stdout  # the removed adverts are listed
    draft = open_draft(tmp_path / "草稿.yaml")
    assert draft.point_markers() == ["一要", "二要", "三要", "四要"]


@pytest.mark.libreoffice
def test_jianggao_export_turns_a_doc_into_the_official_docx_in_one_step(made, tmp_path):
    out = tmp_path / "讲话稿.docx"
    result = run_cli("export", str(made[OUTLINE.stem][".doc"]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    texts = [p.text for p in docx.Document(str(out)).paragraphs if p.text.strip()]
    assert texts[0] == "在全县生态环境保护工作会议上的讲话"
    assert "一、清醒认识我县生态环境保护面临的形势" in texts
    assert not any("公文帮手" in text or "公众号" in text for text in texts)
    assert_inert_docx(out)
    check = run_cli("check", str(made[SEED.stem][".odt"]))
    assert check.returncode == 1 and "×县" in check.stdout  # the placeholders left in the speech


@pytest.mark.libreoffice
def test_jianggao_compose_takes_a_doc_and_imports_it_into_a_new_draft(made, workspace):
    from toolkit.notebook import app

    draft = app.prepare_draft(made[SEED.stem][".doc"])
    assert draft.path.parent == workspace and draft.imported_from == made[SEED.stem][".doc"].resolve()
    assert open_draft(draft.path).title == "在全县招商引资工作领导小组第二季度会议上的讲话"


def test_without_libreoffice_one_line_says_what_to_install(tmp_path):
    source = old_binary(tmp_path, "旧讲话.doc")
    empty = tmp_path / "空"
    empty.mkdir()
    result = run_cli("export", str(source), "-o", str(tmp_path / "x.docx"), env=dict(os.environ, PATH=str(empty)))
    assert result.returncode == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert "旧讲话.doc：需要安装 LibreOffice 才能读取 Word 97-2003 文档（.doc）" in line
    assert "apt-get install libreoffice-writer-nogui" in line and "另存为 .docx" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["旧讲话.doc", "空"]


def test_a_conversion_that_hangs_is_stopped_with_every_process_it_started(tmp_path):
    source = old_binary(tmp_path, "卡住.wps")
    settings = tmp_path / "设置.yaml"
    settings.write_text("convert_seconds: 2\n", encoding="utf-8")
    pids = tmp_path / "pids"
    env = dict(
        os.environ,
        PATH=path_with(fake_soffice(tmp_path, "hangs")),
        JIANGGAO_CONFIG=str(settings),
        FAKE_PIDS=str(pids),
    )
    # run_cli fails the test if the command is still running after 60 s; the message says
    # the 2-second limit stopped it, and the processes below must be gone
    result = run_cli("import", str(source), "-o", str(tmp_path / "草稿"), env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"jianggao：{source}：读取 WPS 文字文档（.wps）超过 2 秒仍未完成，已停止。"
        "文件可能已损坏或过大；请在 Word 或 WPS 中打开后另存为 .docx 再导入"
    )
    assert not (tmp_path / "草稿.yaml").exists()
    numbers = [int(n) for n in pids.read_text().split()]
    assert len(numbers) == 2
    deadline = time.monotonic() + 5
    while any(_alive(n) for n in numbers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(n) for n in numbers), "the stand-in or its child is still running"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_file_libreoffice_cannot_open_gets_one_line(tmp_path):
    source = old_binary(tmp_path, "坏.doc")
    env = dict(os.environ, PATH=path_with(fake_soffice(tmp_path, "makes-nothing")))
    result = run_cli("import", str(source), env=env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"jianggao：{source}：LibreOffice 打不开这个 Word 97-2003 文档（.doc）。"
        "文件可能已损坏、设有密码，或不是真正的该格式文件；请在 Word 或 WPS 中打开后另存为 .docx 再导入"
    )


@pytest.mark.parametrize(
    "make, says",
    [
        (lambda folder: real_docx(folder).read_bytes()[:600], "讲稿文件已损坏"),
        (lambda folder: macro_docx(folder).read_bytes(), "文件含有宏"),
    ],
    ids=["truncated", "macros"],
)
def test_what_libreoffice_makes_gets_the_checks_of_an_uploaded_docx(tmp_path, make, says):
    source = old_binary(tmp_path, "来源.doc")
    bin_dir = fake_soffice(tmp_path, "makes-docx", docx=make(tmp_path))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", path_with(bin_dir))
        with pytest.raises(InputFileError) as raised:
            import_speech(source)
    message = str(raised.value)
    assert message.startswith(f"{source}：") and says in message  # named by the user's file, not a temporary one


# -- the composer's upload ------------------------------------------------------------------------------------
def _upload(composer, name: str, data: bytes) -> None:
    composer.draft_bar.upload.value = (
        {"name": name, "type": "", "size": len(data), "content": memoryview(data), "last_modified": dt.datetime.now()},
    )


def _composer(tmp_path):
    from toolkit.widgets import Composer

    path = save_draft(Speech(salutation="同志们："), tmp_path / "草稿.yaml")
    return Composer(path, autosave_delay=0, refresh_delay=0), path


@pytest.mark.libreoffice
def test_uploading_a_doc_in_the_composer_makes_a_draft_and_lists_the_adverts(made, tmp_path, workspace):
    composer, _ = _composer(tmp_path)
    accepted = composer.draft_bar.upload.accept.split(",")
    assert {".doc", ".wps", ".rtf", ".odt", ".docx", ".txt"} <= set(accepted)
    assert ".doc" in composer.draft_bar.upload.description and ".wps" in composer.draft_bar.upload.description
    _upload(composer, "买来的材料.doc", made[SEED.stem][".doc"].read_bytes())
    message = composer.draft_bar.message.value
    assert "已导入“买来的材料.doc”" in message and "4 点" in message and "妙笔文库" in message
    assert composer.state.path == workspace / "买来的材料.yaml"
    assert open_draft(composer.state.path).title == "在全县招商引资工作领导小组第二季度会议上的讲话"


def test_uploading_without_libreoffice_says_so_in_words_for_staff(tmp_path, monkeypatch):
    composer, path = _composer(tmp_path)
    empty = tmp_path / "空"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    _upload(composer, "旧讲话.wps", OLE_MAGIC + b"\0" * 600)
    message = re.sub("<[^>]+>", "", composer.draft_bar.message.value)
    assert message.startswith("旧讲话.wps：需要安装 LibreOffice 才能读取 WPS 文字文档（.wps）")
    assert "请让管理员" in message and "另存为 .docx" in message
    assert "apt-get" not in message and "/" not in message  # no command, no path
    assert composer.state.path == path


def test_uploading_a_wps_that_is_really_text_says_what_it_is(tmp_path):
    composer, path = _composer(tmp_path)
    _upload(composer, "讲话.wps", "在全县工作会议上的讲话\n同志们：\n".encode())
    message = composer.draft_bar.message.value
    assert "文件扩展名是 .wps，但内容是纯文本" in message and "扩展名改为 .txt" in message
    assert composer.state.path == path


# -- the OpenDocument checks before LibreOffice --------------------------------------------------------------
@pytest.mark.parametrize(
    "build, says",
    [
        (lambda f: odf(f, "表格.odt", mimetype="application/vnd.oasis.opendocument.spreadsheet"), "不是文字文档"),
        (lambda f: odf(f, "加密.odt", encrypted=True), "密码"),
        (lambda f: odf(f, "炸弹.odt", padding=300 * 1024 * 1024), "压缩炸弹"),
        (lambda f: odf(f, "实体.odt", declaration='<!DOCTYPE x [<!ENTITY a "哈哈">]>'), "实体声明"),
    ],
    ids=["spreadsheet", "encrypted", "zip-bomb", "entities"],
)
def test_an_odt_is_checked_like_a_docx_before_libreoffice_opens_it(tmp_path, monkeypatch, build, says):
    monkeypatch.setenv("PATH", str(fake_soffice(tmp_path, "makes-nothing")))  # LibreOffice must not be needed
    with pytest.raises(InputFileError, match=says):
        import_speech(build(tmp_path))
