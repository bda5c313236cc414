"""The mistakes corpus: everyday editors' inputs, each ending one of two ways.

Either **published**, and the page shows what it should, or **refused**: the
build exits 2, one sentence names the file and the line (and a word of the
fix), nothing else is published. A new mistake met anywhere is one line here.

A case is (article body, extra files, expectation), or the same with the
article's header lines to add or replace (a dict) last. ``Refused(at, hint)``: the
error names the article's line holding ``at`` (or ``file:`` + the line holding
``at`` in that file) and contains ``hint``. ``Published(selector, text)``: the
article page has an element matching ``selector`` whose text contains ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import BAR_BLOCK, USAGES_CSV, USAGES_DESCRIPTOR
from datacharts_engine.errors import EditorError

from sitebuild.devserver import ShownError

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Refused:
    at: str  # text of the line the error must name
    hint: str  # a word of the message
    file: str = "content/a.md"


@dataclass(frozen=True)
class Published:
    selector: str
    text: str = ""


def block(**changes) -> str:
    """BAR_BLOCK with keys replaced (value None: the key removed) or added."""
    lines = BAR_BLOCK.strip("\n").split("\n")
    body = lines[1:-1]
    for key, value in changes.items():
        index = next((i for i, line in enumerate(body) if line.startswith(f"{key}:")), None)
        if index is None:
            body.append(f"{key}: {value}")
        elif value is None:
            del body[index]
        else:
            body[index] = f"{key}: {value}"
    return "\n".join(["```chart", *body, "```"]) + "\n"


def python_chart(body: str) -> dict:
    return {"charts/essai.py": f'import altair as alt\nDATASET = "usages"\n\n\ndef build(data):\n{body}\n'}


REGIONS_5 = "region,part\nBretagne,3\nÎle-de-France,9\nNormandie,4\nOccitanie,5\nGrand Est,6\n"
REGIONS_BLOCK = "```chart\ndataset: regions\nmark: bar\nx: part\ny: region\ncolor: region\ntitle: T\ndescription: D.\n"
REGIONS_7 = "region,part\n" + "".join(f"R{i},{i}\n" for i in range(7))
POINTS_301 = "x,y\n" + "".join(f"{i},{i % 7}\n" for i in range(301))
GOOD_PYTHON = '    return alt.Chart(data).mark_bar().encode(x="part:Q", y="usage:N")'
PY_BLOCK = "```chart\nchart: essai\ntitle: En Python\ndescription: Deux barres.\n```\n"
INLINE = "Texte {{ dataset: usages, column: part, %s }} fin.\n"
BOOLEANS_CSV = "outil,part,collectif\nAgenda partagé,24,oui\nMessagerie,30,non\n"
BOOLEANS_DESCRIPTOR = (
    "schema:\n  fields:\n    - {name: outil, type: string}\n    - {name: part, type: number}\n"
    "    - {name: collectif, type: boolean, trueValues: [oui], falseValues: [non]}\n"
)

CASES = {
    # The chart block.
    "unknown key": (block(colour="annee:N"), {}, Refused("colour:", "clé « colour » inconnue")),
    "unknown column": (block(x="prat"), {}, Refused("x: prat", "colonne « prat » inconnue")),
    "missing dataset": (block(dataset="usage"), {}, Refused("dataset: usage", "n'existe pas")),
    "path leaving data": (block(dataset="../secret"), {}, Refused("dataset: ../secret", "sort du dossier data/")),
    "dataset as a URL": (block(dataset="https://x.org/a.csv"), {}, Refused("dataset: https", "sort du dossier")),
    "missing description": (block(description=None), {}, Refused("```chart", "« description » manque")),
    "empty description": (block(description="''"), {}, Refused("description: ''", "« description » manque")),
    "missing title": (block(title=None), {}, Refused("```chart", "« title » manque")),
    "missing mark": (block(mark=None), {}, Refused("```chart", "« mark » manque")),
    "unknown mark": (block(mark="barre"), {}, Refused("mark: barre", "marque « barre » inconnue")),
    "unclosed brace": (block(y="{field: usage, sort: -x"), {}, Refused("y: {field", "jamais fermé")),
    "colon in a title": (
        block(title="Les réseaux : un succès"),
        {},
        Refused("title: Les", '"Les réseaux : un succès"'),
    ),
    # Markdown turns a block's tabs into spaces: a tab shows as a line out of place there.
    "tab in a block": (block(x=None).replace("y:", "\tx: part\ny:"), {}, Refused("\tx: part", "décalée")),
    "tab in a descriptor": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR.replace("  fields:", "\tfields:")},
        Refused("\tfields:", "tabulation", file="data/usages.resource.yaml"),
    ),
    "key out of line": (block(x=None).replace("y:", "  x: part\ny:"), {}, Refused("  x: part", "décalée")),
    "star at the start of a value": (block(note="* provisoire"), {}, Refused("note:", "entre guillemets")),
    "no as an answer": (
        "```chart\ndataset: avis\nmark: bar\nx: nombre\ny: reponse\nfilter: {reponse: [oui, no]}\n"
        "title: T\ndescription: D.\n```\n",
        {"data/avis.csv": "reponse,nombre\noui,12\nno,3\nnon,5\n"},
        Published(".datachart-table td", "no"),
    ),
    "a code with a leading zero": (
        "Texte {{ dataset: codes, column: nombre, code: 01 }} fin.\n",
        {
            "data/codes.csv": "code,nombre\n01,12\n1,99\n",
            "data/codes.resource.yaml": "schema:\n  fields:\n    - {name: code, type: string}\n"
            "    - {name: nombre, type: integer}\n",
        },
        Published(".data-value", "12"),
    ),
    "bad mark option value": (
        block(mark="{type: bar, cornerRadius: beaucoup}"),
        {},
        Refused("mark: {type", "cornerRadius"),
    ),
    "unknown mark option": (block(mark="{type: bar, couleur: red}"), {}, Refused("mark: {type", "option de marque")),
    "unknown channel option": (
        block(x="{field: part, couleur: red}"),
        {},
        Refused("x: {field", "« couleur » inconnue"),
    ),
    "unknown type": (block(x="{field: part, type: quantitatif}"), {}, Refused("x: {field", "« quantitatif » inconnu")),
    "channel as a list": (block(x="[part, annee]"), {}, Refused("x: [part", "x attend un nom de colonne")),
    "channel without field": (block(x="{title: Part}"), {}, Refused("x: {title", "field:")),
    "filter unknown column": (block(filter="{anne: 2016}"), {}, Refused("filter:", "colonne « anne » inconnue")),
    "filter absent value": (
        block(filter="{annee: 2017}"),
        {},
        Refused("filter:", "filter : « 2017 » n'est pas une valeur de la colonne « annee » ; valeurs : 2016, 2013"),
    ),
    "filter text on numbers": (block(filter="{annee: deux}"), {}, Refused("filter:", "n'est pas un nombre")),
    "filter not a mapping": (block(filter="annee"), {}, Refused("filter:", "colonne: valeur")),
    "bad id": (block(id="Mon Graphique"), {}, Refused("id: Mon", "lettres minuscules")),
    "duplicate id": (block(id="un") + "\n" + block(id="un  # encore"), {}, Refused("id: un  # encore", "déjà utilisé")),
    "width too small": (block(width=5), {}, Refused("width: 5", "entre 20 et 2000")),
    "height as text": (block(height="grand"), {}, Refused("height: grand", "nombre de pixels")),
    "interactive not a boolean": (block(interactive="oui"), {}, Refused("interactive: oui", "true ou false")),
    "no encoding": (
        "```chart\ndataset: usages\nmark: bar\ntitle: T\ndescription: D.\n```\n",
        {},
        Refused("```chart", "aucun axe"),
    ),
    "title not a text": (block(title="[a, b]"), {}, Refused("title: [a", "doit être un texte")),
    "block as a list": ("```chart\n- dataset: usages\n```\n", {}, Refused("```chart", "clé: valeur")),
    "block never closed": (
        "Intro.\n\n```chart\ndataset: usages\nmark: bar\n",
        {},
        Refused("```chart", "fermez-le par la même clôture"),
    ),
    # Charts that would be drawn wrong.
    "domain hiding rows": (
        block(y="{field: usage, scale: {domain: [Réseaux sociaux]}}"),
        {},
        Refused("y: {field", "cache 2 ligne(s) sur 4"),
    ),
    "percent format on percents": (
        block(x="{field: part, axis: {format: .0%}}"),
        {},
        Refused("x: {field", "multiplie les valeurs par 100"),
    ),
    "more categories than colours": (
        "```chart\ndataset: regions\nmark: bar\nx: part\ny: region\ncolor: region\ntitle: T\ndescription: D.\n```\n",
        {"data/regions.csv": REGIONS_7},
        Refused("color: region", "7 valeurs de « region » pour 6 couleurs"),
    ),
    "too many marks": (
        "```chart\ndataset: points\nmark: point\nx: x\ny: y\ntitle: T\ndescription: D.\n```\n",
        {"data/points.csv": POINTS_301},
        Refused("```chart", "301 marques à dessiner"),
    ),
    "backslash in a title": (block(x="{field: part, title: 'a\\b'}"), {}, Refused("x: {field", "barre oblique")),
    # Python charts.
    "unknown Python chart": (PY_BLOCK.replace("essai", "absent"), {}, Refused("chart: absent", "charts/absent.py")),
    "Python chart with encodings": (PY_BLOCK.replace("title:", "x: part\ntitle:"), {}, Refused("x: part", "chart:")),
    "Python chart raising": (
        PY_BLOCK,
        python_chart('    data["absente"]\n' + GOOD_PYTHON),
        Refused('data["absente"]', "KeyError", file="charts/essai.py"),
    ),
    "Python chart not returning a chart": (
        PY_BLOCK,
        python_chart("    return data"),
        Refused("def build", "au lieu d'un graphique Altair", file="charts/essai.py"),
    ),
    "Python chart syntax error": (
        PY_BLOCK,
        python_chart(GOOD_PYTHON + "\n    return (("),
        Refused("return ((", "SyntaxError", file="charts/essai.py"),
    ),
    # Values quoted in the prose.
    "inline unknown column": (
        "Texte {{ dataset: usages, column: prat, usage: Réseaux sociaux, annee: 2016 }}.\n",
        {},
        Refused("column: prat", "colonne « prat » inconnue"),
    ),
    "inline several rows": (
        INLINE % "usage: Réseaux sociaux",
        {},
        Refused(
            "Texte {{", "2 lignes au lieu d'une ; ajoutez la colonne qui les distingue (annee), par exemple annee: 2013"
        ),
    ),
    "inline no row": (
        INLINE % "usage: Réseaux sociaux, annee: 2020",
        {},
        Refused(
            "Texte {{",
            "ne désigne aucune ligne : « 2020 » n'est pas une valeur de la colonne « annee » ; valeurs : 2013, 2016",
        ),
    ),
    "inline misspelt value": (
        INLINE % "usage: Réseaux socaux, annee: 2016",
        {},
        Refused(
            "Texte {{", "« Réseaux socaux » n'est pas une valeur de la colonne « usage » ; valeurs : Réseaux sociaux,"
        ),
    ),
    "inline without column": ("Texte {{ dataset: usages, annee: 2016 }}.\n", {}, Refused("Texte {{", "column:")),
    "a date written day first": (
        "```chart\ndataset: collectes\nmark: bar\nx: jour\ny: montant\nfilter: {jour: 03/01/2016}\n"
        "title: T\ndescription: D.\n```\n",
        {
            "data/collectes.csv": "jour,montant\n2016-01-03,10\n2016-01-10,20\n",
            "data/collectes.resource.yaml": "schema:\n  fields:\n    - {name: jour, type: date}\n"
            "    - {name: montant, type: integer}\n",
        },
        Refused("filter:", "écrivez 2016-01-03"),
    ),
    "a time unit misspelt": (
        block(x="{field: part, aggregate: mean}", y="{field: annee, timeUnit: yeer}", yOffset=None, color=None),
        {},
        Refused("y: {field: annee", "écrivez year"),  # was Altair's English error
    ),
    "a stack value misspelt": (
        block(y="annee:O", color="usage", yOffset=None, x="{field: part, stack: normalise}"),
        {},
        Refused("x: {field: part", "écrivez normalize"),
    ),
    "shares of a whole stacked to 100 %": (
        block(y="annee:O", color="usage", yOffset=None, x="{field: part, stack: normalize}"),
        {},
        Published("figure.datachart svg", "part du total (%)"),  # the labels' layer stacked the sums
    ),
    "inline column key misspelt": (
        "Texte {{ dataset: usages, colum: part, usage: Réseaux sociaux, annee: 2016 }}.\n",
        {},
        Refused("Texte {{", "écrivez column: au lieu de colum:"),
    ),
    "inline unknown dataset": (
        "Texte {{ dataset: usage, column: part, annee: 2016 }}.\n",
        {},
        Refused("Texte {{", "n'existe pas"),
    ),
    "inline unclosed bracket": (
        "Texte {{ dataset: usages, column: [part }}.\n",
        {},
        Refused("Texte {{", "jamais fermé"),
    ),
    # Data files.
    "text in a number column": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ",quarante")},
        Refused("quarante", "n'est pas un nombre", file="data/usages.csv"),
    ),
    "unknown descriptor key": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": "titre: Usages\n" + USAGES_DESCRIPTOR},
        Refused("titre:", "titre", file="data/usages.resource.yaml"),
    ),
    "semicolons without a dialect": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",", ";").replace(";43", ';"43,5"')},
        Refused("usage;annee;part", 'delimiter: ";"', file="data/usages.csv"),
    ),
    "thousands with spaces undeclared": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ',"165 300"')},
        Refused("165 300", 'groupChar: " "', file="data/usages.csv"),
    ),
    "a percent sign in a number column": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ",43 %")},
        Refused("43 %", "bareNumber: false", file="data/usages.csv"),
    ),
    "n.d. for a missing value": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ",n.d.")},
        Refused("n.d.", 'missingValues: ["", "n.d."]', file="data/usages.csv"),
    ),
    "a spreadsheet renamed csv": (
        BAR_BLOCK,
        {"data/usages.csv": "PK\x03\x04 not a csv"},
        Refused("PK", "CSV UTF-8", file="data/usages.csv"),
    ),
    "a typographic minus sign": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ",\u221243")},
        Refused("\u221243", "remplacez-le par « - »", file="data/usages.csv"),
    ),
    "decimal commas without a descriptor": (
        BAR_BLOCK.replace("usages", "brut"),
        {"data/brut.csv": USAGES_CSV.replace(",43", ',"43,5"')},
        Refused("x: part", 'decimalChar: ","'),
    ),
    "percent signs without a descriptor": (
        BAR_BLOCK.replace("usages", "brut"),
        {"data/brut.csv": USAGES_CSV.replace(",43", ",43 %")},
        Refused("x: part", "bareNumber: false"),
    ),
    "a text column charted as quantitative": (block(x="usage:Q", y="annee:N"), {}, Refused("x: usage:Q", "usage")),
    "decimal comma undeclared": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace(",43", ',"43,5"')},
        Refused("43,5", 'decimalChar: ","', file="data/usages.csv"),
    ),
    "a comment line in the data": (
        BAR_BLOCK,
        {
            "data/usages.csv": USAGES_CSV.replace(
                "Outils collaboratifs,2013", "# relu le 3 mars\nOutils collaboratifs,2013"
            )
        },
        Refused("# relu le 3 mars", 'commentChar: "#"', file="data/usages.csv"),
    ),
    "a comment line above the header": (
        BAR_BLOCK,
        {"data/usages.csv": "# source : enquête 2016\n" + USAGES_CSV},
        Refused("# source", 'commentChar: "#"', file="data/usages.csv"),
    ),
    "a decimal point in a decimal-comma column": (
        BAR_BLOCK,
        {
            "data/usages.csv": USAGES_CSV.replace(",62", ",62.5"),
            "data/usages.resource.yaml": USAGES_DESCRIPTOR.replace('unit: "%"', 'unit: "%", decimalChar: ","'),
        },
        Refused("62.5", "point décimal", file="data/usages.csv"),
    ),
    "a chart block in a quote": (
        "> " + BAR_BLOCK.replace("\n", "\n> "),
        {},
        Refused("> ```chart", "citation"),
    ),
    "a value in an attr_list attribute": (
        '## Titre {: title="Part : {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}" }\n',
        {},
        Published("h2[title^='Part'][title$=' 62\u202f%']", "Titre"),
    ),
    "HTML typed in a value's arguments": (
        "Texte {{ dataset: usages, column: part, usage: <b>Réseaux sociaux</b>, annee: 2016 }}.\n",
        {},
        Refused("<b>Réseaux sociaux</b>", "<b>Réseaux sociaux</b>"),
    ),
    # Values quoted in a chart's text.
    "a value in a chart title": (
        block(title="En 2016, {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}, un record"),
        {},
        Published("figure.datachart svg title", "En 2016, 62\u202f%, un record"),
    ),
    "a value in a chart axis": (
        block(x="{field: part, title: {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2016 }}}"),
        {},
        Refused("x: {field: part", "seuls title, description, note, source"),
    ),
    "a value never closed in a chart title": (
        block(title="En 2016, {{ dataset: usages, column: part"),
        {},
        Refused("title: En 2016", "ouvert sans « }} »"),
    ),
    "a value in a chart title naming no column": (
        block(title="Soit {{ dataset: usages, column: taux, usage: Réseaux sociaux, annee: 2016 }}"),
        {},
        Refused("title: Soit", "colonne « taux » inconnue"),
    ),
    "a value in a chart description matching two rows": (
        block(description="Soit {{ dataset: usages, column: part, usage: Réseaux sociaux }} en tout."),
        {},
        Refused("description: Soit", "2 lignes"),
    ),
    "a typed figure the data does not hold": (
        block(title="Les réseaux sociaux à 64 % en 2016"),
        {},
        Refused("title: Les réseaux", "la plus proche : 62"),
    ),
    "a typed year the data does not hold": (
        block(description="Barres horizontales, 2013 et 2015."),
        {},
        Refused("description: Barres", "n'est pas une année des données"),
    ),
    "plus de, false": (block(title="Plus de 70 % en 2016"), {}, Refused("title: Plus de", "la plus proche : 62")),
    "plus de, true": (block(title="Plus de 60 % en 2016"), {}, Published("figure.datachart svg title", "Plus de 60")),
    "a number that is not a claim": (
        block(title="Les 7 familles", unchecked="[7]"),
        {},
        Published("figure.datachart svg title", "Les 7 familles"),
    ),
    "description: auto on a Python chart": (
        PY_BLOCK.replace("description: Deux barres.", "description: auto"),
        python_chart(GOOD_PYTHON),
        Refused("description: auto", "graphique Python"),
    ),
    "description: auto": (
        block(description="auto"),
        {},
        Published("figure.datachart svg desc", "Barres horizontales."),
    ),
    "a highlight": (
        block(
            color=None, yOffset=None, filter="{annee: 2016}", highlight="{usage: Réseaux sociaux}", description="auto"
        ),
        {},
        Published("figure.datachart svg"),
    ),
    "a highlight of a value the data lacks": (
        block(color=None, yOffset=None, highlight="{usage: Réseau sociaux}"),
        {},
        Refused(
            "highlight:",
            "highlight : « Réseau sociaux » n'est pas une valeur de la colonne « usage » ; valeurs : Réseaux sociaux,",
        ),
    ),
    "a highlight on a boolean column, written as the CSV writes it": (
        "```chart\ndataset: outils\nmark: bar\nx: part\ny: outil\nhighlight: {collectif: oui}\n"
        "title: T\ndescription: D.\n```\n",
        {"data/outils.csv": BOOLEANS_CSV, "data/outils.resource.yaml": BOOLEANS_DESCRIPTOR},
        Published("figure.datachart svg"),
    ),
    "a boolean column asked for a word that is neither true nor false": (
        "```chart\ndataset: outils\nmark: bar\nx: part\ny: outil\nhighlight: {collectif: peut-être}\n"
        "title: T\ndescription: D.\n```\n",
        {"data/outils.csv": BOOLEANS_CSV, "data/outils.resource.yaml": BOOLEANS_DESCRIPTOR},
        Refused("highlight:", "« peut-être » n'est ni vrai ni faux, or la colonne « collectif » est booléenne"),
    ),
    "a misspelt option inside an axis": (
        block(x="{field: part, axis: {titel: Part}}"),
        {},
        Refused("x: {field: part, axis: {titel", "option « titel » inconnue dans axis ; écrivez title"),
    ),
    "a word where an axis option wants a number": (
        block(x="{field: part, axis: {labelAngle: penché}}"),
        {},
        Refused(
            "x: {field: part, axis: {labelAngle", "« penché » n'est pas une valeur possible pour labelAngle (un nombre"
        ),
    ),
    "pourcent on head counts": (
        "```chart\ndataset: panel\nmark: bar\nx: n\ny: profil\nlabels: {format: pourcent}\n"
        "title: T\ndescription: D.\n```\n",
        {"data/panel.csv": "profil,n\nBénévoles,6700\nDirigeants,2700\n"},
        Refused("labels: {format: pourcent}", "format: pourcent écrit des parts de 0 à 100"),
    ),
    "a d3 format on an axis": (
        block(x="{field: part, format: '.1f'}"),
        {},
        Published("figure.datachart svg", "60,0"),
    ),
    "a highlight on a line chart, no legend": (
        block(x="annee:O", y="part", color=None, yOffset=None, mark="line", highlight="{usage: Réseaux sociaux}"),
        {},
        Published("figure.datachart svg text", "Réseaux sociaux"),  # the line named at its end
    ),
    "shares of different questions stacked past 100 %": (
        block(y="annee:O", color="usage", yOffset=None),
        {},
        Refused("x: part", "écrivez yOffset: usage"),  # 62 % + 43 % is no total a survey gave
    ),
    "a row without its category": (
        BAR_BLOCK,
        {"data/usages.csv": USAGES_CSV.replace("Outils collaboratifs,2016", ",2016")},
        Refused("y: {field: usage", "la ligne 5 de data/usages.csv"),  # else a bar named « null »
    ),
    "years on an axis of dates": (
        block(x="{field: annee, type: temporal}", y="part", color=None, yOffset=None, mark="line"),
        {},
        Refused("x: {field: annee", "« annee » contient des années écrites en nombres"),
    ),
    "a draft in a category and tag of its own": (
        "Texte.\n",
        {},
        Published("p.kicker", "Nouvelle rubrique"),
        {"Status": "draft", "Category": "Nouvelle rubrique", "Tags": "inédit"},
    ),
    # The article's header.
    "a status in French": ("Texte.\n", {}, Refused("Status:", "Status: draft"), {"Status": "brouillon"}),
    "a language by name": ("Texte.\n", {}, Refused("Lang:", "Lang: fr"), {"Lang": "français"}),
    "a slug with spaces": ("Texte.\n", {}, Refused("Slug:", "Slug: mon-article"), {"Slug": "mon article"}),
    "a template the theme lacks": ("Texte.\n", {}, Refused("Template:", "gabarit"), {"Template": "special"}),
    "a save_as out of the site": ("Texte.\n", {}, Refused("Save_as:", "sort du site"), {"Save_as": "../a.html"}),
    "a header name in French": ("Texte.\n", {}, Refused("Auteur:", "Author:"), {"Auteur": "Alice"}),
    "a header name with an accent": ("Texte.\n", {}, Refused("Résumé:", "Summary:"), {"Résumé": "Un résumé."}),
    "a header name one letter off": ("Texte.\n", {}, Refused("Tag:", "Tags:"), {"Tag": "numérique"}),
    "a header name with a space": ("Texte.\n", {}, Refused("Mise à jour:", "Modified:"), {"Mise à jour": "2024-01-01"}),
    "modified before the date": (
        "Texte.\n",
        {},
        Refused("Modified:", "antérieure"),
        {"Date": "2024-03-05", "Modified": "2024-03-01"},
    ),
    "an abbreviated month": ("Texte.\n", {}, Published("time[datetime^='2024-09-05']"), {"Date": "5 sept. 2024"}),
    "a day the calendar lacks": ("Texte.\n", {}, Refused("Date:", "n'existe pas"), {"Date": "31/02/2024"}),
    "a range the data outgrew": (
        block(title="Les parts varient de 22 % à 43 %"),
        {},
        Refused("title:", "va de 22 à 62"),
    ),
    "more than a value equal to it": (block(title="Plus de 62 % en 2016"), {}, Refused("title:", "ne dit pas vrai")),
    "an annotation on a misspelt value": (
        block(annotations="[{where: {usage: Reseaux sociaux, annee: 2016}, text: Record}]"),
        {},
        Refused("annotations:", "Réseaux sociaux"),
    ),
    "a comma in a reference's label": (
        block(x="{field: part, scale: {domain: [0, 100]}}", reference="[{x: 45, label: L'été, creux}]"),
        {},
        Refused("reference:", "guillemets"),
    ),
    "a palette shorter than the categories": (
        block(color='{field: usage, scale: {range: ["#1f5f99"]}}'),
        {},
        Refused("color:", "la même couleur"),
    ),
    "a day-first date": ("Texte.\n", {}, Published("time[datetime^='2024-03-05']"), {"Date": "05/03/2024"}),
    "a status in capitals": ("Texte.\n", {}, Published("main"), {"Status": "Published"}),
    # Links.
    "link to a missing article": (
        "Voir [l'autre]({filename}autre.md).\n",
        {},
        Refused("{filename}autre.md", "ne mène à aucun fichier"),
    ),
    # Published correctly.
    "apostrophe in a header": (
        "```chart\ndataset: noms\nmark: bar\nx: Nombre d'associations\ny: groupe\ntitle: T\ndescription: D.\n```\n",
        {"data/noms.csv": "groupe,Nombre d'associations\nA,12\nB,30\n"},
        Published("figure.datachart svg title", "T"),
    ),
    "dots and brackets in headers": (
        "```chart\ndataset: noms\nmark: bar\nx: part.2016\ny: nom[1]\ntitle: T\ndescription: D.\n```\n",
        {"data/noms.csv": "nom[1],part.2016\nA,12\nB,30\n"},
        Published(".datachart-table th", "part.2016"),
    ),
    "a labelled range on the value axis of columns": (
        "```chart\ndataset: usages\nmark: bar\nx: usage\ny: part\nfilter: {annee: 2016}\n"
        "reference: [{y: [40, 50], label: Fourchette habituelle}]\ntitle: T\ndescription: D.\n```\n",
        {},
        Published("figure.datachart svg", "Fourchette habituelle"),
    ),
    "domain keeping every row": (
        block(y="{field: usage, scale: {domain: [Réseaux sociaux, Outils collaboratifs]}}"),
        {},
        Published("figure.datachart svg"),
    ),
    "percent format on shares": (
        "```chart\ndataset: parts\nmark: bar\nx: {field: part, axis: {format: .0%}}\ny: groupe\n"
        "title: T\ndescription: D.\n```\n",
        {"data/parts.csv": "groupe,part\nA,0.25\nB,0.5\n"},
        Published("figure.datachart svg"),
    ),
    "six categories in colour": (
        "```chart\ndataset: regions\nmark: bar\nx: part\ny: region\ncolor: region\ntitle: T\ndescription: D.\n```\n",
        {"data/regions.csv": "region,part\n" + "".join(f"R{i},{i}\n" for i in range(6))},
        Published("figure.datachart svg"),
    ),
    "a long line": (
        "```chart\ndataset: points\nmark: line\nx: x\ny: y\ntitle: T\ndescription: D.\n```\n",
        {"data/points.csv": POINTS_301},
        Published("figure.datachart svg"),
    ),
    "inline value, French": (
        INLINE % "usage: Outils collaboratifs, annee: 2016",
        {"data/usages.csv": USAGES_CSV.replace(",43", ",43.5")},
        Published(".data-value", "43,5\u202f%"),
    ),
    "inline value in a code span": (
        "Écrivez `{{ dataset: usages }}` ainsi.\n",
        {},
        Published("main code", "{{ dataset: usages }}"),
    ),
    "inline value in fenced code": (
        "```yaml\n{{ dataset: usages, column: part }}\n```\n",
        {},
        Published("main pre code", "{{ dataset: usages, column: part }}"),
    ),
    "a Python chart": (PY_BLOCK, python_chart(GOOD_PYTHON), Published("figure.datachart svg title", "En Python")),
    "two charts with one title": (
        block() + "\n" + block(),
        {},
        Published("figure#les-reseaux-sociaux-ont-presque-double-2"),
    ),
    "filter with a list": (block(filter="{annee: [2013, 2016]}"), {}, Published("figure.datachart svg")),
    "a live chart": (block(interactive="true"), {}, Published("figure.datachart--interactive script")),
    "schema given as a path": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": "title: U\nschema: usages.schema.json\n"},
        Refused("schema:", "fichier ou adresse", file="data/usages.resource.yaml"),
    ),
    "a constraint broken": (
        BAR_BLOCK,
        {
            "data/usages.resource.yaml": USAGES_DESCRIPTOR.replace(
                "title: Année}", "title: Année, constraints: {enum: [2013]}}"
            )
        },
        Refused("Réseaux sociaux,2016", "contrainte enum", file="data/usages.csv"),
    ),
    "primaryKey repeated": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + "  primaryKey: [usage]\n"},
        Refused("Réseaux sociaux,2016", "primaryKey", file="data/usages.csv"),
    ),
    "a column left out of the schema": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR.rsplit("    - {name: part", 1)[0]},
        Refused("schema:", "fieldsMatch", file="data/usages.resource.yaml"),
    ),
    "header: false honoured": (
        BAR_BLOCK,
        {
            "data/usages.csv": USAGES_CSV.split("\n", 1)[1],
            "data/usages.resource.yaml": USAGES_DESCRIPTOR + "dialect: {header: false}\n",
        },
        Published("figure.datachart svg"),
    ),
    # issue 14: stable URLs, updates
    "an update dated day first": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + 'updates:\n  - {date: 30/11/2026, note: "Corrigé."}\n'},
        Refused("30/11/2026", "année-mois-jour", file="data/usages.resource.yaml"),
    ),
    "an update on a day that does not exist": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + 'updates:\n  - {date: 2026-02-30, note: "Corrigé."}\n'},
        Refused("2026-02-30", "date du calendrier", file="data/usages.resource.yaml"),
    ),
    "an update without a note": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + "updates:\n  - date: 2026-11-30\n"},
        Refused("2026-11-30", "pas de note", file="data/usages.resource.yaml"),
    ),
    "an update with an empty note": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + 'updates:\n  - date: 2026-11-30\n    note: ""\n'},
        Refused('note: ""', "pas de note", file="data/usages.resource.yaml"),
    ),
    "updates not a list": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + "updates: 2026-11-30\n"},
        Refused("updates:", "une liste", file="data/usages.resource.yaml"),
    ),
    "an update with a misspelt key": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + "updates:\n  - {date: 2026-11-30, notes: Corrigé.}\n"},
        Refused("notes:", "note", file="data/usages.resource.yaml"),
    ),
    "an update after the article's date": (
        BAR_BLOCK,
        {"data/usages.resource.yaml": USAGES_DESCRIPTOR + 'updates:\n  - {date: 2026-11-30, note: "Corrigé."}\n'},
        Published("figure.datachart .datachart-update", "Données mises à jour le 30 novembre 2026"),
    ),
    "two article files that make one folder of chart files": (
        BAR_BLOCK,
        {"content/A.md": "Title: Autre\nDate: 2017-03-10\n\nIntro.\n\n" + BAR_BLOCK},
        Refused("```chart", "même nom"),
    ),
    # issue 15: labels, references, annotations, formats
    "labels on the bars": (block(labels="true"), {}, Published("figure.datachart svg text", "62\u202f%")),
    "labels with an unknown option": (block(labels="{place: inside}"), {}, Refused("labels:", "« place » inconnue")),
    "a reference on the axis of categories": (block(reference="[{y: 45}]"), {}, Refused("reference:", "placez-la")),
    "a reference off the axis's scale": (
        block(x="{field: part, scale: {domain: [0, 100]}}", reference="[{x: 120}]"),
        {},
        Refused("reference:", "hors de l'échelle"),
    ),
    "a reference that quotes a value": (
        block(
            reference="[{x: {{ dataset: usages, column: part, usage: Réseaux sociaux, annee: 2013 }}, label: Avant}]"
        ),
        {},
        Published("figure.datachart svg desc", "Repère (36\u202f%) : Avant."),
    ),
    "an annotation on two rows": (
        block(annotations="[{where: {usage: Réseaux sociaux}, text: Une note}]"),
        {},
        Refused("annotations:", "2 lignes"),
    ),
    "an annotation on no row": (
        block(annotations="[{where: {usage: Blogs, annee: 2016}, text: Une note}]"),
        {},
        Refused("annotations:", "« Blogs » n'est pas une valeur de la colonne « usage » ; valeurs : "),
    ),
    "an annotation too long for a phone": (
        block(annotations="[{where: {usage: Réseaux sociaux, annee: 2016}, text: " + "Bien trop long. " * 16 + "}]"),
        {},
        Refused("annotations:", "raccourcissez-la"),
    ),
    "an annotation on the longest bar, written inside it": (
        block(annotations="[{where: {usage: Réseaux sociaux, annee: 2016}, text: Presque le double de 2013}]"),
        {},
        Published("figure.datachart svg text", "Presque le double de 2013"),
    ),
    "an annotation read by screen readers": (
        block(annotations="[{where: {usage: Réseaux sociaux, annee: 2016}, text: Le double}]"),
        {},
        Published(".datachart-description", "Annotation (Réseaux sociaux, 2016)\u00a0: Le double."),
    ),
    # issue 15: the editor's second trial (each with a unit test in the plugin's tests)
    "two annotations naming a column the chart does not plot": (
        block(
            color=None,
            yOffset=None,
            filter="{annee: 2016}",
            description="Barres horizontales de 2016.",
            annotations="[{where: {usage: Réseaux sociaux, annee: 2016}, text: Une note}, "
            "{where: {usage: Outils collaboratifs, annee: 2016}, text: Une autre}]",
        ),
        {},
        Published("figure.datachart svg text", "Une autre"),
    ),
    "a highlight on lines": (
        block(mark="line", x="annee:O", y="part", color=None, yOffset=None, highlight="{usage: Réseaux sociaux}"),
        {},
        Published("figure.datachart svg path"),
    ),
    "a sort by value with colours and labels": (
        block(labels="true", colors='{"2013": gris, "2016": accent}'),
        {},
        Published("figure.datachart svg text", "62\u202f%"),
    ),
    "labels inside bars too short to hold them": (
        block(labels="{position: inside}"),
        {},
        Published("figure.datachart svg text", "22\u202f%"),
    ),
    "an annotation's false figure": (
        block(annotations="[{where: {usage: Réseaux sociaux, annee: 2016}, text: 70 % en 2016}]"),
        {},
        Refused("annotations:", "« 70 % » ne correspond à aucune valeur"),
    ),
    "format pourcent on shares of one": (
        block(x="{field: part, format: pourcent}"),
        {"data/usages.csv": re.sub(r",(\d\d)\n", r",0.\1\n", USAGES_CSV)},
        Refused("x:", "des parts de 1"),
    ),
    "format millions on small values": (block(x="{field: part, format: millions}"), {}, Refused("x:", "pourcentage")),
    "a misspelt format": (block(x="{field: part, format: pourcents}"), {}, Refused("x:", "écrivez format: pourcent")),
    "an annotation on a month written without its day": (
        "```chart\ndataset: mois\nmark: line\nx: jour:T\ny: n\n"
        "annotations: [{where: {jour: 2023-12}, text: Un creux}]\ntitle: Par mois\ndescription: D.\n```\n",
        {
            "data/mois.csv": "jour,n\n2024-01-01,3\n2023-12-01,5\n2023-11-01,4\n",
            "data/mois.resource.yaml": "title: Mois\nschema:\n  fields:\n    - {name: jour, type: date}\n"
            "    - {name: n, type: integer}\n",
        },
        Refused("annotations:", "valeurs : 2023-12-01, 2023-11-01, 2024-01-01"),
    ),
    "a hyphenated category too long for a phone's line": (
        "```chart\ndataset: regions\nmark: bar\nx: part\ny: region\nlabels: true\n"
        "title: Par région\ndescription: auto\n```\n",
        {
            "data/regions.csv": "region,part\nAuvergne-Rhône-Alpes,62\nBretagne,48\n",
            "data/regions.resource.yaml": "title: Régions\nschema:\n  fields:\n    - {name: region, type: string}\n"
            '    - {name: part, type: number, unit: "%"}\n',
        },
        Published("figure.datachart svg desc", "Auvergne-Rhône-Alpes : 62\u202f%"),
    ),
    "a misspelt format of labels": (
        block(labels="{format: milion}"),
        {},
        Refused("labels:", "écrivez format: millions"),
    ),
    # issue 15: colours, layout, large data
    "colours per value": (block(colors='{"2013": gris, "2016": accent}'), {}, Published("figure.datachart svg")),
    "a colour for a value the data lacks": (
        block(colors='{"2015": accent}'),
        {},
        Refused("colors:", "n'existe pas dans la colonne"),
    ),
    "a colour name in English": (block(colors="{2016: red}"), {}, Refused("colors:", "couleur « red » inconnue")),
    "a pale hex colour": (block(colors="{2016: '#f0f0f0'}"), {}, Refused("colors:", "se lit mal")),
    "colours a colour-blind reader confuses": (
        block(colors="{2013: vert, 2016: framboise}"),
        {},
        Refused("colors:", "se confondent"),
    ),
    "a colour for one region among several": (
        REGIONS_BLOCK + "colors: {Île-de-France: accent}\n```\n",
        {"data/regions.csv": REGIONS_5},
        Published("figure.datachart svg"),
    ),
    "an automatic colour the chosen one makes unreadable": (
        REGIONS_BLOCK + "colors: {Île-de-France: accent}\n```\n",
        {"data/regions.csv": REGIONS_5 + "Corse,2\n"},
        Refused("colors:", "a reçu automatiquement violet"),
    ),
    "values sharing a colour share a legend entry": (
        "```chart\ndataset: annees\nmark: bar\nx: part\ny: annee:N\ncolor: annee\n"
        'colors: {"2013": gris, "2014": gris, "2016": accent}\ntitle: T\ndescription: D.\n```\n',
        {"data/annees.csv": "annee,part\n2013,3\n2014,9\n2015,4\n2016,5\n"},
        Published("figure.datachart svg text", "2013, 2014"),
    ),
    "labels in percent on amounts in euros": (
        "```chart\ndataset: dons\nmark: bar\nx: montant\ny: annee:N\nlabels: {format: pourcent}\n"
        "title: T\ndescription: D.\n```\n",
        {
            "data/dons.csv": "annee,montant\n2015,1200\n2016,1500\n",
            "data/dons.resource.yaml": "schema:\n  fields:\n    - {name: annee, type: integer}\n"
            '    - {name: montant, type: number, unit: "€"}\n',
        },
        Refused("labels:", "retirez format:"),
    ),
    "a monthly count over more rows than a page holds": (
        "```chart\ndataset: dons\nmark: line\nx: {field: jour, timeUnit: yearmonth, title: Mois}\ny: count()\n"
        "title: Dons par mois\ndescription: Le nombre de dons, mois par mois.\n```\n",
        {
            "data/dons.csv": "jour,montant\n"
            + "".join(f"2021-{1 + i % 12:02d}-{1 + i % 28:02d},{i % 90}\n" for i in range(6000))
        },
        Published("figure.datachart svg", "Mois"),
    ),
    "raw rows past the limit": (
        "```chart\ndataset: dons\nmark: point\nx: jour\ny: montant\ntitle: Dons\ndescription: Chaque don.\n```\n",
        {"data/dons.csv": "jour,montant\n" + "".join(f"2021-01-{1 + i % 28:02d},{i}\n" for i in range(6000))},
        Refused("```chart", "agrégez"),
    ),
}


LOCATED_RE = re.compile(r"^((?:content|data|charts)/[^:]+):(\d+): (.*)$")


def _line(text: str, at: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if at in line)


@pytest.mark.parametrize("case", CASES)
def test_every_input_is_published_correctly_or_refused(site, capsys, case):
    body, files, expected, *header = CASES[case]
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    for relative, text in files.items():
        path = site.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    meta = {"Slug": "a", **(header[0] if header else {})}
    article = site.article("a", "Intro.\n\n" + body, **meta)
    capsys.readouterr()
    status = site.build()
    err = capsys.readouterr().err
    if isinstance(expected, Published):
        assert status == 0, err
        written = "drafts/a.html" if meta.get("Status") == "draft" else "a.html"  # Pelican's DRAFT_SAVE_AS
        found = site.page(written).select(expected.selector)
        assert found, f"{case}: nothing matches {expected.selector}"
        assert any(expected.text in tag.get_text() for tag in found), [tag.get_text() for tag in found]
        return
    assert status == 2, f"{case}: exit {status} instead of refused\n{err}"
    source = article if expected.file == "content/a.md" else site.root / expected.file
    where = f"{expected.file}:{_line(source.read_text(encoding='utf-8'), expected.at)}: "
    lines = [line for line in err.splitlines() if line.startswith(where)]
    assert lines, f"{case}: no error at {where}\n{err}"
    assert any(expected.hint in line for line in lines), lines
    assert "Traceback" not in err
    for line in err.splitlines():
        located = LOCATED_RE.match(line)
        if located:  # what the livereload page shows: the sentence, then « Pour corriger : » its fix
            shown = ShownError.of(EditorError(located.group(3), located.group(1), int(located.group(2))))
            assert shown.sentence.strip() and shown.fix.strip(), f"{case}: no fix after « ; » in {line!r}"
    assert re.search(r"^\d+ erreurs? dans le contenu ; le site n'a pas été publié\.$", err, re.M), err
    assert not (site.output / "a.html").exists()


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60


def test_the_independent_mistakes_of_a_block_are_listed_at_once(site, capsys):
    """An unknown key, a column the data lacks, two unknown colours and a
    misspelt label format: one build lists all five, each at its line, each
    with its fix."""
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    body = BAR_BLOCK.replace(
        "x: part\n", "x: prat\ncouleur: rouge\ncolors: {2016: red, 2013: blue}\nlabels: {format: million}\n"
    )
    article = site.article("a", "Intro.\n\n" + body, Slug="a")
    capsys.readouterr()
    assert site.build() == 2
    err = capsys.readouterr().err
    text = article.read_text(encoding="utf-8")
    expected = [
        (_line(text, "x: prat"), "colonne « prat » inconnue"),
        (_line(text, "couleur: rouge"), "clé « couleur » inconnue"),
        (_line(text, "colors:"), "couleur « red » inconnue"),
        (_line(text, "colors:"), "couleur « blue » inconnue"),
        (_line(text, "labels:"), "écrivez format: millions"),
    ]
    for line, words in expected:
        assert any(li.startswith(f"content/a.md:{line}: ") and words in li for li in err.splitlines()), (words, err)
    assert re.search(r"^5 erreurs dans le contenu", err, re.M), err
    assert not (site.output / "a.html").exists()


def test_a_check_that_needs_an_earlier_one_waits_for_it(site, capsys):
    """Without its dataset a block's columns cannot be checked: the unknown
    key and the missing dataset are listed, no column."""
    site.dataset("usages", USAGES_CSV, USAGES_DESCRIPTOR)
    body = BAR_BLOCK.replace("dataset: usages", "dataset: usage").replace("x: part\n", "x: prat\ncouleur: rouge\n")
    site.article("a", "Intro.\n\n" + body, Slug="a")
    capsys.readouterr()
    assert site.build() == 2
    err = capsys.readouterr().err
    assert "clé « couleur » inconnue" in err and "« usage » n'existe pas" in err, err
    assert "prat" not in err
    assert re.search(r"^2 erreurs dans le contenu", err, re.M), err
