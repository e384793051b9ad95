"""The load test's reference (``python benchmarks/bench_load.py --reference``): a bare Streamlit app of the same size.

Four pages at the app's addresses and under its titles, each showing what the app's page sends the browser —
the overview's 시도 map and table, the network drawing and a table, a member's suggestion map and the
suggestions table, the 시군구 coverage map and table — all made once when the server starts (``cache_resource``)
and then only sent: no sign-in, no workspace, no computation per page.  What ten browsers wait for here is what
Streamlit, pydeck and the browsers' own drawing cost on this machine; the app can only be slower.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app_pages.texts import APP  # noqa: E402


@st.cache_resource(show_spinner=False)
def content() -> dict[str, tuple]:
    """Each page's title, map or drawing, and table, made from the bundled sample once per server."""
    from network import analysis, coverage, graph, recommend
    from network.dataset import load_dataset
    from network.render import map as render_map
    from network.render import network as render_network

    data = load_dataset(ROOT / "data" / "sample")
    by_sido = analysis.members_by_region(data.members, level="sido")
    overview_map, _ = render_map.region_choropleth(by_sido, level="sido", value_column="members", value_label="회원사")
    G = graph.build_graph(data.members, data.partnerships)
    federation = data.members.loc[data.members["federation"] == "제주", "member_id"].tolist()
    drawing = render_network.network_html(G.subgraph(federation), color_by="federation").html
    engine = recommend.prepare(data.members, data.partnerships)
    member = data.members["member_id"].iloc[0]
    suggestions = recommend.recommend_for_member(engine, member)
    partners_map = render_map.partners_map(*recommend.suggestion_points(engine, suggestions))
    table = coverage.region_coverage_table(data.members, data.visits, data.offices, attendance=data.attendance,
                                           difficulties=data.difficulties, level="sigungu")
    coverage_map, _ = render_map.coverage_map(table, level="sigungu")
    return {
        "overview": (APP.t("app_title", "ko"), overview_map, None, by_sido),
        "network": (APP.t("page_network", "ko"), None, drawing, analysis.members_by_federation(data.members)),
        "recommend": (APP.t("page_recommend", "ko"), partners_map, None, suggestions),
        "coverage": (APP.t("page_coverage", "ko"), coverage_map, None, table.head(200)),
    }


def show(name: str) -> None:
    title, deck, html, frame = content()[name]
    st.title(title)
    if deck is not None:
        st.pydeck_chart(deck, height=540)
    if html is not None:
        st.iframe(html, height=560)
    st.dataframe(frame.drop(columns=[c for c in frame.columns if frame[c].dtype == object and c.endswith("_id")]),
                 hide_index=True)


PAGES = [st.Page(lambda name=name: show(name), title=content()[name][0], url_path=name if name != "overview" else "",
                 default=name == "overview")
         for name in ("overview", "network", "recommend", "coverage")]
st.navigation(PAGES).run()
