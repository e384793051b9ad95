"""협업 추천 (Recommendations): suggestions for one member with reasons, for all members, and the back-test."""

import pandas as pd
import streamlit as st

from app_pages.common import (
    all_recommendations,
    backtest_table,
    current_scope,
    dataframe,
    download_buttons,
    engine_key,
    language,
    log_suggestions_shown,
    member_choices,
    member_suggestions,
    outcome_summary,
    per_version,
    plain,
    recommendation_engine,
    scope_selectbox,
    show_error,
    show_member_history,
    show_suggestion_outcomes,
    show_table,
    start_page,
    suggestion_model,
    t,
)
from network import access, evaluate, export, fieldwork, recommend
from network.config import SETTINGS
from network.errors import InsufficientDataError, NetworkError
from network.recommend import SIGNALS
from network.render import chart as render_chart
from network.render import map as render_map


@per_version
@st.cache_resource(show_spinner=False, max_entries=128)
def suggestions_map(key: str, member_id: str, weights: recommend.Weights, options: recommend.Options,
                    _engine: recommend.Engine, _table: pd.DataFrame):
    """The map of a member and its suggestions, made once per data set, day, member and choice (never changed)."""
    member, points = recommend.suggestion_points(_engine, _table)
    return render_map.partners_map(member, points)


@per_version
@st.cache_resource(show_spinner=False, max_entries=128)
def breakdown_chart(key: str, member_id: str, weights: recommend.Weights, options: recommend.Options,
                    language: str, score_title: str, signal_title: str, _table: pd.DataFrame):
    """What each suggestion's score is made of, as stacked bars (an Altair chart, never changed), made once per data
    set, day, member, choice and language: building the chart was a tenth of the page's time at every run."""
    breakdown = recommend.score_breakdown_table(_table, weights, language=language)
    return render_chart.stacked_bars(  # the legend below the bars: never cut off in its column
        breakdown, category="candidate", value="contribution", series="signal", category_title="",
        value_title=score_title, series_title=signal_title)


@per_version
@st.cache_resource(show_spinner=False, max_entries=32)
def backtest_chart(key: str, cutoff: str, top: int, scope: str, max_km: float | None,
                   weights: recommend.Weights | None, language: str, _labelled: pd.DataFrame):
    """The back-test's precision@k per method as bars (never changed), once per data set and choice."""
    return render_chart.bars(_labelled, category="method", value="precision@k", category_title="",
                             value_title="precision@k", value_format=".3f")

dataset, key = start_page("page_recommend", "rec_intro")
members = dataset.members
engine = recommendation_engine(dataset)
choices = member_choices(dataset)
today = pd.Timestamp.now(tz=fieldwork.LOCAL_TIMEZONE).date()  # in the downloads' file names
lang = language()

# --- controls ------------------------------------------------------------------------------------
pickable = access.own_members(members, current_scope())  # a leader asks for their own members' partners
labels = dict(zip(pickable["member_id"], pickable["name"].fillna("") + " · " + pickable["member_id"]
                  + " · " + pickable["sigungu"].fillna("")))
choice = st.selectbox(t("rec_member"), list(labels), key="rec_member", format_func=labels.get)
left, middle, right = st.columns([1, 2, 1])
top = left.slider(t("rec_top"), 3, 30, SETTINGS.defaults.suggestions, key="rec_top")
scope = middle.segmented_control(t("rec_scope"), list(recommend.SCOPES), default="all", key="rec_scope",
                                 format_func=lambda s: t(f"scope_{s}")) or "all"
max_km = right.number_input(t("rec_max_km"), min_value=0, max_value=600, value=0, step=10, key="rec_max_km")

model = suggestion_model()  # chosen from this data (fitted and checked, or the best single signal)
with st.expander(t("rec_weights")):
    st.caption(plain(model.describe(language())))
    if st.button(t("rec_reset_weights"), key="rec_reset"):
        for name in SIGNALS:
            st.session_state[f"rec_w_{name}"] = float(getattr(model.weights, name))
    cols = st.columns(4)
    chosen = {}
    for i, name in enumerate(SIGNALS):
        chosen[name] = cols[i % 4].number_input(
            recommend.signal_label(name, language()), min_value=0.0, max_value=20.0,
            value=float(getattr(model.weights, name)), step=0.1, key=f"rec_w_{name}")
weights = recommend.Weights(**chosen)
options = model.options(recommend.Options(top=top, scope=scope, max_km=max_km or None))

# --- one member ----------------------------------------------------------------------------------
table = member_suggestions(dataset, choice, weights=weights, options=options)
st.subheader(t("rec_for_member", name=members.set_index("member_id").loc[choice, "name"]))
if table.empty:
    st.info(plain(recommend.no_suggestions_reason(engine, choice, weights=weights, options=options,
                                                  language=language())))
