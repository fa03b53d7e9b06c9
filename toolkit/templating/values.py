"""Variable values given on the command line or in a file (``--var 名称=值``, ``--vars 文件.yaml``)."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import TemplateError


def parse_variable_assignments(assignments: list[str]) -> dict[str, str]:
    """``["县名=某县"]`` → ``{"县名": "某县"}``; a malformed one is a clear error."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise TemplateError(f"--var 的写法不对：“{item}”", hint="应写成 --var 名称=值，例如 --var 县名=某某县")
        values[name.strip()] = value
    return values


def load_variable_file(path_text: str) -> dict[str, str]:
    """Variables from a YAML (or JSON) file of ``名称: 值`` lines."""
    import yaml

    path = Path(path_text)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise TemplateError("找不到变量文件", where=path, hint="请检查 --vars 的路径") from None
    except IsADirectoryError:
        raise TemplateError("变量文件应是一个 .yaml 文件，这里给的是文件夹", where=path) from None
    except UnicodeDecodeError:
        raise TemplateError("变量文件不是 UTF-8 文本", where=path, hint="请另存为 UTF-8 编码") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path} 第{mark.line + 1}行" if mark else path
        raise TemplateError("变量文件的格式不对", where=where, hint="每行写“名称: 值”") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TemplateError("变量文件应是“名称: 值”的形式", where=path)
    return {str(k): "" if v is None else str(v) for k, v in data.items()}
