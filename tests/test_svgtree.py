"""The re-use network as inline SVG (generator/svgtree.py): structure, layout, escaping, size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator import svgtree
from generator.svgtree import Node, draw, edges, rows

SVG = "{http://www.w3.org/2000/svg}"
LONG = "Verbandsgemeinde Bad Münster am Stein-Ebernburg und Umgebung im schönen Landkreis Bad Kreuznach"


def sample() -> list[Node]:
    return [
        Node("case:musterstadt-app", "Stadt Musterstadt", "Mängelmelder · seit 2019", href="../faelle/musterstadt-app/",
             groups=("buergerservice", "digitales"), children=(
                 Node("adoption:a", "Landeshauptstadt Düsseldorf", "seit 2020", href="../kommunen/duesseldorf/", children=(
                     Node("adoption:a1", "Stadt Mönchengladbach", "seit 2021"),
                     Node("adoption:a2", "Gemeinde Grefrath", "2021–2023 · eingestellt", muted=True),
                 )),
                 Node("adoption:b", LONG, "seit 2022"),
             )),
        Node("case:osnabrueck-laden", "Landkreis Osnabrück", "Ladesäulen-Kataster", groups=("mobilitaet",), children=(
            Node("adoption:c", "Gemeinde Bissendorf", muted=True),
            Node("adoption:d", "Stadt Melle"),
        )),
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # fails on anything that is not well-formed XML


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "pb-netz__node" in g.get("class", "").split()]


def tree_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "pb-netz__tree"]


def edge_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{SVG}path") if "pb-netz__edge" in p.get("class", "").split()]


def count(forest) -> int:
    total, stack = 0, list(forest)
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node.children)
    return total


def test_svg_element_viewbox_and_accessibility():
    forest = sample()
    root = parse(draw(forest, title="Nachnutzungsnetz", description="Wer hat was nachgenutzt", id_prefix="netz"))
    assert root.tag == f"{SVG}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    assert (x, y, width) == (0, 0, 360)
    assert height == svgtree.height(forest) > 0
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("preserveAspectRatio") == "xMinYMin meet"
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert root.get("role") is None and root.get("id") == "netz"
    assert root.find(f"{SVG}title").get("id") == "netz-title"
    assert root.find(f"{SVG}title").text == "Nachnutzungsnetz"
    assert root.find(f"{SVG}desc").get("id") == "netz-desc"
    assert root.find(f"{SVG}desc").text == "Wer hat was nachgenutzt"
    # the text alternative below the drawing holds the links: none in here, nothing focusable
    assert not list(root.iter(f"{SVG}a"))
    assert not any("href" in attribute for element in root.iter() for attribute in element.attrib)
    assert not any(element.get("tabindex") for element in root.iter())


def test_one_group_per_node_in_drawing_order():
    forest = sample()
    groups = node_groups(parse(draw(forest, title="t", description="d")))
    assert len(groups) == count(forest) == rows(forest) == 8
    assert [g.get("data-key") for g in groups] == [
        "case:musterstadt-app", "adoption:a", "adoption:a1", "adoption:a2", "adoption:b",
        "case:osnabrueck-laden", "adoption:c", "adoption:d"]
    assert [g.get("data-key") for g in groups if "pb-netz__node--root" in g.get("class")] == [
        "case:musterstadt-app", "case:osnabrueck-laden"]
    for g in groups:  # every node: title first, a marker, a label
        assert g[0].tag == f"{SVG}title"
        assert any(child.tag in (f"{SVG}circle", f"{SVG}rect") for child in g)
        assert g.find(f"{SVG}text").get("class") == "pb-netz__label"


def test_edges_in_drawing_order():
    forest = sample()
    assert edges(forest) == [
        ("case:musterstadt-app", "adoption:a"), ("adoption:a", "adoption:a1"), ("adoption:a", "adoption:a2"),
        ("case:musterstadt-app", "adoption:b"),
        ("case:osnabrueck-laden", "adoption:c"), ("case:osnabrueck-laden", "adoption:d"),
    ]
    assert len(edges(forest)) == count(forest) - len(forest)
    assert edges([]) == [] and rows([]) == 0


def test_indentation_and_rows():
    groups = node_groups(parse(draw(sample(), title="t", description="d")))
    x = {g.get("data-key"): float(g.find(f"{SVG}text").get("x")) for g in groups}
    step = svgtree.INDENT
    assert x["adoption:a"] == x["case:musterstadt-app"] + step == x["adoption:b"]
    assert x["adoption:a1"] == x["adoption:a"] + step == x["adoption:a2"]
    assert x["case:osnabrueck-laden"] == x["case:musterstadt-app"]
    # within a tree each row lies below the one before
    first_tree = [float(g.find(f"{SVG}text").get("y")) for g in groups[:5]]
    assert first_tree == sorted(first_tree) and len(set(first_tree)) == 5


def test_long_label_is_cut_and_kept_whole_in_title():
    groups = {g.get("data-key"): g for g in node_groups(parse(draw(sample(), title="t", description="d")))}
    long_node = groups["adoption:b"]
    shown = long_node.find(f"{SVG}text").text
    assert shown.endswith("…") and len(shown) < len(LONG)
    assert LONG.startswith(shown[:-1])
    assert long_node.find(f"{SVG}title").text == f"{LONG} – seit 2022"
    # estimated width of what is shown fits the room right of the text's start
    text_x = float(long_node.find(f"{SVG}text").get("x"))
    estimate = sum(svgtree._char_width(c) for c in shown) * svgtree.FONT_SIZE
    assert text_x + estimate <= svgtree.WIDTH - svgtree.RIGHT_PAD
    # short labels stay whole
    assert groups["adoption:a"].find(f"{SVG}text").text == "Landeshauptstadt Düsseldorf"
    assert groups["adoption:a"].find(f"{SVG}title").text == "Landeshauptstadt Düsseldorf – seit 2020"
    assert groups["adoption:d"].find(f"{SVG}title").text == "Stadt Melle"


def test_long_detail_is_cut_too():
    detail = "Ladesäulen-Kataster für Elektromobilität im ländlichen Raum mit offener Schnittstelle · seit 2021"
    group = node_groups(parse(draw([Node("k", "Kreis", detail)], title="t", description="d")))[0]
    shown = group.find(f"{SVG}text[@class='pb-netz__detail']").text
    assert shown.endswith("…") and detail.startswith(shown[:-1].rstrip())
    assert group.find(f"{SVG}title").text == f"Kreis – {detail}"


def test_all_capitals_are_estimated_wider():
    capitals = svgtree._fit("WWW ÄÖÜ GROSSBUCHSTABEN HAUPTSTADT", 200, 14)
    lower = svgtree._fit("www äöü grossbuchstaben hauptstadt", 200, 14)
    assert capitals.endswith("…") and len(capitals) < len(lower)


def test_muted_nodes_and_edges():
    root = parse(draw(sample(), title="t", description="d"))
    groups = {g.get("data-key"): g for g in node_groups(root)}
    muted = {key for key, g in groups.items() if "pb-netz__node--muted" in g.get("class").split()}
    assert muted == {"adoption:a2", "adoption:c"}
    for key in muted:
        marker = groups[key].find(f"{SVG}circle")
        assert marker.get("fill") == "none" and marker.get("stroke") == "currentColor"
        assert groups[key].find(f"{SVG}text").get("fill-opacity") == svgtree.DIM_TEXT
    assert groups["adoption:a1"].find(f"{SVG}circle").get("fill") == "currentColor"
    assert groups["adoption:a1"].find(f"{SVG}text").get("fill-opacity") is None
    for path in edge_paths(root):
        is_muted = "pb-netz__edge--muted" in path.get("class").split()
        assert (path.get("stroke-dasharray") is not None) == is_muted
    # the edges group carries the stroke, so the drawing looks right without CSS
    edges_group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "pb-netz__edges")
    assert edges_group.get("stroke") == "currentColor" and edges_group.get("fill") == "none"


def test_muted_child_before_an_active_sibling_keeps_the_trunk_solid():
    def dashed(forest):
        return [p.get("d") for p in edge_paths(parse(draw(forest, title="t", description="d")))
                if p.get("stroke-dasharray")]

    last_muted = [Node("r", "Wurzel", children=(Node("a", "Aktiv"), Node("m", "Beendet", muted=True)))]
    first_muted = [Node("r", "Wurzel", children=(Node("m", "Beendet", muted=True), Node("a", "Aktiv")))]
    # the last child is discontinued: its whole elbow is dashed
    assert len(dashed(last_muted)) == 1 and "V" in dashed(last_muted)[0] and "H" in dashed(last_muted)[0]
    # an active sibling follows: the vertical line is still in use (solid), only the stub is dashed
    assert len(dashed(first_muted)) == 1 and "V" not in dashed(first_muted)[0]
    assert len(edge_paths(parse(draw(first_muted, title="t", description="d")))) == 3


def test_untrusted_text_is_escaped():
    evil = '<script>alert("x")</script>'
    forest = [Node('case:"><script>x</script>', evil, f"{evil} & Co", href='javascript:alert(1)"',
                   groups=('a"><script>', "b"), children=(Node("k2", "Gemeinde\x00\x1f <b>fett</b>"),))]
    svg = draw(forest, title=evil, description=evil, id_prefix='x"><script>')
    assert "<script>" not in svg and "<b>" not in svg and "javascript:" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    groups = node_groups(root)
    assert groups[0].get("data-key") == 'case:"><script>x</script>'
    assert groups[0].find(f"{SVG}text").text == evil
    assert groups[0].find(f"{SVG}title").text == f"{evil} – {evil} & Co"
    assert groups[1].find(f"{SVG}text").text == "Gemeinde <b>fett</b>"  # control characters dropped
    assert root.find(f"{SVG}title").text == evil
    assert tree_groups(root)[0].get("data-groups") == 'a"><script> b'


def test_data_groups_on_trees_only():
    root = parse(draw(sample(), title="t", description="d"))
    trees = tree_groups(root)
    assert [t.get("data-groups") for t in trees] == ["buergerservice digitales", "mobilitaet"]
    assert [t.find(f"{SVG}g[@class='pb-netz__node pb-netz__node--root']").get("data-key") for t in trees] == [
        "case:musterstadt-app", "case:osnabrueck-laden"]
    assert not any(g.get("data-groups") is not None for g in node_groups(root))
    no_groups = parse(draw([Node("k", "Stadt")], title="t", description="d"))
    assert tree_groups(no_groups)[0].get("data-groups") == ""


def test_trees_are_stacked_and_can_be_restacked():
    forest = sample()
    root = parse(draw(forest, title="t", description="d"))
    pad, gap = int(root.get("data-pad")), int(root.get("data-gap"))
    y = pad
    for tree in tree_groups(root):
        assert tree.get("transform") == f"translate(0 {y})"
        y += int(tree.get("data-height")) + gap
    assert root.get("viewBox") == f"0 0 360 {y - gap + pad}"


def test_deterministic():
    first = draw(sample(), title="Netz", description="Beschreibung")
    assert first == draw(sample(), title="Netz", description="Beschreibung")
    assert first.encode() == draw(tuple(sample()), title="Netz", description="Beschreibung").encode()


def test_numbers_have_at_most_one_decimal():
    svg = draw(sample(), title="t", description="d")
    numbers = re.findall(r"\d+(?:\.\d+)?", " ".join(
        value for element in parse(svg).iter() for key, value in element.attrib.items() if not key.startswith("data-k")))
    assert numbers and all(len(n.partition(".")[2]) <= 1 for n in numbers)


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError, match="doppelt"):
        draw([Node("k", "A"), Node("k", "B")], title="t", description="d")
    with pytest.raises(ValueError):
        draw([Node("r", "A", children=(Node("r", "B"),))], title="t", description="d")


def test_empty_forest_and_max_width():
    root = parse(draw([], title="t", description="d"))
    assert root.get("viewBox") == f"0 0 360 {2 * svgtree.PAD}" and not node_groups(root)
    assert "max-width:440px" in root.get("style")
    assert parse(draw([], title="t", description="d", max_width=None)).get("style") is None


def test_large_forest_draws():
    forest = [Node(f"case:{i}", f"Stadt Nummer {i}", "Lösung", groups=("thema",), children=tuple(
        Node(f"adoption:{i}:{j}", f"Gemeinde {j} im Landkreis {i}", "seit 2022", muted=j % 4 == 0,
             children=(Node(f"adoption:{i}:{j}:x", "Nachnutzung zweiter Stufe"),) if j % 3 == 0 else ())
        for j in range(18))) for i in range(120)]
    assert count(forest) == 3000
    root = parse(draw(forest, title="t", description="d"))
    assert len(node_groups(root)) == rows(forest) == 3000
    assert len(tree_groups(root)) == 120 and len(edges(forest)) == 2880


def test_deep_chain_draws_without_recursion_and_caps_indentation():
    chain = None
    for k in range(3000):
        chain = Node(f"n{k}", f"Kommune {k}", children=(chain,) if chain else ())
    root = parse(draw([chain], title="t", description="d"))
    groups = node_groups(root)
    assert len(groups) == 3000 and len(edges([chain])) == 2999
    xs = [float(g.find(f"{SVG}text").get("x")) for g in groups]
    assert max(xs) <= svgtree.WIDTH - svgtree.RIGHT_PAD - svgtree.MIN_TEXT_WIDTH
