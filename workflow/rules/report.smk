rule plot_task:
    input:
        "results/tables/summary.tsv",
    output:
        png=report(
            "results/figures/{task}.png",
            caption="../report/task_figure.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}.pdf",
    log:
        "results/logs/plot_task/{task}.log",
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_task.py"


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


rule plot_cell_types:
    input:
        "results/tables/summary.tsv",
    output:
        png=report(
            "results/figures/histone_cell_types.png",
            caption="../report/histone_cell_types.rst",
            category="Figures",
            subcategory="histone",
        ),
        pdf="results/figures/histone_cell_types.pdf",
    log:
        "results/logs/plot_cell_types.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        cell_types=get_cell_types,
        pair=config["figures"]["histone_pair"],
    script:
        "../scripts/plot_cell_types.py"


rule plot_attention:
    input:
        model=get_attention_model,
        prepared=get_attention_prepared,
    output:
        png=report(
            "results/figures/histone_attention.png",
            caption="../report/histone_attention.rst",
            category="Figures",
            subcategory="histone",
        ),
        pdf="results/figures/histone_attention.pdf",
    log:
        "results/logs/plot_attention.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        model=config["figures"]["histone_attention"],
    script:
        "../scripts/plot_attention.py"


rule tabulate_targets:
    input:
        predictions=get_target_predictions,
        prepared=get_target_prepared,
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
        runs=regression_runs(),
        prepared=get_target_folders,
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
        n_bootstrap=config["comparisons"]["n_bootstrap"],
        seed=config["comparisons"]["seed"],
    script:
        "../scripts/compare_models.py"


rule write_digest:
    input:
        summary="results/tables/summary.tsv",
        comparisons="results/tables/comparisons.tsv",
        published="results/tables/published_vs_reproduced.tsv",
        win_rates="results/tables/win_rates.tsv",
    output:
        "results/summary.md",
    log:
        "results/logs/write_digest.log",
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/write_digest.py"


rule tabulate_win_rates:
    input:
        comparisons="results/tables/comparisons.tsv",
        targets=get_win_rate_targets,
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
    script:
        "../scripts/tabulate_win_rates.py"


rule plot_roc_pr:
    input:
        metrics="results/tables/metrics.tsv",
        predictions=get_task_predictions,
    output:
        png=report(
            "results/figures/{task}_roc_pr.png",
            caption="../report/roc_pr.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_roc_pr.pdf",
    log:
        "results/logs/plot_roc_pr/{task}.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        runs=get_task_seed_runs,
    script:
        "../scripts/plot_roc_pr.py"


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
        seeds=SEEDS,
    script:
        "../scripts/tabulate_costs.py"


rule plot_costs:
    input:
        "results/tables/costs.tsv",
    output:
        png=report(
            "results/figures/{task}_costs.png",
            caption="../report/costs_figure.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_costs.pdf",
    log:
        "results/logs/plot_costs/{task}.log",
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_costs.py"


rule plot_published:
    input:
        "results/tables/published_vs_reproduced.tsv",
    output:
        png=report(
            "results/figures/published_vs_reproduced.png",
            caption="../report/published_figure.rst",
            category="Figures",
        ),
        pdf="results/figures/published_vs_reproduced.pdf",
    log:
        "results/logs/plot_published.log",
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_published.py"


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
    script:
        "../scripts/tabulate_learning_curves.py"


rule plot_learning_curves:
    input:
        "results/tables/learning_curves.tsv",
    output:
        png=report(
            "results/figures/{task}_learning_curve.png",
            caption="../report/learning_curve_figure.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_learning_curve.pdf",
    log:
        "results/logs/plot_learning_curves/{task}.log",
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_learning_curves.py"
