"""One YAML reader for every file the toolkit reads: the same one-line Chinese message
naming the file and line, and anchors, aliases and foreign tags refused everywhere."""

import pytest
from conftest import run_cli

from toolkit.errors import DraftFormatError, InputFileError, TemplateError
from toolkit.yamlfile import load_yaml_mapping

BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b]\n"
)


def test_an_alias_is_refused_with_its_line():
    with pytest.raises(InputFileError, match=r"变量文件 第1行：YAML 中不支持锚点和别名"):
        load_yaml_mapping(BOMB, source="变量文件", what="")


def test_a_foreign_tag_is_refused():
    with pytest.raises(InputFileError, match="不支持“tag:yaml.org,2002:python/object"):
        load_yaml_mapping("a: !!python/object:os.system {}\n", source="x.yaml", what="设置文件")


def test_a_list_where_a_mapping_belongs_names_the_shape():
    with pytest.raises(TemplateError, match="x.yaml 第1行：变量文件应是“名称: 值”的形式"):
        load_yaml_mapping("- a\n- b\n", source="x.yaml", what="变量文件", error=TemplateError, shape="“名称: 值”")


def test_plain_values_come_back_as_data():
    assert load_yaml_mapping("县名: 某县\n要点: [甲, 乙]\n", source="x", what="变量文件") == {
        "县名": "某县",
        "要点": ["甲", "乙"],
    }


@pytest.mark.parametrize(
    "command, name",
    [
        (["export", "{draft}", "-o", "{out}", "--vars", "{yaml}"], "vars.yaml"),
        (["export", "{draft}", "-o", "{out}", "--styles", "{yaml}"], "styles.yaml"),
    ],
)
def test_alias_bombs_in_files_given_to_the_command_are_refused(tmp_path, command, name):
    from toolkit.drafts import save_draft
    from toolkit.model import Speech

    draft = save_draft(Speech(title="在会议上的讲话", opening=["今天开会。"]), tmp_path / "d.yaml")
    bomb = tmp_path / name
    bomb.write_text(BOMB, encoding="utf-8")
    out = tmp_path / "o.docx"
    args = [a.format(draft=draft, out=out, yaml=bomb) for a in command]
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert "锚点和别名" in result.stderr and name in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_an_alias_in_a_draft_is_refused(tmp_path):
    from toolkit.drafts import open_draft

    path = tmp_path / "d.yaml"
    path.write_text("format: jianggao-draft 1\ntitle: &t 标题\nsalutation: *t\n", encoding="utf-8")
    with pytest.raises(DraftFormatError, match="d.yaml 第2行：YAML 中不支持锚点和别名"):
        open_draft(path)


def test_an_alias_bomb_in_a_variables_cell_is_refused():
    from toolkit.notebook.cells import parse_variables_cell

    with pytest.raises(TemplateError, match="本单元格 第2行：变量单元格的 YAML 中不支持锚点和别名"):
        parse_variables_cell(BOMB)
