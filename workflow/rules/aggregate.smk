rule aggregate_metrics:
    input:
        metrics=get_run_metrics,
        intervals=get_run_intervals,
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
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/aggregate_metrics.py"


rule tabulate_leakage:
    input:
        get_leakage_audits,
    output:
        report(
            "results/tables/leakage.tsv",
            caption="../report/leakage.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_leakage.log",
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
    conda:
        "../../envs/gdlbench.yaml"
    params:
        cell_types=get_cell_types,
    script:
        "../scripts/tabulate_cell_types.py"


rule tabulate_targets:
    input:
        predictions=get_target_predictions,
        meta=get_target_meta,
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
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=target_runs(),
        predictions=prediction_paths(target_runs()),
        reference=config["figures"]["regression_reference"],
    script:
        "../scripts/tabulate_targets.py"


rule tabulate_ensembles:
    input:
        models=get_ensemble_models,
        prepared=get_ensemble_prepared,
    output:
        report(
            "results/tables/ensembles.tsv",
            caption="../report/ensembles.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_ensembles.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=ensemble_runs(),
        models=[get_trained_models_of(t, d, m) for t, d, m in ensemble_runs()],
        prepared={d: f"resources/prepared/{t}/{d}" for t, d, _ in ensemble_runs()},
    script:
        "../scripts/tabulate_ensembles.py"


rule compare_published:
    input:
        summary="results/tables/summary.tsv",
        registry="resources/published.yaml",
        predictions=get_collection_predictions,
    output:
        report(
            "results/tables/published_vs_reproduced.tsv",
            caption="../report/published_vs_reproduced.rst",
            category="Tables",
        ),
    log:
        "results/logs/compare_published.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        collections=get_collections,
        runs=collection_runs(),
        predictions=prediction_paths(collection_runs()),
        bootstrap=config["summary"],
        scale=config["scale"],
    script:
        "../scripts/compare_published.py"


rule compare_models:
    input:
        metrics="results/tables/metrics.tsv",
        predictions=get_all_predictions,
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
        runs=seed_runs(),
        predictions=prediction_paths(seed_runs()),
        settings=config["comparisons"],
    script:
        "../scripts/compare_models.py"


rule tabulate_win_rates:
    input:
        comparisons="results/tables/comparisons.tsv",
        summary="results/tables/summary.tsv",
        targets=get_win_rate_targets,
        predictions=get_target_predictions,
        meta=get_target_meta,
    output:
        report(
            "results/tables/win_rates.tsv",
            caption="../report/win_rates.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_win_rates.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        collections=get_collections,
        pairs=config["figures"]["target_pairs"],
        runs=target_runs(),
        predictions=prediction_paths(target_runs()),
    script:
        "../scripts/tabulate_win_rates.py"


rule tabulate_costs:
    input:
        summary="results/tables/summary.tsv",
        benchmarks=get_training_benchmarks,
        models=get_all_trained_models,
    output:
        report(
            "results/tables/costs.tsv",
            caption="../report/costs.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_costs.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=runs(),
        models=trained_models_by_run(),
    script:
        "../scripts/tabulate_costs.py"


rule tabulate_learning_curves:
    input:
        unpack(get_learning_curve_inputs),
    output:
        report(
            "results/tables/learning_curves.tsv",
            caption="../report/learning_curves.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_learning_curves.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        curves=learning_curve_params(),
    script:
        "../scripts/tabulate_learning_curves.py"
