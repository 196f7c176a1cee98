"""The data-quality gate: validate a staging batch with the GX suites, split clean from quarantined.

``validate_batch`` runs one suite per staging table (``expectations/suites/``) in an ephemeral GX
context and returns a ``GateResult`` of plain data:

- ``clean``: the batch without the quarantined rows (empty when the batch is blocked);
- ``quarantine``: one row per (failing row, critical check): the row as JSON, the check's name, the
  observed value and the reason (columns as in docs/CONTRACTS.md, ``ops_quarantine``);
- ``results``: one plain dict per expectation (no numpy scalars), for ``ops_dq_result`` and reports;
- ``blocked``: the batch itself is broken, nothing loads;
- ``data_docs_path``: the Data Docs ``index.html`` under ``settings.data_docs_dir``.

Severities: a failing *critical* row-level check quarantines the failing rows and the rest loads; a
failing *warning* check loads everything and is reported. A batch is blocked only when it is broken
as a whole: a critical table-level check fails (e.g. a crawl fetched article pages but none parsed,
a column has the wrong type), a check cannot run at all, the contract columns are missing, or every
row fails (the whole batch, or one table of at least ``ALL_FAILING_MIN_ROWS`` rows).

GX is imported inside ``validate_batch`` (the import takes seconds); importing this module is cheap.

Speed: the GX context, its datasource, the suites and validation definitions are pure configuration,
built once per process (``_GxRuntime``) and reused by every batch; the run's clock reaches the suites as
suite parameters. ``warm_up_in_background`` does the import and that set-up on a thread while the
crawl waits on the network. Data Docs are rendered by ``build_data_docs``: right after the validation
by default, or once per run (``validate_batch(..., data_docs=False)`` for each batch, then
``build_data_docs`` at the end of the run), since rendering costs as much as validating.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import logging
import threading
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pandas as pd

from expectations.plain import to_json, to_plain
from expectations.reference import ReferenceData
from transforms.contract import QUARANTINE_COLUMNS

if TYPE_CHECKING:
    from config.settings import Settings
    from transforms.staging import StagingBatch

log = logging.getLogger(__name__)

TABLES = ("articles", "campaigns", "stage_totals", "project_mentions")
PARENT_TABLES = ("articles", "campaigns")
ALL_FAILING_MIN_ROWS = 10  # a table this big failing entirely means broken extraction, not bad rows
EXAMPLES_PER_CHECK = 5
ROW_NUMBER = "row_number"  # positional row id added to each check view; names rows in GX results
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class GateResult:
    run_id: str
    clean: StagingBatch
    quarantine: pd.DataFrame
    results: list[dict[str, Any]]
    blocked: bool
    block_reasons: list[str] = field(default_factory=list)
    data_docs_path: Path | None = None
    rows_checked: dict[str, int] = field(default_factory=dict)
    drift: list[str] = field(default_factory=list)
    rows_quarantined: int = 0  # distinct rows withheld; a row failing two checks has two entries

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if not r["success"]]

    @property
    def failed_critical(self) -> list[dict[str, Any]]:
        return [r for r in self.failed if r["severity"] == "critical"]

    @property
    def failed_warnings(self) -> list[dict[str, Any]]:
        return [r for r in self.failed if r["severity"] != "critical"]

    @property
    def rows_clean(self) -> int:
        return sum(len(getattr(self.clean, table)) for table in TABLES)

    @property
    def needs_alert(self) -> bool:
        """Alert the maintainers: blocked, rows quarantined, or the crawler saw the site change."""
        return self.blocked or not self.quarantine.empty or bool(self.drift)


def validate_batch(
    batch: StagingBatch,
    *,
    settings: Settings,
    run_id: str,
    drift: Iterable[object] | None = None,
    crawl_stats: object | None = None,
    reference: ReferenceData | None = None,
    now: datetime | None = None,
    data_docs: bool = True,
) -> GateResult:
    """Validate ``batch``; see the module docstring.

    ``drift``: the crawler's site-structure drift findings (reported, carried into the alert).
    ``crawl_stats``: the crawl's summary (with ``article_pages_fetched``), so that zero
    parsed articles from a non-empty crawl blocks the batch. ``reference``: known places and name
    rules (default: the gazetteer). ``now``: the run's clock (default: the current time).
    ``data_docs``: render Data Docs now; False leaves that to one ``build_data_docs`` call at the end
    of the run (``data_docs_path`` is where they will be).
    """
    from expectations.suites import CheckContext

    drift_notes = [drift_note(d) for d in drift or ()]
    _wait_for_warm_up()  # the suite modules import GX: never alongside the warm-up thread's import
    modules = _suite_modules()
    missing = _contract_problems(batch, modules)
    if missing:
        return _blocked_without_validation(batch, run_id, missing, drift_notes)

    if reference is None:
        from expectations.reference import load_reference

        reference = load_reference()
    ctx = CheckContext(
        reference=reference,
        now=(now or datetime.now(SHANGHAI)),
        articles_fetched=_articles_fetched(crawl_stats),
    )
    views = {m.TABLE: _check_view(m, batch, ctx) for m in modules}

    runtime = _runtime(settings.data_docs_dir)
    results: list[dict[str, Any]] = []
    failing_rows: dict[str, dict[int, list[dict[str, Any]]]] = {t: {} for t in TABLES}
    block_reasons: list[str] = []
    with runtime.lock:
        validations = [runtime.validate(module, views[module.TABLE], ctx, run_id) for module in modules]
    for module, validation in zip(modules, validations, strict=True):
        for outcome in validation.results:
            plain = _result_dict(outcome, module.TABLE, run_id)
            results.append(plain)
            if plain["success"] or plain["severity"] != "critical":
                continue
            rows = _unexpected_rows(outcome)
            if rows is None:  # table-level check, or the check could not run: the batch is broken
                block_reasons.append(_describe_failure(plain))
                continue
            for row_number in rows:
                failing_rows[module.TABLE].setdefault(row_number, []).append(plain)
    if data_docs:
        build_data_docs(settings)
    data_docs_path = data_docs_index(settings)

    quarantined = _quarantine_entries(modules, views, failing_rows, run_id)
    _cascade_to_children(modules, views, quarantined, run_id)
    _disambiguate_row_keys(quarantined)
    rows_checked = {t: len(views[t]) for t in TABLES}
    block_reasons += _all_rows_failing(rows_checked, quarantined)

    # a blocked batch loads nothing; otherwise every row that is not quarantined
    clean = dataclasses.replace(
        batch,
        **{
            t: getattr(batch, t).iloc[0:0]
            if block_reasons
            else getattr(batch, t)
            .reset_index(drop=True)
            .drop(index=list(quarantined[t]))
            .reset_index(drop=True)
            for t in TABLES
        },
    )
    results.append(_batch_result(run_id, rows_checked, block_reasons))
    entries = [entry for t in TABLES for row in quarantined[t].values() for entry in row]
    quarantine = pd.DataFrame(entries, columns=list(QUARANTINE_COLUMNS))
    result = GateResult(
        run_id=run_id,
        clean=clean,
        quarantine=quarantine,
        results=results,
        blocked=bool(block_reasons),
        block_reasons=block_reasons,
        data_docs_path=data_docs_path,
        rows_checked=rows_checked,
        drift=drift_notes,
        rows_quarantined=sum(len(quarantined[t]) for t in TABLES),
    )
    log.info(
        "DQ gate %s: %d rows checked, %d quarantined, %d checks failed (%d critical), blocked=%s",
        run_id,
        sum(rows_checked.values()),
        result.rows_quarantined,
        len(result.failed),
        len(result.failed_critical),
        result.blocked,
    )
    return result


# --- contract and context -------------------------------------------------------------------------


def _contract_problems(batch: StagingBatch, modules: Sequence[ModuleType]) -> list[str]:
    problems = []
    for module in modules:
        table = module.TABLE
        frame = getattr(batch, table, None)
        if not isinstance(frame, pd.DataFrame):
            problems.append(f"staging table {table!r} is missing from the batch")
            continue
        absent = [c for c in module.COLUMNS if c not in frame.columns]
        if absent:
            problems.append(f"staging table {table!r} lacks contract columns {absent} (docs/CONTRACTS.md)")
    return problems


def _blocked_without_validation(
    batch: StagingBatch, run_id: str, reasons: list[str], drift: list[str]
) -> GateResult:
    empty = {
        t: getattr(batch, t).iloc[0:0] for t in TABLES if isinstance(getattr(batch, t, None), pd.DataFrame)
    }
    return GateResult(
        run_id=run_id,
        clean=dataclasses.replace(batch, **empty),
        quarantine=pd.DataFrame(columns=list(QUARANTINE_COLUMNS)),
        results=[_batch_result(run_id, {}, reasons)],
        blocked=True,
        block_reasons=reasons,
        drift=drift,
    )


def _articles_fetched(crawl_stats: object | None) -> int | None:
    """``article_pages_fetched`` of the crawl (``extractors.crawl.CrawlSummary`` or its dict)."""
    if crawl_stats is None:
        return None
    if isinstance(crawl_stats, Mapping):
        value = crawl_stats.get("article_pages_fetched")
    else:
        value = getattr(crawl_stats, "article_pages_fetched", None)
    return None if value is None else int(value)


def drift_note(finding: object) -> str:
    """One line for a crawler drift finding (``{"url", "kind", "detail"}``) or any other object."""
    if isinstance(finding, Mapping) and {"kind", "detail"} <= finding.keys():
        where = f" ({finding['url']})" if finding.get("url") else ""
        return f"{finding['kind']}: {finding['detail']}{where}"
    return str(finding)


def _check_view(module: ModuleType, batch: StagingBatch, ctx: Any) -> pd.DataFrame:
    view = module.prepare(batch, ctx).reset_index(drop=True)
    view.insert(0, ROW_NUMBER, range(len(view)))
    return view


def _suite_modules() -> list[ModuleType]:
    from expectations import suites

    return [importlib.import_module(f"{suites.__name__}.{table}") for table in TABLES]


def data_docs_index(settings: Settings) -> Path:
    """Where the Data Docs index page is (or will be, once ``build_data_docs`` ran)."""
    return (settings.data_docs_dir / "index.html").resolve()


def build_data_docs(settings: Settings) -> Path | None:
    """Render Data Docs for the validations not rendered yet; the index path, None when there were none.

    The rendered results are then dropped from GX's in-memory store, so a long run's memory stays flat.
    """
    _wait_for_warm_up()
    runtime = _runtime(settings.data_docs_dir)
    with runtime.lock:
        if not runtime.render_pending():
            return None
    return data_docs_index(settings)


class _GxRuntime:
    """The GX objects that are configuration only, built once per process for one Data Docs folder.

    An ephemeral context (never a cwd-dependent ``gx/`` folder) whose docs site writes to
    ``data_docs_dir``, a pandas datasource with one asset per staging table, and per table the suite
    and validation definition for the current ``CheckContext.suite_key`` (rebuilt when it changes).
    """

    def __init__(self, data_docs_dir: Path) -> None:
        self.data_docs_dir = data_docs_dir
        self.lock = threading.RLock()
        self.context = _ephemeral_context(data_docs_dir)
        datasource = self.context.data_sources.add_pandas("staging")
        self.batch_definitions = {
            table: datasource.add_dataframe_asset(table).add_batch_definition_whole_dataframe("whole_batch")
            for table in TABLES
        }
        self._suite_keys: dict[str, object] = {}
        self._definitions: dict[str, Any] = {}

    def definition(self, module: ModuleType, ctx: Any) -> Any:
        import great_expectations as gx

        table = module.TABLE
        if self._suite_keys.get(table) != ctx.suite_key:
            if table in self._definitions:
                self.context.validation_definitions.delete(table)
                self.context.suites.delete(table)
            suite = self.context.suites.add(
                gx.ExpectationSuite(name=table, expectations=module.expectations(ctx))
            )
            self._definitions[table] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=self.batch_definitions[table], suite=suite)
            )
            self._suite_keys[table] = ctx.suite_key
        return self._definitions[table]

    def validate(self, module: ModuleType, view: pd.DataFrame, ctx: Any, run_id: str) -> Any:
        from great_expectations.core.run_identifier import RunIdentifier

        return self.definition(module, ctx).run(
            batch_parameters={"dataframe": view},
            expectation_parameters=ctx.expectation_parameters(),
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [ROW_NUMBER, *module.KEY],
            },
            run_id=RunIdentifier(run_name=str(run_id)),
        )

    def render_pending(self) -> bool:
        """Render the stored validation results (and the suites, the index); False if none were stored."""
        store = self.context.validation_results_store
        keys = store.list_keys()
        if not keys:
            return False
        urls = self.context.build_data_docs()
        # GX's pages load their CSS/JS from public CDNs: serve them from the site so they open offline
        from expectations.offline_docs import make_offline

        make_offline(self.data_docs_dir)
        log.info("Data Docs: %s", urls)
        for key in keys:
            store.remove_key(key)
        return True


_runtime_lock = threading.Lock()
_current_runtime: _GxRuntime | None = None
_warm_up: Future[None] | None = None


def _runtime(data_docs_dir: Path) -> _GxRuntime:
    """The process's GX runtime for ``data_docs_dir``; a new folder replaces it (rendering what is due)."""
    global _current_runtime
    data_docs_dir = data_docs_dir.resolve()
    with _runtime_lock:
        runtime = _current_runtime
        if runtime is not None and runtime.data_docs_dir == data_docs_dir:
            return runtime
        if runtime is not None:
            with runtime.lock:
                runtime.render_pending()
        _current_runtime = _GxRuntime(data_docs_dir)
        return _current_runtime


