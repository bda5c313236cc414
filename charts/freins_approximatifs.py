"""The brakes named by leaders, drawn so that no value looks exact.

The study gives only orders of magnitude ("près des trois quarts", "près des
deux tiers") and, for the lack of means, no figure at all. The block grammar
would draw plain bars; here the bars are pale with a dashed outline, each
label, written inside its bar, starts with "environ" and repeats the study's own words, and the brake
without a figure gets a sentence instead of a bar.
"""

import altair as alt

DATASET = "freins-2016"
ORDER = ["Manque de moyens", "Manque de temps", "Manque de savoir-faire"]


def build(data):
    # Only what a reader needs in the table and the CSV download; the flag is
    # written out in words because the table prints raw booleans as True/False.
    frame = data[["libelle", "formulation", "part", "approximatif"]].copy()
    frame["approximatif"] = frame["approximatif"].map({True: "oui", False: "non"})
    # The field's title (« Frein ») names it in tooltips and for screen readers;
    # the axis itself needs no title.
    y = alt.Y("libelle:N", sort=ORDER, title="Frein", axis=alt.Axis(labelLimit=260, title=None))
    base = alt.Chart().encode(y=y)
    bars = (
        base.transform_filter("isValid(datum.part)")
        .mark_bar(color="#1f5f99", opacity=0.35, stroke="#1f5f99", strokeDash=[4, 3], strokeWidth=1.5)
        .encode(
            x=alt.X(
                "part:Q",
                title="Ordre de grandeur (%)",
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(title="Part des dirigeants qui citent ce frein (%, ordre de grandeur)"),
            ),
            tooltip=[
                alt.Tooltip("libelle:N", title="Frein"),
                alt.Tooltip("formulation:N", title="Formulation de l'étude"),
                alt.Tooltip("part:Q", title="Ordre de grandeur (%)"),
            ],
        )
    )
    labels = (
        base.transform_calculate(
            label=(
                "isValid(datum.part)"
                " ? 'environ ' + format(datum.part, 'd') + ' % (« ' + datum.formulation + ' »)'"
                " : '« ' + datum.formulation + ' » : aucun chiffre publié'"
            )
        )
        .mark_text(align="left", dx=6, fontSize=12, color="#333333")
        .encode(x=alt.value(0), text=alt.Text("label:N", title="Ce que dit l'étude"))
    )
    return alt.layer(bars, labels, data=frame).properties(width=560, height=150)