else:
    located = table["km"].notna().any()  # without locations a distance column would be empty: left out
    shown = table[["rank", "candidate_name", "score", *(["km"] if located else []), "reasons"]].rename(columns={
        "rank": t("col_rank"), "candidate_name": t("col_candidate"), "score": t("col_score"), "km": t("col_km"),
        "reasons": t("col_reasons")})
    dataframe(shown, hide_index=True, width="stretch",
              column_config={t("col_reasons"): st.column_config.TextColumn(width="large")})
    download_buttons(lambda: recommend.download_table(table, members, language=lang), key="rec_one", rows=len(table),
                     name=export.file_stem(t("exp_recommendations"), choice, day=today, language=lang))
    log_suggestions_shown(choice, table)
    chart_col, map_col = st.columns([3, 2])
    with chart_col:
        st.markdown(f"**{t('rec_breakdown')}**")
        st.altair_chart(breakdown_chart(engine_key(), choice, weights, options, language(), t("col_score"),
                                        t("col_signal"), table), width="stretch")
    with map_col:
        st.markdown(f"**{t('rec_map')}**")
        if located:
            st.pydeck_chart(suggestions_map(engine_key(), choice, weights, options, engine, table), key="rec_map",
                            height=420)
        else:  # an empty map says nothing
            st.caption(t("rec_map_unlocated"))
show_suggestion_outcomes(dataset, choice, table, key_prefix="rec")
with st.expander(t("history_title")):  # the same history as on the network page and in the difficulty queue
    show_member_history(dataset, choice, key_prefix="rec")

# --- all members ---------------------------------------------------------------------------------
st.subheader(t("rec_all"))
cap = SETTINGS.defaults.diversity_cap(top)
st.caption(t("rec_all_caption", cap=cap))
with st.spinner(t("loading")):
    everyone = all_recommendations(key, recommend.with_options(options, diversity_cap=cap), weights, language(),
                                   engine)
f1, f2, f3 = st.columns(3)
everything = t("rec_all_option")
federation = scope_selectbox(f1, t("rec_filter_federation"), "federation", [everything, *choices.federations],
                             key="rec_filter_federation", none_option=everything)
sido = scope_selectbox(f2, t("rec_filter_sido"), "sido", [everything, *choices.sido.values()], key="rec_filter_sido",
                       none_option=everything, to_option=lambda code: choices.sido.get(code, code))
industry = f3.selectbox(t("rec_filter_industry"), [everything, *choices.industries], key="rec_filter_industry")
filtered = recommend.filter_table(everyone, members,
                                  federation=None if federation == everything else federation,
                                  sido=None if sido == everything else sido,
                                  industry=None if industry == everything else industry)
show_table(filtered[recommend.RESULT_COLUMNS].rename(columns={"member_name": "name"}))
st.caption(t("exp_caption"))
chosen_filters = [None if value == everything else value for value in (federation, sido, industry)]
download_buttons(lambda: recommend.download_table(filtered, members, language=lang), key="rec_all", rows=len(filtered),
                 name=export.file_stem(t("exp_recommendations"), *chosen_filters, day=today, language=lang))

# --- back-test -----------------------------------------------------------------------------------
st.subheader(t("rec_backtest"))
cutoff = st.date_input(t("rec_backtest_cutoff"), value=pd.Timestamp(SETTINGS.defaults.backtest_cutoff),
                       key="rec_cutoff")
try:
    with st.spinner(t("loading")):
        # weights left as chosen from the data are chosen again before the cut-off (no peeking at the future)
        result = backtest_table(key, str(cutoff), top, scope, max_km or None,
                                None if weights == model.weights else weights, dataset.members, dataset.partnerships)
except InsufficientDataError as err:  # the data cannot give a back-test: said, not shown as a failure
    dates = err.parts[0][0] == "error.no_start_dates_split"  # the command line's advice (a random split) is not here
    st.info(t("rec_backtest_no_dates") if dates else plain(err.message(language())))
except NetworkError as err:
    show_error(err)
else:
    st.info(plain(evaluate.reading(result, language=language())))
    labelled = result.assign(method=[evaluate.method_label(m, language()) for m in result["method"]])
    show_table(labelled, table="backtest")
    tested = evaluate.Model.from_dict(result.attrs["model"])
    st.markdown(f"**{t('rec_backtest_model')}**")
    st.caption(plain(tested.describe(language())))
    model_table = tested.table(language()).dropna(axis=1, how="all").rename(columns={  # no fit: no empty column
        "signal": t("col_signal"), "weight": t("rec_col_weight"), "fitted_weight": t("rec_col_fitted_weight"),
        "validation_precision": t("rec_col_validation_precision")})
    show_table(model_table)
    download_buttons(model_table, name="backtest_weights", key="rec_model")
    st.markdown(f"**{t('rec_backtest_chart')}**")
    st.altair_chart(backtest_chart(key, str(cutoff), top, scope, max_km or None,
                                   None if weights == model.weights else weights, language(), labelled),
                    width="stretch")
    download_buttons(result, name="backtest", key="rec_backtest")

summary = outcome_summary()
if summary.shown or summary.outcomes_recorded:  # once suggestions have been shown or outcomes recorded
    st.markdown(f"**{t('outcome_summary_title')}**")
    counts = summary.table(language())[["label", "count", "share"]].rename(columns={"label": "measure"})
    show_table(counts, percent=("share",))
    download_buttons(counts, name="suggestion_outcomes", key="rec_outcome_summary")