def warm_up_in_background(settings: Settings, reference: ReferenceData | None = None) -> Future[None]:
    """Import GX and build the runtime and suites on a daemon thread; ``validate_batch`` waits for it.

    A flow starts this before its crawl: the import alone takes seconds, the crawl mostly waits on the
    network, and the two then overlap. A failure here is logged and the gate retries on first use.
    """
    global _warm_up
    future: Future[None] = Future()

    def work() -> None:
        try:
            from expectations.reference import load_reference
            from expectations.suites import CheckContext

            ctx = CheckContext(reference=reference or load_reference(), now=datetime.now(SHANGHAI))
            modules = _suite_modules()
            runtime = _runtime(settings.data_docs_dir)
            with runtime.lock:
                for module in modules:
                    runtime.definition(module, ctx)
        except Exception:  # the gate builds everything again on first use
            log.warning("GX warm-up failed; the gate sets up on first use", exc_info=True)
        finally:
            future.set_result(None)

    _warm_up = future
    threading.Thread(target=work, name="gx-warm-up", daemon=True).start()
    return future


def _wait_for_warm_up() -> None:
    if _warm_up is not None:
        _warm_up.result()


def _ephemeral_context(data_docs_dir: Path) -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")  # never the cwd's gx/ folder
    context.variables.progress_bars = ProgressBarsConfig(globally=False)  # TQDM_DISABLE does not work
    # The ephemeral default site lives in a temp dir and is lost; write to a stable folder.
    for site in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(site)
    data_docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        "local_site",
        {
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(data_docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    return context


# --- results --------------------------------------------------------------------------------------


def _columns_of(config: Any) -> list[str]:
    kwargs = config.kwargs
    if "column" in kwargs:
        return [kwargs["column"]]
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return list(kwargs.get("column_list") or [])


def _result_dict(outcome: Any, table: str, run_id: str) -> dict[str, Any]:
    config = outcome.expectation_config
    result = outcome.result or {}
    exception = outcome.exception_info or {}
    unexpected = result.get("unexpected_list") or result.get("partial_unexpected_list") or []
    examples: list[Any] = []
    for value in unexpected:
        plain = to_plain(value)
        if plain not in examples:
            examples.append(plain)
        if len(examples) == EXAMPLES_PER_CHECK:
            break
    index_list = result.get("unexpected_index_list") or []
    return {
        "run_id": run_id,
        "table_name": table,
        "expectation": (config.meta or {}).get("check", config.type),
        "expectation_type": config.type,
        "column": ",".join(_columns_of(config)) or None,
        "severity": _severity(config),
        "success": bool(outcome.success),
        "element_count": to_plain(result.get("element_count")),
        "unexpected_count": to_plain(result.get("unexpected_count")),
        "unexpected_percent": to_plain(result.get("unexpected_percent")),
        "observed_value": to_plain(result.get("observed_value")),
        "examples": examples,
        "example_rows": [
            {k: to_plain(v) for k, v in row.items() if k != ROW_NUMBER}
            for row in index_list[:EXAMPLES_PER_CHECK]
        ],
        "description": config.description,
        "exception": exception.get("exception_message") if exception.get("raised_exception") else None,
    }


def _severity(config: Any) -> str:
    severity = getattr(config, "severity", "critical")
    return str(getattr(severity, "value", severity)).lower()


def _unexpected_rows(outcome: Any) -> list[int] | None:
    """Row numbers of a failed row-level check; None for table-level checks and checks that raised."""
    if (outcome.exception_info or {}).get("raised_exception"):
        return None
    index_list = (outcome.result or {}).get("unexpected_index_list")
    if index_list is None or not index_list:
        return None
    return sorted({int(row[ROW_NUMBER]) for row in index_list})


def _describe_failure(plain: Mapping[str, Any]) -> str:
    detail = plain["exception"] or f"observed {plain['observed_value']!r}"
    return f"{plain['table_name']}.{plain['expectation']}: {plain['description']} ({detail})"


# --- quarantine -----------------------------------------------------------------------------------


def _quarantine_entries(
    modules: Sequence[ModuleType],
    views: Mapping[str, pd.DataFrame],
    failing_rows: Mapping[str, Mapping[int, list[dict[str, Any]]]],
    run_id: str,
) -> dict[str, dict[int, list[dict[str, Any]]]]:
    """Quarantine rows per table and row number, one entry per failed critical check."""
    out: dict[str, dict[int, list[dict[str, Any]]]] = {}
    for module in modules:
        view = views[module.TABLE]
        out[module.TABLE] = {
            row_number: [
                _entry(
                    module,
                    view,
                    row_number,
                    run_id,
                    expectation=check["expectation"],
                    observed=_observed(view, row_number, (check["column"] or "").split(",")),
                    reason=check["description"],
                )
                for check in checks
            ]
            for row_number, checks in sorted(failing_rows[module.TABLE].items())
        }
    return out


def _cascade_to_children(
    modules: Sequence[ModuleType],
    views: Mapping[str, pd.DataFrame],
    quarantined: dict[str, dict[int, list[dict[str, Any]]]],
    run_id: str,
) -> None:
    """Withhold rows whose parent (article, campaign) was quarantined, so no load leaves orphans."""
    by_table = {m.TABLE: m for m in modules}

    def surviving(table: str, column: str) -> tuple[set[Any], set[Any]]:
        values = views[table][column]
        withheld = values.index.isin(list(quarantined[table]))
        kept = set(values[~withheld].dropna())
        lost = set(values[withheld].dropna()) - kept
        return kept, lost

    _, lost_articles = surviving("articles", "url")
    for table in ("campaigns", "stage_totals", "project_mentions"):
        _withhold(by_table[table], views[table], quarantined, run_id, "article_url", lost_articles, "article")
    _, lost_campaigns = surviving("campaigns", "campaign_id")
    for table in ("stage_totals", "project_mentions"):
        _withhold(
            by_table[table], views[table], quarantined, run_id, "campaign_id", lost_campaigns, "campaign"
        )


def _withhold(
    module: ModuleType,
    view: pd.DataFrame,
    quarantined: dict[str, dict[int, list[dict[str, Any]]]],
    run_id: str,
    column: str,
    lost_parents: set[Any],
    parent: str,
) -> None:
    if not lost_parents:
        return
    table_rows = quarantined[module.TABLE]
    for row_number in view.index[view[column].isin(lost_parents)]:
        if row_number in table_rows:
            continue
        table_rows[int(row_number)] = [
            _entry(
                module,
                view,
                int(row_number),
                run_id,
                expectation=f"{parent}_quarantined",
                observed=_observed(view, int(row_number), [column]),
                reason=f"its {parent} was quarantined in this run, so the row would be an orphan",
            )
        ]


def _entry(
    module: ModuleType,
    view: pd.DataFrame,
    row_number: int,
    run_id: str,
    *,
    expectation: str,
    observed: str,
    reason: str,
) -> dict[str, Any]:
    row = view.loc[row_number]
    return {
        "run_id": run_id,
        "table_name": module.TABLE,
        "row_key": to_json({k: row[k] for k in module.KEY}),
        "row_json": to_json({k: row[k] for k in module.COLUMNS}),
        "expectation": expectation,
        "severity": "critical",
        "observed_value": observed,
        "reason": reason,
    }


def _disambiguate_row_keys(quarantined: Mapping[str, Mapping[int, list[dict[str, Any]]]]) -> None:
    """Rows sharing a natural key (duplicates) get their batch row number in ``row_key``.

    ``ops_quarantine`` is unique on (run, table, row key, check); without this, the second of two
    duplicate rows would be dropped when saved, and nothing may be lost.
    """
    for rows in quarantined.values():
        by_key: dict[str, list[int]] = {}
        for row_number, entries in rows.items():
            by_key.setdefault(entries[0]["row_key"], []).append(row_number)
        for row_key, row_numbers in by_key.items():
            if len(row_numbers) < 2:
                continue
            for row_number in row_numbers:
                unique_key = to_json({**json.loads(row_key), ROW_NUMBER: row_number})
                for entry in rows[row_number]:
                    entry["row_key"] = unique_key


def _observed(view: pd.DataFrame, row_number: int, columns: Sequence[str]) -> str:
    row = view.loc[row_number]
    parts = [f"{c}={to_plain(row[c])}" for c in columns if c and c in view.columns]
    return "; ".join(parts)


def _batch_result(run_id: str, rows_checked: Mapping[str, int], block_reasons: list[str]) -> dict[str, Any]:
    """The batch-level verdict as one more result, so stored results say whether the batch loaded."""
    return {
        "run_id": run_id,
        "table_name": "batch",
        "expectation": "batch_usable",
        "expectation_type": "linfen_etl_batch_verdict",
        "column": None,
        "severity": "critical",
        "success": not block_reasons,
        "element_count": sum(rows_checked.values()),
        "unexpected_count": None,
        "unexpected_percent": None,
        "observed_value": block_reasons or None,
        "examples": [],
        "example_rows": [],
        "description": "the batch as a whole is usable (not blocked)",
        "exception": None,
    }


def _all_rows_failing(
    rows_checked: Mapping[str, int], quarantined: Mapping[str, Mapping[int, Any]]
) -> list[str]:
    reasons = []
    total = sum(rows_checked.values())
    if total and sum(len(quarantined[t]) for t in TABLES) == total:
        reasons.append(f"every one of the batch's {total} rows failed a critical check")
        return reasons
    for table, n in rows_checked.items():
        if n >= ALL_FAILING_MIN_ROWS and len(quarantined[table]) == n:
            reasons.append(f"{table}: all {n} rows failed a critical check; extraction looks broken")
    return reasons


def merge_gate_results(results: Sequence[GateResult]) -> GateResult:
    """One run's gate outcome from the results of its batches (for the run's single alert/report).

    Per-expectation results are combined by (table, check): failed if any batch failed, counts
    summed, examples pooled.
    """
    if not results:
        raise ValueError("merge_gate_results needs at least one GateResult")
    first = results[0]
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for gate in results:
        for r in gate.results:
            key = (r["table_name"], r["expectation"])
            if key not in merged:
                merged[key] = {**r, "examples": list(r["examples"]), "example_rows": list(r["example_rows"])}
                continue
            m = merged[key]
            m["success"] = m["success"] and r["success"]
            for count in ("element_count", "unexpected_count"):
                if r[count] is not None:
                    m[count] = (m[count] or 0) + r[count]
            if m["element_count"] and m["unexpected_count"] is not None:
                m["unexpected_percent"] = 100.0 * m["unexpected_count"] / m["element_count"]
            if not r["success"] and r["observed_value"] is not None:
                m["observed_value"] = r["observed_value"]
            m["examples"] += [e for e in r["examples"] if e not in m["examples"]]
            del m["examples"][EXAMPLES_PER_CHECK:]
            m["example_rows"] = (m["example_rows"] + r["example_rows"])[:EXAMPLES_PER_CHECK]
            m["exception"] = m["exception"] or r["exception"]
    tables = {t: pd.concat([getattr(g.clean, t) for g in results], ignore_index=True) for t in TABLES}
    drift: list[str] = []
    for gate in results:
        drift += [d for d in gate.drift if d not in drift]
    docs = [g.data_docs_path for g in results if g.data_docs_path is not None]
    return GateResult(
        run_id=first.run_id,
        clean=dataclasses.replace(first.clean, **tables),
        quarantine=pd.concat([g.quarantine for g in results], ignore_index=True),
        results=list(merged.values()),
        blocked=any(g.blocked for g in results),
        block_reasons=[reason for g in results for reason in g.block_reasons],
        data_docs_path=docs[-1] if docs else None,
        rows_checked={t: sum(g.rows_checked.get(t, 0) for g in results) for t in TABLES},
        drift=drift,
        rows_quarantined=sum(g.rows_quarantined for g in results),
    )
