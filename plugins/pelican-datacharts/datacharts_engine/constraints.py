"""Table Schema constraints, ``primaryKey``, ``uniqueKeys`` and same-file
``foreignKeys``, checked on the values as read.

A violation is an editor error naming the CSV's file and line, the column, the
value and the constraint broken. Bounds and ``enum`` values are read with the
column's own type and format, so ``minimum: 2016-01-01`` compares dates.
"""

from __future__ import annotations

import json

import pandas as pd

from .cells import ColumnContext, read_column
from .descriptor import FieldSpec, Layout
from .errors import EditorError

BOUNDS = {
    "minimum": (lambda v, b: v >= b, "au moins"),
    "maximum": (lambda v, b: v <= b, "au plus"),
    "exclusiveMinimum": (lambda v, b: v > b, "plus que"),
    "exclusiveMaximum": (lambda v, b: v < b, "moins que"),
}


def check_field(values: pd.Series, raw: pd.Series, is_missing: pd.Series, f: FieldSpec, ctx, desc_path: str):
    c = f.constraints
    present = ~is_missing

    def fail(bad: pd.Series, broken: str):
        fix = "" if " ; " in broken else " ; corrigez la valeur, ou la contrainte dans le descripteur"
        ctx.fail(raw, bad, "colonne « {col} » : « {value} » " + broken + fix)

    if c.get("required") and is_missing.any():
        fail(
            is_missing,
            "est une valeur manquante alors que la colonne est obligatoire (contrainte required) ; remplissez-la",
        )
    if c.get("unique"):
        dup = values.duplicated(keep="first") & present
        if dup.any():
            first = int(dup.to_numpy().nonzero()[0][0])
            earlier = int(((values == values.iloc[first]) & present).to_numpy().nonzero()[0][0])
            fail(
                dup,
                f"apparaît déjà à la ligne {ctx.lines(earlier)} (contrainte unique) ; chaque valeur doit être unique",
            )
    if "pattern" in c:
        ok = raw.str.fullmatch(str(c["pattern"])).fillna(False).astype(bool)
        if (~ok & present).any():
            fail(~ok & present, f"ne suit pas le modèle « {c['pattern']} » (contrainte pattern)")
    for key in ("minLength", "maxLength"):
        if key in c:
            lengths = _lengths(values, f, present)
            bad = (lengths < c[key] if key == "minLength" else lengths > c[key]) & present
            if bad.any():
                word = "moins" if key == "minLength" else "plus"
                fail(
                    bad, f"a {word} de {c[key]} {'caractères' if f.type == 'string' else 'éléments'} (contrainte {key})"
                )
    if "enum" in c:
        allowed = _typed(c["enum"], f, desc_path, "enum")
        ok = values.isin(list(allowed)) if f.type not in ("string", "any") else raw.isin([str(v) for v in c["enum"]])
        bad = ~ok.fillna(False).astype(bool) & present
        if bad.any():
            shown = ", ".join(str(v) for v in c["enum"])
            fail(bad, f"n'est pas une des valeurs permises (contrainte enum : {shown})")
    for key, (test, words) in BOUNDS.items():
        if key in c:
            bound = _typed([c[key]], f, desc_path, key).iloc[0]
            ok = test(values.where(present, bound), bound).fillna(False).astype(bool)
            bad = ~ok & present
            if bad.any():
                fail(bad, f"devrait valoir {words} {c[key]} (contrainte {key})")


def _lengths(values, f, present):
    if f.type == "string":
        return values.str.len().fillna(0)
    return pd.Series([len(json.loads(v)) if p else 0 for v, p in zip(values, present, strict=True)], index=values.index)


def _typed(items, f: FieldSpec, desc_path: str, key: str) -> pd.Series:
    """Constraint values read as the column's cells are."""
    texts = pd.Series([str(v).lower() if isinstance(v, bool) else str(v) for v in items], dtype=object)
    spec = FieldSpec(**{**f.__dict__, "bare_number": True, "group_char": None, "decimal_char": "."})

    def lines(_index):
        return f.constraint_lines.get(key)

    try:
        return read_column(texts, spec, pd.Series(False, index=texts.index), ColumnContext(f.name, lines, desc_path))
    except EditorError as exc:
        raise EditorError(
            f"la contrainte « {key} » de la colonne « {f.name} » n'est pas une valeur de type {f.type} ; {exc.message}",
            desc_path,
            f.constraint_lines.get(key),
        ) from None


def check_keys(frame: pd.DataFrame, missing: dict, layout: Layout, lines, path: str, desc_path: str):
    """primaryKey (required and unique together), uniqueKeys, same-file foreignKeys."""
    keys = []
    if layout.primary_key:
        keys.append(("primaryKey", layout.primary_key, True))
    keys.extend(("uniqueKeys", key, False) for key in layout.unique_keys)
    keys.extend(("foreignKeys", (*own, *target), False) for own, target in layout.foreign_keys)
    for what, names, _ in keys:
        for name in names:
            if name not in frame.columns:
                raise EditorError(
                    f"« {what} » nomme la colonne « {name} », absente du fichier {path} ; colonnes : "
                    + ", ".join(frame.columns),
                    desc_path,
                    layout.keys_line.get(what),
                )
    keys = [key for key in keys if key[0] != "foreignKeys"]
    for what, names, required in keys:
        absent = pd.concat([missing[n] for n in names], axis=1)
        if required and absent.any(axis=None):
            row = int(absent.any(axis=1).to_numpy().nonzero()[0][0])
            name = next(n for n in names if missing[n].iat[row])
            raise EditorError(
                f"colonne « {name} » : valeur manquante dans la clé {what} ({', '.join(names)}) ; remplissez-la",
                path,
                lines(row),
            )
        complete = ~absent.any(axis=1)
        dup = frame[list(names)].duplicated(keep=False) & complete
        if dup.any():
            rows = dup.to_numpy().nonzero()[0]
            first, second = int(rows[0]), int(rows[1])
            shown = ", ".join(f"{n} = {frame[n].iat[second]}" for n in names)
            raise EditorError(
                f"clé {what} ({', '.join(names)}) en double : {shown} figure déjà à la ligne {lines(first)} ; "
                "chaque ligne doit avoir sa propre clé",
                path,
                lines(second),
            )
    for own, target in layout.foreign_keys:
        known = set(frame[list(target)].itertuples(index=False, name=None))
        for row, values in enumerate(frame[list(own)].itertuples(index=False, name=None)):
            if any(missing[n].iat[row] for n in own):
                continue
            if values not in known:
                shown = ", ".join(f"{n} = {v}" for n, v in zip(own, values, strict=True))
                raise EditorError(
                    f"{shown} ne correspond à aucune ligne ({', '.join(target)}) de ce fichier "
                    "(contrainte foreignKeys) ; corrigez la valeur, ou ajoutez la ligne qu'elle désigne",
                    path,
                    lines(row),
                )
