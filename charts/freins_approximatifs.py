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
    y = alt.Y("libelle:N", sort=ORDER, title=None, axis=alt.Axis(labelLimit=260))
    base = alt.Chart().encode(y=y)
    bars = (
        base.transform_filter("isValid(datum.part)")
        .mark_bar(color="#1f5f99", opacity=0.35, stroke="#1f5f99", strokeDash=[4, 3], strokeWidth=1.5)
        .encode(
            x=alt.X(
                "part:Q",
                title="Part des dirigeants qui citent ce frein (%, ordre de grandeur)",
                scale=alt.Scale(domain=[0, 100]),
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
        .encode(x=alt.value(0), text="label:N")
    )
    return alt.layer(bars, labels, data=frame).properties(width=560, height=150)
