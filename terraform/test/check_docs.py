#!/usr/bin/env python3
"""Checks that terraform/README.md's Inputs and Outputs tables (between the BEGIN_TF_DOCS markers, in
terraform-docs' format) list every variable of variables.tf with its default, and every output of outputs.tf,
and nothing else. terraform-docs is not needed: the .tf files are read directly. Exits 1 on any difference.

    terraform/test/check_docs.py [MODULE_DIR]      # default: the module beside this script
"""
import pathlib
import re
import sys

BLOCK = re.compile(r'^(variable|output) "([^"]+)" \{$')
DEFAULT = re.compile(r'^  default\s*=\s*(.*)$')
INPUT_ROW = re.compile(r'^\| <a name="input_([^"]+)"></a>')
OUTPUT_ROW = re.compile(r'^\| <a name="output_([^"]+)"></a>')


def declared(path, kind):
    """Names of the top-level blocks of this kind, with the variables' defaults (None: required)."""
    found = {}
    name = None
    for line in path.read_text().splitlines():
        start = BLOCK.match(line)
        if start:
            name = start.group(2) if start.group(1) == kind else None
            if name is not None:
                found[name] = None
            continue
        if line == "}":
            name = None
        elif name is not None and kind == "variable":
            default = DEFAULT.match(line)
            if default:
                value = default.group(1).strip()
                if value.endswith(("{", "[", "(")) or value.startswith("<<"):
                    sys.exit(f"{path}: the default of {name} spans several lines; this check reads one-line defaults")
                found[name] = value
    return found


def cells(row):
    """The cells of a Markdown table row; a backslash-escaped pipe stays in its cell."""
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def documented(readme):
    text = readme.read_text()
    try:
        tables = text[text.index("<!-- BEGIN_TF_DOCS -->"):text.index("<!-- END_TF_DOCS -->")]
    except ValueError:
        sys.exit(f"{readme}: no BEGIN_TF_DOCS/END_TF_DOCS markers")
    inputs, outputs = {}, set()
    for line in tables.splitlines():
        row = INPUT_ROW.match(line)
        if row:
            row_cells = cells(line)
            default, required = row_cells[-2], row_cells[-1]
            inputs[row.group(1)] = None if (default, required) == ("n/a", "yes") else default.strip("`")
        row = OUTPUT_ROW.match(line)
        if row:
            outputs.add(row.group(1))
    return inputs, outputs


def main():
    module = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent
    readme = module / "README.md"
    variables = {}
    outputs = set()
    for tf in sorted(module.glob("*.tf")):
        variables.update(declared(tf, "variable"))
        outputs.update(declared(tf, "output"))
    doc_inputs, doc_outputs = documented(readme)

    problems = []
    for name in sorted(variables.keys() - doc_inputs.keys()):
        problems.append(f"variable {name} (default {variables[name] or 'none: required'}) has no row in the Inputs table")
    for name in sorted(doc_inputs.keys() - variables.keys()):
        problems.append(f"the Inputs table lists {name}, which no .tf file declares")
    for name in sorted(variables.keys() & doc_inputs.keys()):
        if variables[name] != doc_inputs[name]:
            shown = lambda value: "n/a (required)" if value is None else value
            problems.append(f"variable {name}: default {shown(variables[name])} in the code, {shown(doc_inputs[name])} in the README")
    for name in sorted(outputs - doc_outputs):
        problems.append(f"output {name} has no row in the Outputs table")
    for name in sorted(doc_outputs - outputs):
        problems.append(f"the Outputs table lists {name}, which no .tf file declares")

    for problem in problems:
        print(f"{readme}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{readme}: {len(variables)} variables and {len(outputs)} outputs documented with their defaults")


if __name__ == "__main__":
    main()
