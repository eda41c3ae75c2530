"""What the DOCX walk reads from the package besides the body: hyperlink
targets (external relationships, recorded as text, never fetched),
paragraph styles and the core properties."""

from __future__ import annotations

from esep.extract.docx.ooxml import PPR, RPR, W_VAL, Style, is_on, w


def external_links(part) -> dict[str, str]:
    links = {}
    for rid, rel in part.rels.items():
        if rel.reltype.endswith("/hyperlink"):
            try:
                links[rid] = rel.target_ref
            except Exception:  # pragma: no cover - a broken relationship
                continue
    return links


def styles(package) -> dict[str, Style]:
    out: dict[str, Style] = {}
    try:
        root = package.styles.element
    except Exception:
        return out
    for st in root.iter(w("style")):
        sid = st.get(w("styleId"))
        if not sid:
            continue
        s = Style()
        name = st.find(w("name"))
        s.name = name.get(W_VAL, "") if name is not None else ""
        based = st.find(w("basedOn"))
        s.based_on = based.get(W_VAL) if based is not None else None
        lvl = st.find(f"{PPR}/{w('outlineLvl')}")
        if lvl is not None and (v := lvl.get(W_VAL, "")).isdigit():
            s.outline = int(v)
        b = st.find(f"{RPR}/{w('b')}")
        if b is not None:
            s.bold = is_on(b)
        out[sid] = s
    return out


def core_metadata(package) -> dict[str, str]:
    meta: dict[str, str] = {}
    try:
        cp = package.core_properties
        for key in ("title", "author", "last_modified_by"):
            value = getattr(cp, key, None)
            if value:
                meta[key] = str(value)[:500]
        for key in ("created", "modified"):
            value = getattr(cp, key, None)
            if value:
                meta[key] = value.isoformat()
    except Exception:  # core properties are optional and often malformed
        pass
    return meta
