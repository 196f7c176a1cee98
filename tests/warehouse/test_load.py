"""Loading staged batches: idempotence, replay, conflicts, foreign keys, exact money."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.warehouse.sample import ARTICLE_A, ARTICLE_B, EXTRACTION_A, PAIRS, YI, sample_batch
from transforms.staging import build_staging
from warehouse import load, runs
from warehouse.models import Base

FACT_AND_DIM_TABLES = [t.name for t in Base.metadata.sorted_tables if t.name.startswith(("dim_", "fact_"))]


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every dimension and fact table, in key order."""
    with engine.connect() as conn:
        return {
            table.name: [
                tuple(row) for row in conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
            if table.name in FACT_AND_DIM_TABLES or table.name == "ops_dq_finding"
        }


def load_pairs(engine: Engine, pairs: list, flow: str = "test") -> load.LoadSummary:
    run_id = runs.start_run(engine, flow, {})
    return load.load_batch(engine, build_staging(pairs), run_id=run_id)


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


def test_same_batch_twice_changes_nothing(warehouse_engine: Engine) -> None:
    first = load_pairs(warehouse_engine, PAIRS)
    assert first.tables["fact_project_event"].inserted == 5
    assert first.tables["fact_stage_total"].inserted == 5
    before = snapshot(warehouse_engine)

    second = load_pairs(warehouse_engine, PAIRS)

    assert second.rows_written == 0, second.to_dict()
    assert second.articles_skipped == len(PAIRS)  # fingerprints matched: nothing was even compared
    assert snapshot(warehouse_engine) == before


def test_only_articles_whose_staged_rows_changed_are_reloaded(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    corrected_a = replace(EXTRACTION_A, projects=EXTRACTION_A.projects[:1])

    summary = load_pairs(warehouse_engine, [(ARTICLE_A, corrected_a), *PAIRS[1:]])

    assert summary.articles_skipped == len(PAIRS) - 1
    assert summary.tables["dim_article"].updated == 1  # A's new fingerprint
    assert summary.tables["fact_project_mention"].deleted == len(EXTRACTION_A.projects) - 1


def test_articles_loaded_without_fingerprint_are_compared_once_then_skipped(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    before = snapshot(warehouse_engine)
    with warehouse_engine.begin() as conn:  # as a warehouse loaded before revision 0002 looks
        conn.execute(sa.text("UPDATE dim_article SET load_fingerprint = NULL WHERE article_key <> 0"))

    compared = load_pairs(warehouse_engine, PAIRS)
    skipped = load_pairs(warehouse_engine, PAIRS)

    assert compared.articles_skipped == 0
    assert compared.rows_written == compared.tables["dim_article"].updated == len(PAIRS)
    assert skipped.articles_skipped == len(PAIRS) and skipped.rows_written == 0
    assert snapshot(warehouse_engine) == before


def test_a_new_loader_version_revisits_every_article(
    warehouse_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_pairs(warehouse_engine, PAIRS)
    monkeypatch.setattr(load, "LOADER_VERSION", load.LOADER_VERSION + 1)

    summary = load_pairs(warehouse_engine, PAIRS)

    assert summary.articles_skipped == 0
    assert summary.rows_written == len(PAIRS)  # only the fingerprints: the facts were already right


def test_several_articles_give_one_set_of_stage_totals(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    with warehouse_engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT c.campaign_id, s.stage_code, f.project_count, f.investment_yuan, f.report_count, a.url "
                "FROM fact_stage_total f JOIN dim_campaign c USING (campaign_key) "
                "JOIN dim_stage s USING (stage_key) JOIN dim_article a ON a.article_key = f.source_article_key "
                "ORDER BY c.campaign_id, s.stage_order"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("2025-1", "signed", 18, 9_996_000_000, 2, ARTICLE_A.url),
        ("2025-1", "started", 16, 5_901_000_000, 2, ARTICLE_A.url),  # the earliest article wins
        ("2025-1", "in_production", 20, 4_499_000_000, 1, ARTICLE_A.url),
        ("2025-2", "signed", 21, 12_050_000_000, 1, PAIRS[2][0].url),
        ("2025-2", "started", 19, 7_000_000_000, 1, PAIRS[2][0].url),
    ]


def test_conflicting_stage_totals_are_a_finding_in_either_load_order(warehouse_engine: Engine) -> None:
    # The later article B arrives first; A (earlier) must still win once it is loaded.
    load_pairs(warehouse_engine, [PAIRS[1]])
    load_pairs(warehouse_engine, [PAIRS[0]])
    with warehouse_engine.connect() as conn:
        findings = conn.execute(
            sa.text(
                "SELECT f.finding_type, f.subject, a.url, k.url, f.details FROM ops_dq_finding f "
                "JOIN dim_article a ON a.article_key = f.article_key "
                "JOIN dim_article k ON k.article_key = f.kept_article_key"
            )
        ).all()
        kept = conn.execute(
            sa.text(
                "SELECT project_count FROM fact_stage_total f JOIN dim_stage s USING (stage_key) "
                "WHERE s.stage_code = 'started'"
            )
        ).scalar_one()
    assert kept == 16
    assert len(findings) == 1
    finding_type, subject, reported_url, kept_url, details = findings[0]
    assert (finding_type, subject) == ("conflicting_stage_total", "2025-1|山西省/临汾市|started")
    assert (reported_url, kept_url) == (ARTICLE_B.url, ARTICLE_A.url)
    details = details if isinstance(details, dict) else __import__("json").loads(details)
    assert details["kept"]["project_count"] == 16 and details["reported"]["project_count"] == 17


def test_replay_updates_facts_instead_of_duplicating(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    events_before = count(warehouse_engine, "SELECT COUNT(*) FROM fact_project_event")
    # The extractor improved: A's signed total was misread (18 → 19), B's started total now agrees,
    # and A no longer (wrongly) lists the pet-food project.
    corrected_a = replace(
        EXTRACTION_A,
        stage_totals=[
            replace(EXTRACTION_A.stage_totals[0], project_count=19),
            *EXTRACTION_A.stage_totals[1:],
        ],
        projects=[EXTRACTION_A.projects[0], EXTRACTION_A.projects[2]],
    )
    corrected_b = replace(
        PAIRS[1][1],
        stage_totals=[
            replace(PAIRS[1][1].stage_totals[0], project_count=19),
            replace(PAIRS[1][1].stage_totals[1], project_count=16),
        ],
    )
    summary = load_pairs(
        warehouse_engine, [(ARTICLE_A, corrected_a), (ARTICLE_B, corrected_b)], flow="replay"
    )

    assert summary.tables["fact_stage_total"].updated == 1
    assert summary.tables["fact_project_event"].deleted == 1
    assert count(warehouse_engine, "SELECT COUNT(*) FROM fact_project_event") == events_before - 1
    assert count(warehouse_engine, "SELECT COUNT(*) FROM fact_stage_total") == 5
    assert count(warehouse_engine, "SELECT COUNT(*) FROM ops_dq_finding") == 0  # the conflict is gone
    assert (
        count(
            warehouse_engine,
            "SELECT project_count FROM fact_stage_total f JOIN dim_campaign c USING (campaign_key) "
            "JOIN dim_stage s USING (stage_key) WHERE c.campaign_id = '2025-1' AND s.stage_code = 'signed'",
        )
        == 19
    )


def test_project_event_fills_attributes_from_later_articles(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    with warehouse_engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT f.investment_yuan, a.url FROM fact_project_event f "
                "JOIN dim_project p USING (project_key) JOIN dim_article a ON a.article_key = f.source_article_key "
                "WHERE p.project_name = '新能源汽车轻铝合金智能制造项目'"
            )
        ).one()
    assert tuple(row) == (12 * YI, ARTICLE_A.url)


def test_foreign_keys_hold(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    with warehouse_engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                target = fk.column.table.alias("target")
                target_column = target.c[fk.column.name]
                orphans = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(table)
                    .outerjoin(target, fk.parent == target_column)
                    .where(fk.parent.is_not(None), target_column.is_(None))
                ).scalar_one()
                assert orphans == 0, f"{table.name}.{fk.parent.name}"
    with pytest.raises(sa.exc.IntegrityError), warehouse_engine.begin() as conn:
        conn.execute(sa.text("UPDATE fact_project_event SET zone_key = 987654"))


def test_money_is_exact(warehouse_engine: Engine) -> None:
    # 3,000 projects of 0.01亿 … 29.99亿: float sums of such values drift; NUMERIC sums do not.
    amounts = [(i % 2999 + 1) * 1_000_000 + 7 for i in range(3000)]  # 0.01亿 steps plus 7 yuan
    mentions = [
        replace(EXTRACTION_A.projects[0], name=f"测试项目{i}", investment_yuan=amount)
        for i, amount in enumerate(amounts)
    ]
    load_pairs(warehouse_engine, [(ARTICLE_A, replace(EXTRACTION_A, projects=mentions))])
    with warehouse_engine.connect() as conn:
        total = conn.execute(sa.text("SELECT SUM(investment_yuan) FROM fact_project_event")).scalar_one()
        from warehouse.models import FactProjectEvent

        values = conn.execute(sa.select(FactProjectEvent.investment_yuan)).scalars().all()
    assert int(total) == sum(amounts) and total == sum(amounts)
    assert all(type(v) is int for v in values)
    assert sorted(values) == sorted(amounts)


def test_load_refuses_unknown_run(warehouse_engine: Engine) -> None:
    with pytest.raises(ValueError, match="unknown run_id"):
        load.load_batch(warehouse_engine, sample_batch(), run_id="nope")


def test_money_stays_exact_when_a_report_leaves_figures_out(warehouse_engine: Engine) -> None:
    """A count-only report beside full ones: the NULL must not turn the money column into floats
    (regression: consolidating such a batch raised "money must be exact … got float")."""
    gappy_a = replace(
        EXTRACTION_A,
        stage_totals=[
            *EXTRACTION_A.stage_totals[:2],
            replace(EXTRACTION_A.stage_totals[2], investment_yuan=None),
        ],
    )
    load_pairs(warehouse_engine, [(ARTICLE_A, gappy_a)])
    b = replace(
        EXTRACTION_A, source=ARTICLE_B.url, title=ARTICLE_B.title, stage_totals=EXTRACTION_A.stage_totals
    )
    load_pairs(warehouse_engine, [(ARTICLE_B, b)])  # a later article of the same round, with the money
    with warehouse_engine.connect() as conn:
        money = conn.execute(
            sa.text(
                "SELECT s.stage_code, f.investment_yuan FROM fact_stage_total f "
                "JOIN dim_stage s USING (stage_key) ORDER BY s.stage_order"
            )
        ).all()
    assert [(stage, value) for stage, value in money] == [
        ("signed", 9_996_000_000),
        ("started", 5_901_000_000),
        ("in_production", None),  # the earliest article's figure wins, gaps included (documented rule)
    ]
    assert not any(isinstance(value, float) for _, value in money)


def test_fingerprint_changes_with_any_staged_value_of_its_article_only() -> None:
    batch = sample_batch()
    before = load.staged_fingerprints(batch)
    assert load.staged_fingerprints(sample_batch()) == before  # stable across builds
    # Values, not dtypes: the same rows staged with every column as plain objects hash the same.
    as_objects = {name: frame.astype(object) for name, frame in batch.tables().items()}
    assert load.staged_fingerprints(batch.replace(**as_objects)) == before
    for name, frame in batch.tables().items():
        url_column = "url" if name == "articles" else "article_url"
        for column in frame.columns.drop(url_column):
            changed = frame.copy()
            changed[column] = changed[column].astype(object)
            changed.at[changed.index[0], column] = "something else"
            after = load.staged_fingerprints(batch.replace(**{name: changed}))
            url = frame.at[frame.index[0], url_column]
            assert after[url] != before[url], f"{name}.{column}"
            assert {u: f for u, f in after.items() if u != url} == {
                u: f for u, f in before.items() if u != url
            }, f"{name}.{column}"


def test_a_zones_own_totals_sit_under_the_region_that_holds_it(warehouse_engine: Engine) -> None:
    zone_totals = [
        replace(total, region=region, region_level="zone")
        for total, region in zip(
            EXTRACTION_A.stage_totals[:2], ("大同经济技术开发区", "太忻一体化经济区"), strict=False
        )
    ]
    load_pairs(warehouse_engine, [(ARTICLE_A, replace(EXTRACTION_A, stage_totals=zone_totals))])
    with warehouse_engine.connect() as conn:
        paths = set(
            conn.execute(sa.text("SELECT region_path FROM dim_region WHERE region_level = 'zone'")).scalars()
        )
    assert paths == {"山西省/大同市/大同经济技术开发区", "山西省/太忻一体化经济区"}
