rule aggregate_metrics:
    input:
        metrics=[data.metrics for data in datasets_of(PLAN.full_runs())],
        intervals=[data.intervals for data in datasets_of(PLAN.full_runs())],
    output:
        metrics=report(
            "results/tables/metrics.tsv",
            caption="../report/metrics.rst",
            category="Tables",
        ),
        summary=report(
            "results/tables/summary.tsv",
            caption="../report/summary.rst",
            category="Tables",
        ),
    log:
        "results/logs/aggregate_metrics.log",
    benchmark:
        "results/benchmarks/aggregate_metrics.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/aggregate_metrics.py"


rule tabulate_leakage:
    input:
        [PLAN.datasets[name].audit for name in sorted(PLAN.selected)],
    output:
        report(
            "results/tables/leakage.tsv",
            caption="../report/leakage.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_leakage.log",
    benchmark:
        "results/benchmarks/tabulate_leakage.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/tabulate_leakage.py"


rule tabulate_cell_types:
    input:
        "results/tables/summary.tsv",
    output:
        report(
            "results/tables/cell_types.tsv",
            caption="../report/cell_types.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_cell_types.log",
    benchmark:
        "results/benchmarks/tabulate_cell_types.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        cell_types=PLAN.cell_types(),
    script:
        "../scripts/tabulate_cell_types.py"


rule tabulate_targets:
    input:
        manifests=PLAN.manifests(PLAN.target_runs()),
        meta=PLAN.metas(PLAN.target_runs()),
    output:
        targets=report(
            "results/tables/targets.tsv",
            caption="../report/targets.rst",
            category="Tables",
        ),
        wins=report(
            "results/tables/target_wins.tsv",
            caption="../report/target_wins.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_targets.log",
    benchmark:
        "results/benchmarks/tabulate_targets.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        reference=config["figures"]["regression_reference"],
    script:
        "../scripts/tabulate_targets.py"


rule tabulate_ensembles:
    input:
        models=[path for run in PLAN.ensemble_runs() for path in run.models],
        prepared=PLAN.metas(PLAN.ensemble_runs()),
    output:
        report(
            "results/tables/ensembles.tsv",
            caption="../report/ensembles.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_ensembles.log",
    benchmark:
        "results/benchmarks/tabulate_ensembles.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=keys(PLAN.ensemble_runs()),
        models=[run.models for run in PLAN.ensemble_runs()],
        prepared={
            run.dataset.name: run.dataset.prepared for run in PLAN.ensemble_runs()
        },
    script:
        "../scripts/tabulate_ensembles.py"


rule compare_published:
    input:
        summary="results/tables/summary.tsv",
        registry=paths.PUBLISHED_NUMBERS,
        manifests=PLAN.manifests(PLAN.collection_runs()),
    output:
        report(
            "results/tables/published_vs_reproduced.tsv",
            caption="../report/published_vs_reproduced.rst",
            category="Tables",
        ),
    log:
        "results/logs/compare_published.log",
    benchmark:
        "results/benchmarks/compare_published.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        collections=PLAN.collections(),
        bootstrap=config["summary"],
        scale=config["scale"],
    script:
        "../scripts/compare_published.py"


rule compare_models:
    input:
        metrics="results/tables/metrics.tsv",
        manifests=PLAN.manifests(PLAN.full_runs()),
    output:
        report(
            "results/tables/comparisons.tsv",
            caption="../report/comparisons.rst",
            category="Tables",
        ),
    log:
        "results/logs/compare_models.log",
    benchmark:
        "results/benchmarks/compare_models.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        settings=config["comparisons"],
    script:
        "../scripts/compare_models.py"


rule tabulate_win_rates:
    input:
        comparisons="results/tables/comparisons.tsv",
        summary="results/tables/summary.tsv",
        targets=["results/tables/targets.tsv"] if PLAN.target_runs() else [],
        manifests=PLAN.manifests(PLAN.target_runs()),
        meta=PLAN.metas(PLAN.target_runs()),
    output:
        report(
            "results/tables/win_rates.tsv",
            caption="../report/win_rates.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_win_rates.log",
    benchmark:
        "results/benchmarks/tabulate_win_rates.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        collections=PLAN.collections(),
        pairs=config["figures"]["target_pairs"],
    script:
        "../scripts/tabulate_win_rates.py"


rule tabulate_costs:
    input:
        summary="results/tables/summary.tsv",
        benchmarks=[run.benchmark for run in PLAN.full_runs()],
        models=[path for run in PLAN.full_runs() for path in run.models],
    output:
        report(
            "results/tables/costs.tsv",
            caption="../report/costs.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_costs.log",
    benchmark:
        "results/benchmarks/tabulate_costs.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=keys(PLAN.full_runs()),
        models=[run.models for run in PLAN.full_runs()],
    script:
        "../scripts/tabulate_costs.py"


rule tabulate_learning_curves:
    input:
        **PLAN.learning_curve_inputs(),
    output:
        report(
            "results/tables/learning_curves.tsv",
            caption="../report/learning_curves.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_learning_curves.log",
    benchmark:
        "results/benchmarks/tabulate_learning_curves.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        curves=PLAN.learning_curves(),
    script:
        "../scripts/tabulate_learning_curves.py"
