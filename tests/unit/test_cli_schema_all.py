"""`checkoutctl schema --all DIR` and the editor set-up the README shows (issue 12)."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from checkoutctl.providers import registry
from tests.conftest import ROOT, SAMPLES


def test_schema_all_writes_one_schema_per_provider(cli, tmp_path):
    out = tmp_path / "schemas" / "nested"
    res = cli("schema", "--all", str(out))
    assert res.code == 0, res.err
    written = res.out.splitlines()
    assert written == [str(out / f"{name}.schema.json") for name in registry.names()]
    for name in registry.names():
        schema = json.loads((out / f"{name}.schema.json").read_text())
        assert schema == json.loads(cli("schema", name).out)
        sample = yaml.safe_load((SAMPLES / f"{name}.yaml").read_text())
        jsonschema.Draft202012Validator(schema).validate(sample)


def test_schema_needs_a_provider_or_all_not_both(cli, tmp_path):
    assert cli("schema").code == 2
    res = cli("schema", "pagbank", "--all", str(tmp_path))
    assert res.code == 2 and "PROVIDER or --all" in res.err


def test_schema_all_into_an_unwritable_place_is_a_usage_error(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    res = cli("schema", "--all", str(blocker / "sub"))
    assert res.code == 2 and "cannot write schemas" in res.err and "Traceback" not in res.err


def test_a_yaml_language_server_modeline_is_only_a_comment_to_validate(cli, write):
    text = "# yaml-language-server: $schema=../schemas/pagbank.schema.json\n" + (SAMPLES / "pagbank.yaml").read_text()
    assert cli("validate", write("o.yaml", text)).code == 0


def test_the_readmes_editor_settings_name_the_files_schema_all_writes():
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Editors"):readme.index("### Rule ids")]
    assert "# yaml-language-server: $schema=" in section
    settings = json.loads(re.search(r"```json\n(.*?)```", section, re.S)[1])
    names = {f"{n}.schema.json" for n in registry.names()}
    assert settings["yaml.schemas"] and all(key.rsplit("/", 1)[1] in names for key in settings["yaml.schemas"])


def test_the_readme_lists_every_rule_id(cli):
    readme = (ROOT / "README.md").read_text()
    for row in cli("validate", "--rules").out.splitlines()[1:]:
        rule = row.split("\t")[0]
        assert f"| `{rule}` |" in readme, rule
