"""The ``jianggao`` command: a thin layer over the toolkit's Python API.

Every sub-command imports what it needs when it runs, so ``jianggao --help`` stays
instant and never loads Jupyter, IPython or ipywidgets. A :class:`ToolkitError` becomes
one line of Chinese on stderr and exit code 2; ``--debug`` shows the traceback instead.

Exit codes: 0 success; 1 ``check`` found problems; 2 bad input or refused output;
3 an internal error (a bug: please report it with ``--debug``).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path

from toolkit.errors import ToolkitError

PROG = "jianggao"


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its help headings and usage errors in Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    _TRANSLATIONS = (
        ("the following arguments are required: ", "缺少参数："),
        ("unrecognized arguments: ", "不认识的参数："),
        ("invalid choice: ", "不认识的选项："),
        ("expected one argument", "后面需要跟一个值"),
        ("argument ", "参数 "),
        ("invalid int value: ", "应是整数："),
        ("(choose from ", "（可选："),
    )

    def error(self, message: str) -> None:  # noqa: D102 - argparse API
        for english, chinese in self._TRANSLATIONS:
            message = message.replace(english, chinese)
        self.exit(2, f"{self.prog}：命令行参数有误：{message}。运行 {self.prog} --help 查看用法\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with *only*, just that sub-command gets its arguments (argparse is slow
    to build, and `jianggao export` should start as fast as python-docx allows)."""
    parser = _ChineseArgumentParser(
        prog=PROG,
        description="讲稿（jianggao）：导入、检查、导出领导讲话稿。Draft, check and export leaders' speeches.",
        epilog="每个子命令都有 --help，例如：jianggao import --help",
    )
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的错误堆栈（给开发人员看）")
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="显示版本号")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_ChineseArgumentParser)
    for name, (options, configure) in _COMMANDS.items():
        sub = commands.add_parser(name, **options)
        if only is None or only == name:
            configure(sub)
    return parser


def _revisions_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--revisions",
        choices=["accept", "reject"],
        default="accept",
        help="Word 文件中的修订：accept 全部接受（默认，按修改后的文字），reject 全部拒绝（按修改前的文字）；每处修订都会列出",
    )


def _arguments_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="讲稿文件（.txt、.md、.docx；.doc、.wps、.rtf、.odt 需要 LibreOffice）")
    p.add_argument("-o", "--output", metavar="草稿", help="把草稿保存到这里（没有扩展名时自动加 .yaml）")
    p.add_argument("--force", action="store_true", help="草稿文件已存在时覆盖它")
    p.add_argument("--json", action="store_true", help="以 JSON 输出识别结果（供其他程序读取）")
    p.add_argument(
        "--into",
        metavar="草稿",
        help="把领导改过送回的稿子导入这份已有的草稿，成为它的下一个版本（草稿原来的内容先存为版本）",
    )
    p.add_argument("--name", metavar="版本名称", help="与 --into 同用：新版本的名称（默认用文件名）")
    p.add_argument("--noise-rules", metavar="文件", action="append", help="追加的广告识别规则文件（可多次指定）")
    _revisions_argument(p)
    p.set_defaults(handler=_cmd_import)


def _arguments_compare(p: argparse.ArgumentParser) -> None:
    side = "草稿（.yaml）、草稿的某个版本（草稿.yaml#送审稿），或 .txt/.md/.docx/.doc/.wps 等讲稿"
    p.add_argument("old", metavar="旧稿", help=f"修改前的讲稿：{side}")
    p.add_argument("new", metavar="新稿", help=f"修改后的讲稿：{side}")
    p.add_argument(
        "-o", "--output", metavar="修订稿.docx", help="写出的修订稿（默认在新稿旁，名为“新稿名（修订稿）.docx”）"
    )
    p.add_argument("--author", metavar="名字", help="修订人（默认用设置文件中的 author，没有时为“讲稿”）")
    p.add_argument("--template", metavar="模板.docx", help="单位自己的 Word 模板（.docx/.dotx）；默认用内置公文格式")
    _variable_arguments(p)
    p.add_argument("--force", action="store_true", help="修订稿文件已存在时覆盖它")
    p.add_argument("--noise-rules", metavar="文件", action="append", help="导入讲稿时追加的广告识别规则文件")
    _revisions_argument(p)
    p.set_defaults(handler=_cmd_compare)


def _variable_arguments(p: argparse.ArgumentParser) -> None:
    """--var, --vars and --allow-placeholders, as export and compare take them."""
    p.add_argument("--var", metavar="名称=值", action="append", default=[], help="填写变量 {{ 名称 }}（可多次使用）")
    p.add_argument("--vars", metavar="变量.yaml", help="从 YAML 文件读取变量（名称: 值）")
    p.add_argument("--allow-placeholders", action="store_true", help="变量没填也导出（保留 {{ 名称 }}）")


def _rate(text: str) -> int:
    """``--rate``: characters a minute, in the range a setting may give."""
    from toolkit.config import MAX_RATE, MIN_RATE, valid_rate

    value = int(text) if text.strip().isdigit() else None
    if not valid_rate(value):
        raise argparse.ArgumentTypeError(f"语速应是每分钟 {MIN_RATE} 到 {MAX_RATE} 字之间的整数，现在是“{text}”")
    return value


def _rate_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rate",
        type=_rate,
        default=None,
        metavar="字/分钟",
        help="按这个语速计算时长（默认：设置中讲话人自己的语速，否则 speaking_rate，再否则每分钟 150 字）",
    )


