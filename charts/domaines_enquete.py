"""The survey's four fields as four tiles, the health-and-social one spelled out.

The dataset holds no figure (the study does not publish respondents per
field), so there is nothing to measure: this is an explanatory figure, which
the block grammar cannot draw. Each tile is placed from the row's rank, and
the field whose scope the study details lists it, one family per line.

On a phone (``build_phone``) the tiles go one under the other, the detailed
one as tall as its lines: side by side at 360 pixels, the names would run
past their tiles.
"""

import altair as alt

DATASET = "domaines-enquete"
TILE_MARGIN = 0.02
PHONE_ROW = 56  # a tile with its name only, on a phone, in pixels
PHONE_LINE = 16  # a line of the scope (lineHeight)


SCOPE_LINES = {
    "detaille": "isValid(datum.perimetre)",
    "perimetre_lignes": (
        "isValid(datum.perimetre) ? 'y compris ' + replace(datum.perimetre, ' et les ', ', et les ') : ''"
    ),
}


def build(data):
    frame = data[["libelle", "intitule_etude", "perimetre"]].copy()
    base = (
        alt.Chart()
        .transform_window(rang="row_number()")
        .transform_calculate(
            colonne="(datum.rang - 1) % 2",
            ligne="floor((datum.rang - 1) / 2)",
            **SCOPE_LINES,
        )
        .transform_calculate(
            x0=f"datum.colonne + {TILE_MARGIN}",
            x1=f"datum.colonne + 1 - {TILE_MARGIN}",
            y0=f"datum.ligne + {TILE_MARGIN * 2}",
            y1=f"datum.ligne + 1 - {TILE_MARGIN * 2}",
            xt="datum.colonne + 0.06",
            yt="datum.ligne + 0.14",
            yp="datum.ligne + 0.36",
        )
    )
    x_scale = alt.Scale(domain=[0, 2])
    y_scale = alt.Scale(domain=[0, 2], reverse=True)
    return alt.layer(*tiles(base, x_scale, y_scale), data=frame).properties(width=560, height=300)


def build_phone(data):
    """The tiles one under the other, each as tall as its text, in pixels
    (the plugin draws the chart as wide as a phone)."""
    frame = data[["libelle", "intitule_etude", "perimetre"]].copy()
    lines = frame["perimetre"].map(lambda p: len(p.replace(" et les ", ", et les ").split(", ")) if p else 0)
    heights = PHONE_ROW + lines * PHONE_LINE
    frame["y0"] = heights.cumsum() - heights + 4
    frame["y1"] = heights.cumsum() - 4
    frame["yt"] = frame["y0"] + 12
    frame["yp"] = frame["y0"] + 40
    total = int(heights.sum())
    base = alt.Chart().transform_calculate(
        x0=f"{TILE_MARGIN / 2}", x1=f"{1 - TILE_MARGIN / 2}", xt="0.04", **SCOPE_LINES
    )
    x_scale = alt.Scale(domain=[0, 1])
    y_scale = alt.Scale(domain=[0, total], reverse=True)
    return alt.layer(*tiles(base, x_scale, y_scale), data=frame).properties(height=total)


def tiles(base, x_scale, y_scale):
    """The tiles, the fields' names and the detailed field's scope."""
    # Each tile is what the pointer and the keyboard land on: it carries the
    # domain, in French, through an explicit description, so that no layout
    # field (x0, y0…) is announced or shown in a tooltip. The texts drawn on
    # the tiles only repeat it: hidden from screen readers and tooltips.
    rects = (
        base.transform_calculate(
            lecture=(
                "'Domaine: ' + datum.libelle + '; Intitulé dans l\\'étude: ' + datum.intitule_etude"
                " + (isValid(datum.perimetre) ? '; Comprend aussi: ' + datum.perimetre : '')"
            )
        )
        .mark_rect(color="#1f5f99", cornerRadius=4)
        .encode(
            x=alt.X("x0:Q", scale=x_scale, axis=None),
            x2="x1:Q",
            y=alt.Y("y0:Q", scale=y_scale, axis=None),
            y2="y1:Q",
            opacity=alt.condition("datum.detaille", alt.value(0.3), alt.value(0.1)),
            description=alt.Description("lecture:N"),
            tooltip=[
                alt.Tooltip("libelle:N", title="Domaine"),
                alt.Tooltip("intitule_etude:N", title="Intitulé dans l'étude"),
            ],
        )
    )
    names = base.mark_text(
        align="left", baseline="top", fontSize=15, fontWeight="bold", color="#333333", aria=False
    ).encode(
        x=alt.X("xt:Q", scale=x_scale, axis=None),
        y=alt.Y("yt:Q", scale=y_scale, axis=None),
        text=alt.Text("libelle:N", title="Domaine"),
    )
    scope = base.mark_text(
        align="left", baseline="top", fontSize=12, lineHeight=16, lineBreak=", ", color="#333333", aria=False
    ).encode(
        x=alt.X("xt:Q", scale=x_scale, axis=None),
        y=alt.Y("yp:Q", scale=y_scale, axis=None),
        text=alt.Text("perimetre_lignes:N", title="Comprend aussi"),
    )
    return rects, names, scope
