"""Builders for the old-format files the tests import: speeches saved by LibreOffice as
.doc, .wps, .rtf, .odt, .dot and .wpt from the project's own .docx and .txt fixtures, RTF
written by hand, broken OpenDocument files, and stand-ins for LibreOffice (a program named
``soffice`` put first on PATH) that hang, make nothing, or make a bad .docx.

The real conversions run ``soffice`` directly (not the toolkit's runner), so a fixture does
not depend on the code it tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx

SAVE_AS = {
    ".doc": "doc:MS Word 97",
    ".wps": "wps:MS Word 97",
    ".dot": "dot:MS Word 97 Vorlage",
    ".wpt": "wpt:MS Word 97 Vorlage",
    ".rtf": "rtf:Rich Text Format",
    ".odt": "odt:writer8",
}
"""LibreOffice's export filter for each format. LibreOffice has no WPS Office writer: what it
writes as .wps/.wpt is the Word 97 binary format under that name, which is how WPS Office
stores its own .wps documents too (LibreOffice's type registry lists .wps as a Word 97
extension)."""


def speech_docx(folder: Path, lines: list[str], name: str = "讲话.docx") -> Path:
    """A plain .docx with one paragraph per non-blank line of *lines* (adverts and all), as a
    speech bought from a material site arrives."""
    document = docx.Document()
    for line in lines:
        if line.strip():
            document.add_paragraph(line.strip())
    path = folder / name
    document.save(path)
    return path


def save_as(source: Path, suffix: str, folder: Path | None = None) -> Path:
    """*source* (.docx) saved by LibreOffice as *suffix* (``.doc``, ``.wps``…) in *folder*."""
    folder = folder or source.parent
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed to make this fixture (ask with require_tool first)"
    with tempfile.TemporaryDirectory(prefix="jianggao-fixture-") as work:
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(work).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                SAVE_AS[suffix],
                "--outdir",
                work,
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            env=dict(os.environ, HOME=work),
        )
        made = Path(work) / f"{source.stem}{suffix}"
        assert made.is_file(), f"LibreOffice did not save {source} as {suffix}: {result.stdout}{result.stderr}"
        target = folder / made.name
        shutil.copy(made, target)
    return target


def rtf_speech(folder: Path, lines: list[str], name: str = "讲话.rtf") -> Path:
    """An RTF file holding *lines* as paragraphs (Chinese as ``\\uN?`` escapes), as Word or
    WPS writes a speech saved as RTF."""

    def escape(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) < 128:
                out.append(ch)
            else:
                code = ord(ch)
                out.append(f"\\u{code - 65536 if code > 32767 else code}?")
        return "".join(out)

    body = "\n".join(f"{{\\pard {escape(line)}\\par}}" for line in lines if line.strip())
    path = folder / name
    path.write_text("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\n" + body + "\n}\n", encoding="ascii")
    return path


# -- OpenDocument files that must be refused before LibreOffice sees them --------------------------------
ODF_TEXT = "application/vnd.oasis.opendocument.text"
_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>{paragraphs}</office:text></office:body></office:document-content>"
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}'
    "</manifest:file-entry></manifest:manifest>"
)


def odf(
    folder: Path,
    name: str,
    *,
    mimetype: str = ODF_TEXT,
    paragraphs: tuple[str, ...] = ("在全县工作会议上的讲话", "同志们："),
    declaration: str = "",
    encrypted: bool = False,
    padding: int = 0,
) -> Path:
    """An OpenDocument file: *mimetype*, *paragraphs* in content.xml (after *declaration*,
    e.g. a DTD), a manifest saying the content is encrypted, or *padding* bytes of zeros
    in a member (a zip bomb)."""
    content = _CONTENT.format(paragraphs="".join(f"<text:p>{p}</text:p>" for p in paragraphs))
    if declaration:
        head, _, rest = content.partition("?>")
        content = head + "?>" + declaration + rest
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
        "</manifest:encryption-data>"
        if encrypted
        else ""
    )
    path = folder / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr(
            "META-INF/manifest.xml", _MANIFEST.format(mimetype=mimetype, encryption=encryption), zipfile.ZIP_DEFLATED
        )
        if padding:
            archive.writestr("Pictures/padding.bin", b"\0" * padding, zipfile.ZIP_DEFLATED)
    return path


# -- stand-ins for LibreOffice ----------------------------------------------------------------------------
_FAKE = """#!{python}
# A stand-in for LibreOffice's soffice, for the tests: {what}
import os, sys, time, subprocess
args = sys.argv[1:]
out_dir = args[args.index("--outdir") + 1]
target = args[args.index("--convert-to") + 1].split(":")[0]
made = os.path.join(out_dir, os.path.splitext(os.path.basename(args[-1]))[0] + "." + target)
{body}
"""
FAKE_BODIES = {
    "hangs": (
        "hangs, with a child process that hangs too (their numbers written to the file in $FAKE_PIDS)",
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "if os.environ.get('FAKE_PIDS'):\n"
        "    open(os.environ['FAKE_PIDS'], 'w').write(f'{os.getpid()} {child.pid}')\n"
        "time.sleep(600)",
    ),
    "makes-nothing": ("prints an error and makes no file", "print('Error: source file could not be loaded')"),
    "makes-docx": ("makes the .docx given to fake_soffice", "open(made, 'wb').write($DOCX)"),
}


def fake_soffice(folder: Path, behaviour: str, *, docx: bytes = b"") -> Path:
    """A folder holding a program ``soffice`` that behaves as *behaviour* (a key of
    FAKE_BODIES); put it first on PATH. *docx* is what ``makes-docx`` writes as its result."""
    what, body = FAKE_BODIES[behaviour]
    body = body.replace("$DOCX", repr(docx))
    bin_dir = folder / "假的LibreOffice"
    bin_dir.mkdir(parents=True, exist_ok=True)
    program = bin_dir / "soffice"
    program.write_text(_FAKE.format(python=sys.executable, what=what, body=body), encoding="utf-8")
    program.chmod(0o755)
    return bin_dir


def path_with(bin_dir: Path) -> str:
    """PATH with *bin_dir* first."""
    return f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