def _arguments_show(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft", help="草稿文件（.yaml）或它的某个版本（草稿.yaml#送审稿），也可以是 .txt/.docx/.doc 等讲稿")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（与 import --json 格式相同，另有 timing 时长）")
    _rate_argument(p)
    _revisions_argument(p)
    p.set_defaults(handler=_cmd_show)


def _arguments_check(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "draft", help="草稿文件（.yaml）或它的某个版本（草稿.yaml#送审稿），或直接检查 .txt/.md/.docx/.doc/.wps 等讲稿"
    )
    p.add_argument(
        "--reading",
        action="store_true",
        help="列出念稿版中要加注拼音的字词、读音和位置，供核对（不做其他检查；有字找不到读音时退出码为 1）",
    )
    p.add_argument(
        "--archive",
        action="store_true",
        help="查重：每段与素材库中最相近的段落及相似度、来源，全文照搬购买和上级材料的比例"
        "（不做其他检查；比例达到设置的警示线时退出码为 1）",
    )
    p.add_argument("--noise-rules", metavar="文件", action="append", help="追加的广告识别规则文件")
    _rate_argument(p)
    _revisions_argument(p)
    p.set_defaults(handler=_cmd_check)


def _arguments_comments(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft", help="草稿文件（.yaml）；也可以是 .docx，只列出不修改")
    p.add_argument(
        "--done", metavar="编号", type=int, action="append", default=[], help="把这条批注标为已处理（可多次使用）"
    )
    p.add_argument("--reopen", metavar="编号", type=int, action="append", default=[], help="把这条批注改回未处理")
    p.set_defaults(handler=_cmd_comments)


def _arguments_export(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "source",
        help="草稿（.yaml）或它的某个版本（草稿.yaml#送审稿），或 .txt/.md/.docx/.doc/.wps 等讲稿（先导入再导出）",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="文件.docx",
        help="导出的文件：.docx 为 Word 文档，.pdf 为版式相同的 PDF（需要 LibreOffice）；默认与来源同名，扩展名 .docx",
    )
    p.add_argument("--template", metavar="模板.docx", help="单位自己的 Word 模板（.docx/.dotx）；默认用内置公文格式")
    p.add_argument("--styles", metavar="对照.yaml", help="讲稿各部分对应模板中哪个样式（见 README）")
    p.add_argument(
        "--page-numbers",
        choices=["mirrored", "centered"],
        help="页码：mirrored 单页居右双页居左（默认），centered 居中",
    )
    p.add_argument("--lead", choices=["heiti", "bold"], help="主旨句字体：heiti 黑体（默认），bold 仿宋加粗")
    p.add_argument(
        "--grid",
        choices=["lines", "linesAndChars"],
        help="文档网格：lines 每页22行（默认，各软件通用），linesAndChars Word 的22行×28字网格",
    )
    _variable_arguments(p)
    p.add_argument("--preview", metavar="文件夹", help="同时把各页生成 PNG 图片放到这个文件夹（需要 LibreOffice）")
    p.add_argument(
        "--reading-copy",
        action="store_true",
        help="导出念稿版（供领导念稿）：大字、1.8 倍行距、句子不跨页、生僻字和注音表中的字词加注拼音",
    )
    p.add_argument(
        "--reading-size", choices=["二号", "小一", "三号"], help="念稿版的字号：二号（默认）、小一（更大）、三号"
    )
    p.add_argument("--point-per-page", action="store_true", help="念稿版中每一点从新的一页开始")
    p.add_argument("--force", action="store_true", help="导出文件已存在时覆盖它")
    p.add_argument("--noise-rules", metavar="文件", action="append", help="导入讲稿时追加的广告识别规则文件")
    _revisions_argument(p)
    p.set_defaults(handler=_cmd_export)


def _arguments_templates(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", nargs="?", choices=["list", "show"], default="list", help="list（默认）或 show")
    p.add_argument("template_id", nargs="?", metavar="编号", help="show 时要显示的模板编号")
    p.add_argument("--kind", choices=["skeleton", "opening", "transition", "point", "closing"], help="只列出这一类")
    p.add_argument("--search", metavar="词语", default="", help="只列出含这些词语的模板")
    p.add_argument("--paths", action="store_true", help="同时显示每个模板来自哪个文件夹")
    p.set_defaults(handler=_cmd_templates)


def _arguments_new(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--template", "-t", required=True, metavar="编号", help="骨架模板编号（jianggao templates --kind skeleton）"
    )
    p.add_argument("-o", "--output", required=True, metavar="草稿", help="新草稿的文件名（没有扩展名时加 .yaml）")
    p.add_argument("--var", metavar="名称=值", action="append", default=[], help="变量值（可多次使用；列表用、分隔）")
    p.add_argument("--vars", metavar="变量.yaml", help="从 YAML 文件读取变量")
    p.add_argument("--force", action="store_true", help="草稿已存在时覆盖")
    p.set_defaults(handler=_cmd_new)


def _arguments_batch(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", metavar="骨架编号或草稿", help="骨架模板编号，或含 {{ 变量 }} 的草稿（.yaml）")
    p.add_argument("--vars", required=True, metavar="变量表.csv", help="第一行是变量名，以后每行一篇")
    p.add_argument("-o", "--output", required=True, metavar="文件夹", help="输出文件夹（须已存在）")
    p.add_argument("--template", metavar="模板.docx", help="单位自己的 Word 模板")
    p.add_argument("--force", action="store_true", help="同名文件已存在时覆盖")
    p.add_argument("--quiet", action="store_true", help="不显示进度条")
    p.set_defaults(handler=_cmd_batch)


def _arguments_version(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft", metavar="草稿", help="草稿文件（.yaml）")
    p.add_argument(
        "--name",
        "-n",
        required=True,
        metavar="名称",
        help="版本名称，如 起草、修改稿、送审稿、定稿（已有同名时自动加（2））",
    )
    p.set_defaults(handler=_cmd_version)


def _arguments_versions(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft", metavar="草稿", help="草稿文件（.yaml）")
    p.set_defaults(handler=_cmd_versions)


def _arguments_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("draft", metavar="草稿", help="草稿文件（.yaml）")
    p.add_argument("name", metavar="版本", help="要恢复的版本名称或编号（jianggao versions 草稿.yaml 可查看）")
    p.set_defaults(handler=_cmd_restore)


def _arguments_compose(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "draft",
        nargs="?",
        metavar="草稿",
        help="要打开的草稿（.yaml）；.txt/.md/.docx/.doc/.wps 等讲稿先导入为新草稿；不给时打开示例草稿",
    )
    p.add_argument("--port", type=int, metavar="端口", help="使用这个端口（默认自动选一个空闲端口）")
    p.add_argument("--no-browser", action="store_true", help="不自动打开浏览器，只显示地址")
    p.set_defaults(handler=_cmd_compose)


def _arguments_archive(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="action", metavar="操作", parser_class=_ChineseArgumentParser)
    actions.required = True
    add = actions.add_parser("add", help="把讲稿文件或整个文件夹收入素材库（已收入过的跳过）")
    add.add_argument("paths", nargs="+", metavar="文件或文件夹", help="讲稿文件（.txt/.md/.docx/.doc/.wps 等）或文件夹")
    add.add_argument(
        "--source", choices=["本单位", "上级", "购买", "其他"], help="来源（默认按文件夹规则；去除过广告的算购买）"
    )
    add.add_argument("--level", choices=["乡镇", "县", "市", "省", "中央"], help="级别（默认按文件夹规则）")
    search = actions.add_parser("search", help="在素材库中查找段落")
    search.add_argument("words", nargs="+", metavar="词语", help="要找的词语，几个词语须同时出现；短语可加引号")
    search.add_argument("--part", metavar="部分", help="只找这一部分：开头、主旨句、要点正文、小点正文、结尾、过渡句…")
    search.add_argument("--source", choices=["本单位", "上级", "购买", "其他"], help="只找这种来源的讲稿")
    search.add_argument("--level", choices=["乡镇", "县", "市", "省", "中央"], help="只找这一级别的讲稿")
    search.add_argument("--since", metavar="日期", help="只找这天以后的讲稿：2025、2025-03 或 2025-03-02")
    search.add_argument("--speaker", metavar="讲话人", help="只找讲话人含这些字的讲稿")
    search.add_argument("--limit", type=int, default=20, metavar="条数", help="最多列出几条（默认 20）")
    search.add_argument("--json", action="store_true", help="以 JSON 输出（含匹配位置）")
    listing = actions.add_parser("list", help="列出素材库中的讲稿")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    remove = actions.add_parser("remove", help="从素材库中删除讲稿（按 list 中的编号）")
    remove.add_argument("ids", nargs="+", type=int, metavar="编号", help="讲稿编号（jianggao archive list）")
    actions.add_parser("info", help="素材库在哪里、有多少篇讲稿和段落")
    p.set_defaults(handler=_cmd_archive)


_COMMANDS = {
    "import": (
        dict(
            help="把已有讲稿（.txt/.md/.docx/.doc/.wps 等）转成结构化草稿 (import a speech)",
            description="读取 .txt、.md、.docx 讲稿（.doc、.wps、.rtf、.odt 先由 LibreOffice 转换），"
            "识别标题、称呼、要点和结尾，去除素材网站广告，生成草稿。",
        ),
        _arguments_import,
    ),
    "show": (
        dict(
            help="显示草稿内容 (show a draft)",
            description="显示草稿的全文、字数、预计时长（全文和各部分），以及是否超出会议限定的讲话时长。",
        ),
        _arguments_show,
    ),
    "check": (
        dict(
            help="检查讲稿中的问题 (check a draft)",
            description="列出占位符未填、编号与过渡句不符、空要点、残留广告、超出讲话时长等问题；有问题时退出码为 1。",
        ),
        _arguments_check,
    ),
    "comments": (
        dict(
            help="列出批注，标为已处理 (list and resolve comments)",
            description="列出草稿中的批注（领导在 Word 里写的意见），带编号；--done 编号 把处理过的批注标为已处理，"
            "jianggao check 就不再列出它。",
        ),
        _arguments_comments,
    ),
    "export": (
        dict(
            help="导出公文格式的 Word 文档或 PDF (export to .docx or .pdf)",
            description="把草稿（或直接把 .txt/.md/.docx/.doc/.wps 等讲稿）按公文格式导出为 Word 文档；"
            "-o 的扩展名是 .pdf 时导出版式、字体与 Word 文档相同的 PDF（由 LibreOffice 生成）；"
            "加 --reading-copy 导出供领导念稿的念稿版（.docx）。"
            "可以用单位自己的 Word 模板。已存在的文件不会被覆盖，除非加 --force。",
        ),
        _arguments_export,
    ),
    "templates": (
        dict(
            help="列出模板库中的讲稿骨架和常用段落 (list templates)",
            description="列出模板库：编号、类型、标题和需要的变量；show 编号 显示一个模板。",
        ),
        _arguments_templates,
    ),
    "new": (
        dict(
            help="用骨架模板新建草稿 (new draft from a skeleton)",
            description="用模板库中的整篇骨架新建草稿，--var 填写变量；没填的变量保留为 {{ 名称 }}，导出前再填。",
        ),
        _arguments_new,
    ),
    "batch": (
        dict(
            help="按变量表批量导出，每行一篇 (batch export)",
            description="用骨架模板或草稿，按 CSV 变量表每行导出一篇 Word 讲稿；"
            "某行出错只报告该行，其余照常导出。可选列“文件名”。",
        ),
        _arguments_batch,
    ),
    "archive": (
        dict(
            help="素材库：收入、查找以往讲稿 (the archive of past speeches)",
            description="素材库（位置见设置文件的 archive，默认是工作文件夹中的 素材库.sqlite）："
            "add 收入讲稿，search 查找段落，list 列出，remove 删除，info 概况。",
        ),
        _arguments_archive,
    ),
    "compare": (
        dict(
            help="比较两稿，写出带修订痕迹的 Word 修订稿 (compare two drafts into tracked changes)",
            description="比较旧稿和新稿，按公文格式写出新稿，并用 Word 自己的“修订”标出与旧稿的每处不同："
            "段内增删的字词、增删和移动的段落与要点、重新编号。在 Word 或 WPS 中打开，"
            "可在“审阅”中逐处接受或拒绝。已存在的文件不会被覆盖，除非加 --force。",
        ),
        _arguments_compare,
    ),
    "version": (
        dict(
            help="把草稿现在的样子存为一个版本 (save a named version)",
            description="把草稿现在的内容存为一个有名字的版本（如 送审稿），放在草稿旁的“草稿名.versions”文件夹里；"
            "以后可以列出、比较、恢复。其他命令可用 草稿.yaml#送审稿 指这个版本。",
        ),
        _arguments_version,
    ),
    "versions": (
        dict(
            help="列出草稿的各个版本 (list versions)",
            description="列出草稿保存过的版本：编号、名称、保存时间、字数，以及比上一个版本改了什么。",
        ),
        _arguments_versions,
    ),
    "restore": (
        dict(
            help="把草稿恢复成某个版本 (restore a version)",
            description="让草稿恢复成保存过的某个版本；恢复前，草稿现在的内容先自动存为一个版本，不会丢失。",
        ),
        _arguments_restore,
    ),
    "compose": (
        dict(
            help="在浏览器中打开讲稿编辑器 (open the composer)",
            description="在本机启动讲稿编辑器（Voila），在浏览器中打开并显示地址；按 Ctrl+C 关闭。"
            "需要安装 jianggao[notebook]。",
        ),
        _arguments_compose,
    ),
}


class _VersionAction(argparse.Action):
    """Prints the version; looked up only when asked (importlib.metadata is slow to import)."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"{parser.prog} {_version()}")
        parser.exit(0)


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("jianggao")
    except Exception:  # not installed as a distribution
        return "0+unknown"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (the console script exits with it)."""
    arguments = sys.argv[1:] if argv is None else argv
    command = next((a for a in arguments if not a.startswith("-")), None)
    parser = build_parser(command if command in _COMMANDS else None)
    args = parser.parse_args(arguments)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        code = args.handler(args) or 0
        sys.stdout.flush()  # here, so a reader that stopped early is caught below rather than at exit
        return code
    except ToolkitError as error:
        if args.debug:
            raise
        print(f"{PROG}：{error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}：已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # What reads the output stopped early (jianggao archive list | head): not a fault. The
        # rest of the output goes nowhere, so Python's own flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: say so plainly, keep the traceback for --debug
        if args.debug:
            raise
        if isinstance(error, OSError) and error.errno == errno.ENAMETOOLONG:
            # A name no disk takes is the user's input, not a bug: the readers and writers name
            # it themselves; this catches any path that does not.
            name = _shorten(str(error.filename or ""), 40)
            print(f"{PROG}：{name}：文件名或文件夹名太长。请换一个短一些的名字", file=sys.stderr)
            return 2
        print(
            f"{PROG}：内部错误（{type(error).__name__}: {error}）。请加 --debug 重新运行，并把输出发给维护人员",
            file=sys.stderr,
        )
        return 3


# -- shared helpers ---------------------------------------------------------------------------
def load_speech(path_text: str, noise_rules: list[str] | None = None, revisions: str | None = None):
    """A draft (.yaml) opened, or any other speech file imported; a Word file's revisions
    and comments are listed on stderr (they are never resolved without a word)."""
    from toolkit import service

    path = Path(path_text)
    if service.is_draft_path(path) or service.version_reference(path_text) is not None:
        return service.open_speech(path_text)
    imported = service.import_file(path, noise_rules=noise_rules, revisions=revisions)
    for line in imported.review.lines(imported.speech):
        print(f"提示：{line.strip()}", file=sys.stderr)
    return imported.speech


def _print_json(data) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


def _shorten(text: str, width: int = 36) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# -- commands -----------------------------------------------------------------------------------
def _cmd_import(args) -> int:
    from toolkit import service
    from toolkit.atomic import check_writable
    from toolkit.model.contract import speech_to_contract

    if args.into:
        return _import_into(args)
    if args.name:
        raise ToolkitError(
            "--name 只能与 --into 一起用", hint="例如 jianggao import 修订稿（返回）.docx --into 草稿.yaml --name 定稿"
        )
    target = service.draft_path(args.output) if args.output else None
    if target is not None:
        check_writable(target, overwrite=args.force)  # fail before the work, not after
    path = Path(args.source)
    if service.is_draft_path(path):
        imported = service.Imported(service.open_speech(path))
    else:
        imported = service.import_file(path, noise_rules=args.noise_rules, revisions=args.revisions)
    speech = imported.speech
    if target is not None:
        service.create_document(target, speech, overwrite=args.force)
    if args.json:
        from toolkit.model.contract import revisions_to_contract

        contract = speech_to_contract(speech)
        if imported.review.revisions:
            contract.update(revisions_to_contract(imported.review))
        _print_json(contract)
        return 0
    print(_import_summary(speech, args.source))
    for line in imported.review.lines(speech):
        print(line)
    if speech.comments and target is not None:
        print(f"批注处理后可运行 jianggao comments {target} --done 编号 标为已处理")
    if target is not None:
        print(f"已保存草稿：{target}")
    else:
        print("（未保存草稿：加 -o 文件名 可保存）")
    return 0


def _import_into(args) -> int:
    """``import 修订稿（返回）.docx --into 草稿.yaml``: the returned file becomes the draft's next version."""
    from toolkit import service

    if args.output or args.json:
        raise ToolkitError(
            "--into 不能与 -o 或 --json 一起用",
            hint="--into 把稿子导入已有的草稿；要另存为新草稿请用 -o",
        )
    returned = service.import_returned(
        args.source, args.into, name=args.name, revisions=args.revisions, noise_rules=args.noise_rules
    )
    speech = returned.imported.speech
    print(f"读取：{args.source}")
    for line in returned.imported.review.lines(speech):
        print(line)
    if returned.kept is not None:
        print(f"草稿原来的内容已存为版本 {returned.kept.number}“{returned.kept.name}”。")
    elif returned.held is not None:
        print(f"草稿原来的内容已在版本 {returned.held.number}“{returned.held.name}”中。")
    print(f"与原来相比：{returned.change}")
    print(f"已导入草稿：{service.draft_path(args.into)}，存为版本 {returned.version.number}“{returned.version.name}”")
    if speech.comments:
        print(f"批注处理后可运行 jianggao comments {args.into} --done 编号 标为已处理")
    return 0


def _import_summary(speech, source: str) -> str:
    from toolkit.model.layout import speech_blocks

    lines = [f"读取：{source}"]
    lines.append(f"标题：{speech.title.replace(chr(10), ' ') if speech.title else '（未找到）'}")
    lines.append(f"署名：{speech.byline.replace(chr(10), ' ') if speech.byline else '（无）'}")
    lines.append(f"称呼：{speech.salutation or '（无）'}")
    lines.append(f"开头：{len(speech.opening)} 段")
    if speech.transition:
        lines.append(f"过渡句：{speech.transition}")
    if speech.points:
        lines.append(f"要点：{len(speech.points)} 点（编号样式：{speech.numbering}）")
        for block in speech_blocks(speech):
            if block.role == "point":
                lines.append(f"  {block.marker} {_shorten(block.lead)}")
            elif block.role == "subpoint":
                lines.append(f"    {block.marker} {_shorten(block.lead)}")
    else:
        lines.append("要点：0 点（没有找到编号的要点）")
    if speech.closing:
        lines.append(f"结尾：{len(speech.closing)} 段，以“{_shorten(speech.closing[0], 14)}”开头")
    else:
        lines.append("结尾：（无）")
    if speech.noise:
        lines.append(f"已去除的广告、水印等：{len(speech.noise)} 处")
        for removed in speech.noise:
            where = f"第{removed.line}行" if removed.line else ""
            lines.append(f"  {where}［{removed.rule}］{_shorten(removed.text, 40)}")
    else:
        lines.append("已去除的广告、水印等：无")
    lines += [f"提示：{hint}" for hint in speech.import_hints]
    return "\n".join(lines)


def _cmd_show(args) -> int:
    from toolkit import service
    from toolkit.model.contract import speech_to_contract
    from toolkit.model.layout import speech_blocks
    from toolkit.model.text import format_duration

    speech = load_speech(args.draft, revisions=args.revisions)
    timing = service.speaking_time(speech, args.rate)
    if args.json:
        _print_json(speech_to_contract(speech, timing=timing))
        return 0
    from toolkit.model.variables import literal_speech

    speech = literal_speech(speech)  # a value with braces shows as typed
    for block in speech_blocks(speech):
        indent = "" if block.role in ("title", "byline", "salutation") else "　　"
        print(f"{indent}{block.text}")
    print()
    whose = f"，{timing.speaker}的语速" if timing.speaker else ""
    print(
        f"字数：{timing.characters}　预计时长：{format_duration(timing.seconds)}"
        f"（每分钟 {timing.rate} 字{whose}）　要点：{len(speech.points)} 点"
    )
    if timing.limit_minutes:
        fit = timing.overrun or f"还余{format_duration(timing.limit_minutes * 60 - timing.seconds)}"
        print(f"讲话时长：限 {timing.limit_minutes} 分钟，{fit}")
    if timing.parts:
        print("各部分预计时长：")
        for part in timing.parts:
            print(f"　　{part.name}　{format_duration(part.seconds)}（{part.characters} 字）")
    return 0


_VARIABLE_HINT = "变量可写入草稿的 variables，或导出时用 --var 填写，如 --var {example}=…"
"""What the command line adds to the checks' "请在“变量”中填写" (the checks name no options)."""
_COMMENT_HINT = "批注处理后，用 jianggao comments {draft} --done 编号 标为已处理"
_COMMENT_IMPORT_HINT = (
    "批注要在草稿里标为已处理：先用 jianggao import {source} -o 草稿 导入，再用 jianggao comments 草稿.yaml --done 编号"
)


def _cmd_check(args) -> int:
    from toolkit import service

    speech = load_speech(args.draft, args.noise_rules, args.revisions)
    if args.reading and args.archive:
        raise ToolkitError("--reading 和 --archive 不能同时使用", hint="请分两次检查")
    if args.reading:
        return _list_readings(service.reading_notes(speech))
    if args.archive:
        return _print_copy_report(service.check_copies(speech))
    problems = service.check(speech, noise_rules=args.noise_rules, rate=args.rate)
    for problem in problems:
        print(problem)
    unfilled = list(dict.fromkeys(p.variable for p in problems if p.variable))
    if unfilled:
        print(_VARIABLE_HINT.format(example=unfilled[0]), file=sys.stderr)
    if any(p.comment is not None for p in problems):
        hint = _COMMENT_HINT if service.is_draft_path(Path(args.draft)) else _COMMENT_IMPORT_HINT
        print(hint.format(draft=args.draft, source=args.draft), file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "problem")
    hints = len(problems) - errors
    if errors:
        print(f"共 {errors} 个问题" + (f"，{hints} 条提示" if hints else "") + "。", file=sys.stderr)
        return 1
    print("未发现问题" + (f"（{hints} 条提示）" if hints else "") + "。", file=sys.stderr)
    return 0


def _print_copy_report(report) -> int:
    """``check --archive``: each checked paragraph with the most alike archived paragraph, then
    the shares copied from 购买 and 上级; 1 when one reaches the settings' warning share."""
    limits = report.thresholds
    for checked in report.paragraphs:
        if checked.best is None:
            print(f"{checked.where}\t—\t素材库中没有相近的段落")
            continue
        found = checked.best
        verdict = "照搬" if checked.share >= limits.copied else "相似" if checked.share >= limits.similar else "不同"
        print(
            f"{checked.where}\t{checked.percent}%\t{verdict}\t{found.speech.source}\t{found.speech.label}"
            f" 第{found.paragraph.position + 1}段\t{_excerpt(found.paragraph.text)}"
            + (f"\t（已记出处：{checked.cited}）" if checked.cited else "")
        )
    shares = "，".join(f"照搬{source}材料的占 {round(report.share(source) * 100)}%" for source in ("购买", "上级"))
    print(
        f"查重：参与比对的正文 {len(report.paragraphs)} 段、{report.characters} 字（{report.compared}），"
        f"对照素材库 {report.speeches} 篇讲稿；{shares}"
        f"（相似度达 {round(limits.similar * 100)}% 算相似，达 {round(limits.copied * 100)}% 算照搬）。",
        file=sys.stderr,
    )
    if not report.speeches:
        print("素材库是空的：请先用 jianggao archive add 收入以往讲稿。", file=sys.stderr)
    over = report.over()
    if over:
        print(
            f"照搬{'和'.join(over)}材料的部分已达参与比对正文的 {round(limits.share * 100)}%，请改写这些段落，或注明出处。",
            file=sys.stderr,
        )
        return 1
    return 0


def _excerpt(text: str, length: int = 30) -> str:
    """The start of *text*, cut at *length* characters with …"""
    return text if len(text) <= length else text[:length] + "…"


def _list_readings(notes: list) -> int:
    """``check --reading``: each word or character that gets pinyin, one a line; 1 when one has no reading."""
    for note in notes:
        print(note.line())
    missing = [note.word for note in notes if not note.reading]
    if not notes:
        print("念稿版中没有要加注拼音的字词。", file=sys.stderr)
        return 0
    print(
        f"念稿版中共 {len(notes)} 个字词加注拼音（字词　读音　来源　位置）。读音不对或要补注的，"
        "请在草稿的 readings 中写上“词语: 读音”，如 六安: Lù'ān",
        file=sys.stderr,
    )
    if missing:
        print(f"“{'”“'.join(missing)}”找不到读音，请在草稿的 readings 中写出它的读音。", file=sys.stderr)
        return 1
    return 0


def _cmd_comments(args) -> int:
    from toolkit import service
    from toolkit.model.review import describe_comment

    path = Path(args.draft)
    changes = [(number, True) for number in args.done] + [(number, False) for number in args.reopen]
    if not service.is_draft_path(path):
        if changes:
            raise ToolkitError(
                "只能在草稿中把批注标为已处理",
                where=args.draft,
                hint=f"请先运行 jianggao import {args.draft} -o 草稿，再对 草稿.yaml 使用 --done",
            )
        speech = service.import_file(path).speech
        document = None
    else:
        document = service.open_document(path)
        speech = document.speech
    for number, _done in changes:
        if not 1 <= number <= len(speech.comments):
            count = f"共 {len(speech.comments)} 条" if speech.comments else "这份草稿没有批注"
            raise ToolkitError(
                f"没有第 {number} 条批注（{count}）", where=args.draft, hint="不加 --done 运行可列出批注和编号"
            )
    for number, done in changes:
        speech.comments[number - 1].done = done
    if changes and document is not None:
        document.save()
    if not speech.comments:
        print("没有批注。")
        return 0
    for number, comment in enumerate(speech.comments, 1):
        print(describe_comment(comment, speech, number))
    open_count = sum(1 for comment in speech.comments if not comment.done)
    for number, done in changes:
        print(f"已把批注 {number} 标为{'已处理' if done else '未处理'}。", file=sys.stderr)
    print(f"共 {len(speech.comments)} 条批注，{open_count} 条未处理。", file=sys.stderr)
    return 0


def _cmd_templates(args) -> int:
    from toolkit.templating.library import KINDS, Library

    library = Library()
    if args.action == "show":
        if not args.template_id:
            raise ToolkitError("请给出要显示的模板编号", hint="例如：jianggao templates show 例会讲话")
        template = library.get(args.template_id)
        print(f"编号：{template.id}\n类型：{template.kind_label}（{template.kind}）\n标题：{template.title}")
        if template.tags:
            print("标签：" + "、".join(template.tags))
        if template.description:
            print(f"说明：{template.description}")
        if args.paths:
            print(f"文件：{template.path}")
        print("变量：" + ("（无）" if not template.variables else ""))
        for spec in template.variables:
            default = "" if spec.default is None else f"；默认：{spec.default}"
            choices = f"；可选：{'、'.join(spec.choices)}" if spec.choices else ""
            example = "、".join(map(str, spec.example)) if isinstance(spec.example, list) else spec.example
            print(f"  {spec.name}（{spec.label}）：{spec.help}　例：{example}{default}{choices}")
        print("—— 模板正文 ——")
        print(template.body.rstrip())
        return 0
    templates = library.search(args.search, args.kind)
    for reason in library.unreadable.values():  # skipped, so the rest of the library still works
        print(f"【有问题，已跳过】{reason}", file=sys.stderr)
    if not templates:
        print("没有符合条件的模板。", file=sys.stderr)
        return 0
    from toolkit.templating.sections import template_problem

    for template in templates:
        names = "、".join(spec.name for spec in template.variables) or "（无变量）"
        line = f"{template.id}　[{KINDS[template.kind]}]　{template.title}　变量：{names}"
        if args.paths:
            line += f"　来自：{template.path.parent if template.path else ''}"
        problem = template_problem(template)  # a broken one is listed with why (its render has a budget)
        if problem:
            line += f"　【有问题】{problem}"
        print(line)
    print(f"共 {len(templates)} 个模板。", file=sys.stderr)
    return 0


def _cmd_new(args) -> int:
    from toolkit import service
    from toolkit.atomic import check_writable
    from toolkit.templating.library import Library
    from toolkit.templating.sections import speech_from_skeleton

    values = service.gather_values(files=[args.vars] if args.vars else [], assignments=args.var)
    target = service.draft_path(args.output)
    check_writable(target, overwrite=args.force)
    template = Library().get(args.template)
    speech = speech_from_skeleton(template, values)
    service.create_document(target, speech, overwrite=args.force)
    from toolkit.model.variables import unfilled_variables

    print(f"已新建草稿：{target}（骨架：{template.title}，{len(speech.points)} 点）")
    missing = [name for name, _ in unfilled_variables(speech)]
    if missing:
        print("还需填写的变量：" + "、".join(missing) + "（导出时用 --var 名称=值，或写入草稿的 variables）")
    return 0


def _cmd_batch(args) -> int:
    from toolkit.batch import run_batch

    result = run_batch(
        args.source, args.vars, args.output, template=args.template, overwrite=args.force, progress=not args.quiet
    )
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    for failure in result.failures:
        print(f"失败：{failure}", file=sys.stderr)
    print(f"{result.summary}，输出在 {args.output}")
    _print_styles(result.styles)
    return 1 if result.failures else 0


def _print_styles(lines: list[str]) -> None:
    """Through a house template: which style each part of the speech used."""
    from toolkit import service

    if lines:
        print(f"{service.STYLES_HEADING}：")
        for line in lines:
            print(f"  {line}")


def _cmd_archive(args) -> int:
    from toolkit import service

    if args.action == "add":
        return _archive_add(args)
    if args.action == "search":
        hits = service.archive_search(
            args.words, part=args.part, source=args.source, level=args.level, since=args.since,
            speaker=args.speaker, limit=args.limit, require_terms=True,
        )  # fmt: skip
        if args.json:
            _print_json([_hit_data(hit) for hit in hits])
        else:
            _print_hits(hits)
        if len(hits) >= args.limit:
            print(f"列出了最相关的 {len(hits)} 段，可能还有更多（加 --limit 可列出更多）。", file=sys.stderr)
        else:
            print(f"找到 {len(hits)} 段。" if hits else "没有找到含这些词语的段落。", file=sys.stderr)
        return 0
    with service.open_archive(create=False) as archive:
        if args.action == "list":
            speeches = archive.speeches()
            if args.json:
                _print_json([_speech_data(speech) for speech in speeches])
            for speech in [] if args.json else speeches:
                when = speech.date.isoformat() if speech.date else "日期不详"
                level = f"{speech.level}级" if speech.level else "级别不详"
                print(
                    f"{speech.id}\t{when}\t{speech.source}\t{level}\t{speech.title or '（无标题）'}\t{speech.speaker}"
                )
            print(f"共 {len(speeches)} 篇讲稿。", file=sys.stderr)
        elif args.action == "remove":
            missing = [number for number in args.ids if archive.speech(number) is None]
            if missing:
                raise ToolkitError(
                    f"素材库中没有编号为 {missing[0]} 的讲稿", hint="编号见 jianggao archive list；没有删除任何讲稿"
                )
            for number in args.ids:
                title = archive.speech(number).title
                archive.remove(number)
                print(f"已删除：{number}　{title}", file=sys.stderr)
        else:
            speeches, paragraphs = archive.counts()
            kind = "PostgreSQL 数据库" if "://" in archive.location else "SQLite 文件"
            print(f"素材库：{archive.location}（{kind}）")
            print(f"讲稿 {speeches} 篇，段落 {paragraphs} 段")
            if hasattr(archive, "trigram_ready") and not archive.trigram_ready():
                print("提示：这个数据库的字符分类不是 UTF-8，三字以上的查找不能用索引，会较慢（见 docs/archive.md）")
    return 0


def _archive_add(args) -> int:
    from toolkit import service

    def progress(path: Path) -> None:
        if service.needs_libreoffice(path):
            print(f"正在转换：{path}", file=sys.stderr)

    report = service.archive_files(args.paths, source=args.source, level=args.level, progress=progress)
    noise = dict(report.noise)
    for path, speech in report.added:
        when = speech.date.isoformat() if speech.date else "日期不详"
        line = f"已收入：{path} → {speech.title or '（无标题）'}（{when}，{speech.source}"
        line += f"，{speech.level}级" if speech.level else ""
        line += f"），{len(speech.paragraphs)} 段"
        if path in noise:
            line += f"；去除广告 {len(noise[path])} 行"
        print(line)
        for removed in noise.get(path, []):
            print(f"    去除：{_shorten(removed.text, 40)}（{removed.rule}）")
    for path, existing in report.duplicates:
        print(f"已跳过：{path}（素材库中已有同样内容的讲稿：{existing.id}　{existing.title or '（无标题）'}）")
    for _path, reason in report.failed:
        print(f"未收入：{reason}", file=sys.stderr)
    print(
        f"收入 {len(report.added)} 篇，跳过重复 {len(report.duplicates)} 篇，失败 {len(report.failed)} 篇。",
        file=sys.stderr,
    )
    return 1 if report.failed else 0


def _speech_data(speech) -> dict:
    return {
        "id": speech.id,
        "title": speech.title,
        "date": speech.date.isoformat() if speech.date else None,
        "speaker": speech.speaker,
        "level": speech.level,
        "source": speech.source,
        "file": speech.file,
        "added": speech.added,
    }


def _hit_data(hit) -> dict:
    paragraph = hit.paragraph
    return {
        "speech": _speech_data(hit.speech),
        "paragraph": {"id": paragraph.id, "part": paragraph.part, "key": paragraph.key, "text": paragraph.text},
        "score": round(hit.score, 4),
        "matches": [list(span) for span in hit.spans],
    }


def _print_hits(hits) -> None:
    color = sys.stdout.isatty()
    for number, hit in enumerate(hits, 1):
        text = hit.marked("\033[1;31m", "\033[0m") if color else hit.marked()
        speech = hit.speech
        when = f"{speech.date.year}年{speech.date.month}月{speech.date.day}日" if speech.date else "日期不详"
        print(f"{number}. [{hit.paragraph.part}] {text}")
        print(f"   —— {speech.title or '（无标题）'}（{when}，{speech.source}，编号 {speech.id}）")


def _cmd_version(args) -> int:
    from toolkit import service

    version = service.save_version(args.draft, args.name)
    print(f"已保存版本 {version.number}“{version.name}”：{version.path}")
    if version.name != args.name.strip():
        print(f"提示：已有名为“{args.name.strip()}”的版本，这次存为“{version.name}”。", file=sys.stderr)
    return 0


def _cmd_versions(args) -> int:
    from toolkit import service
    from toolkit.model.text import speech_character_count
    from toolkit.model.textdiff import summarize

    entries = service.versions(args.draft)
    if not entries:
        print(f"这份草稿还没有保存过版本。用 jianggao version {args.draft} --name 送审稿 保存一个。")
        return 0
    damaged = []
    for entry in entries:
        version = entry.version
        automatic = "（自动）" if version.automatic else ""
        if entry.problem:
            print(f"{version.number:>3}  {version.name}{automatic}  {version.saved_text}  文件已损坏")
            damaged.append(entry.problem)
            continue
        print(
            f"{version.number:>3}  {version.name}{automatic}  {version.saved_text}  {entry.characters} 字  {entry.change}"
        )
    readable = [entry for entry in entries if not entry.problem]
    if readable:
        current = service.open_speech(args.draft)
        last = service.version_speech(args.draft, readable[-1].version.number)
        change = summarize(last, current)
        print(f"当前草稿：{speech_character_count(current)} 字，与“{readable[-1].version.name}”相比：{change}")
    for problem in damaged:
        print(f"{PROG}：{problem}", file=sys.stderr)
    return 2 if damaged else 0


def _cmd_restore(args) -> int:
    from toolkit import service

    restored = service.restore_version(args.draft, args.name)
    if restored.kept is not None:
        print(f"恢复前的内容已存为版本 {restored.kept.number}“{restored.kept.name}”。")
    print(f"草稿已恢复为版本 {restored.version.number}“{restored.version.name}”：{args.draft}")
    return 0


def _cmd_compare(args) -> int:
    from toolkit import service
    from toolkit.atomic import check_writable

    values = service.gather_values(files=[args.vars] if args.vars else [], assignments=args.var)
    output = Path(args.output) if args.output else service.default_revision_path(args.new)
    service.check_revision_sources(args.old, args.new, output)
    check_writable(output, overwrite=args.force)  # fail before the work, not after
    old = load_speech(args.old, args.noise_rules, args.revisions)
    new = load_speech(args.new, args.noise_rules, args.revisions)
    options = service.ExportOptions(allow_placeholders=args.allow_placeholders)
    result = service.export_revision(
        old,
        new,
        output,
        author=args.author,
        template=args.template,
        values=values,
        options=options,
        overwrite=args.force,
    )
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    print(f"已写出修订稿：{result.path}（{result.summary}）")
    print("在 Word 或 WPS 中打开，在“审阅”中可逐处接受或拒绝修订。")
    _print_styles(result.styles)
    return 0


def _cmd_compose(args) -> int:
    from toolkit.notebook.app import run_composer

    return run_composer(args.draft, port=args.port, open_browser=not args.no_browser)


def _cmd_export(args) -> int:
    from toolkit import service

    values = service.gather_values(files=[args.vars] if args.vars else [], assignments=args.var)
    format = _export_format(args)
    if args.preview:
        service.require_page_renderer()  # say so before anything is written
    output = Path(args.output) if args.output else service.default_output_path(Path(args.source), format or "docx")
    service.prepare_output(output, format=format, overwrite=args.force)  # fail before the work, not after
    speech = load_speech(args.source, args.noise_rules, args.revisions)
    options = service.ExportOptions(
        page_numbers=args.page_numbers,
        lead_font=args.lead,
        grid=args.grid,
        style_names=service.load_style_names(args.styles) if args.styles else {},
        allow_placeholders=args.allow_placeholders,
        reading_size=args.reading_size,
        point_per_page=args.point_per_page,
    )
    result = service.export(
        speech, output, format=format, template=args.template, options=options, values=values, overwrite=args.force
    )
    for warning in result.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    print(f"已导出：{result.path}")
    _print_styles(result.styles)
    if args.preview:
        pages = service.page_images(result.path, args.preview)
        print(f"页面图片：{len(pages)} 页，在 {args.preview}")
    return 0


def _export_format(args) -> str | None:
    """``reading`` with --reading-copy, else ``None`` (the output's suffix says: .docx or .pdf);
    options that belong to the other one refused."""
    if not args.reading_copy:
        only = [
            name
            for name, given in (("--reading-size", args.reading_size), ("--point-per-page", args.point_per_page))
            if given
        ]
        if only:
            raise ToolkitError(f"{only[0]} 只用于念稿版", hint="请同时加 --reading-copy")
        return None
    official = [
        name
        for name, given in (
            ("--template", args.template),
            ("--styles", args.styles),
            ("--page-numbers", args.page_numbers),
            ("--grid", args.grid),
        )
        if given
    ]
    if official:
        raise ToolkitError(
            f"念稿版按自己的大字格式排版，不能同时用 {official[0]}",
            hint="请去掉这个选项；单位模板和页码、网格设置只用于公文格式的导出",
        )
    return "reading"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
