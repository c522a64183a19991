rule plot_task:
    input:
        "results/tables/summary.tsv",
    output:
        **task_figure_outputs(PLAN.tasks(), "", "../report/task_figure.rst"),
    log:
        "results/logs/plot_task.log",
    benchmark:
        "results/benchmarks/plot_task.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        tasks=PLAN.tasks(),
    script:
        "../scripts/plot_task.py"


rule plot_cell_types:
    input:
        "results/tables/summary.tsv",
    output:
        png=report(
            "results/figures/{task}_cell_types.png",
            caption="../report/cell_types_figure.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_cell_types.pdf",
    log:
        "results/logs/plot_cell_types/{task}.log",
    benchmark:
        "results/benchmarks/plot_cell_types/{task}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        cell_types=PLAN.cell_types(),
        pair=lambda wildcards: PLAN.cell_type_pairs()[wildcards.task],
    script:
        "../scripts/plot_cell_types.py"


rule plot_target_pair:
    input:
        "results/tables/targets.tsv",
    output:
        png=report(
            "results/figures/{task}_{dataset}_{model}_vs_{reference}.png",
            caption="../report/target_pair.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_{dataset}_{model}_vs_{reference}.pdf",
    log:
        "results/logs/plot_target_pair/{task}/{dataset}/{model}_vs_{reference}.log",
    benchmark:
        "results/benchmarks/plot_target_pair/{task}/{dataset}/{model}_vs_{reference}.tsv"
    wildcard_constraints:
        dataset=_alternatives(PLAN.datasets),
        model=_alternatives(config["models"]),
        reference=_alternatives(config["models"]),
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_target_pair.py"


rule plot_attention:
    input:
        unpack(lambda wildcards: PLAN.attention_inputs(wildcards.task)),
    output:
        png=report(
            "results/figures/{task}_attention.png",
            caption="../report/attention_figure.rst",
            category="Figures",
            subcategory="{task}",
        ),
        pdf="results/figures/{task}_attention.pdf",
    log:
        "results/logs/plot_attention/{task}.log",
    benchmark:
        "results/benchmarks/plot_attention/{task}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    resources:
        gpu=1,
    params:
        model=lambda wildcards: PLAN.attention_runs()[wildcards.task].model,
    script:
        "../scripts/plot_attention.py"


rule write_digest:
    input:
        **(
            {"interpretation": "results/tables/interpretation.tsv"}
            if PLAN.interpretation_runs()
            else {}
        ),
        summary="results/tables/summary.tsv",
        metrics="results/tables/metrics.tsv",
        comparisons="results/tables/comparisons.tsv",
        published="results/tables/published_vs_reproduced.tsv",
        win_rates="results/tables/win_rates.tsv",
    output:
        "results/summary.md",
    log:
        "results/logs/write_digest.log",
    benchmark:
        "results/benchmarks/write_digest.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/write_digest.py"


rule plot_roc_pr:
    input:
        metrics="results/tables/metrics.tsv",
        manifests=PLAN.manifests(PLAN.full_runs()),
    output:
        **task_figure_outputs(PLAN.ranked_tasks(), "_roc_pr", "../report/roc_pr.rst"),
    log:
        "results/logs/plot_roc_pr.log",
    benchmark:
        "results/benchmarks/plot_roc_pr.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        tasks=PLAN.ranked_tasks(),
    script:
        "../scripts/plot_roc_pr.py"


rule plot_costs:
    input:
        "results/tables/costs.tsv",
    output:
        **task_figure_outputs(PLAN.tasks(), "_costs", "../report/costs_figure.rst"),
    log:
        "results/logs/plot_costs.log",
    benchmark:
        "results/benchmarks/plot_costs.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        tasks=PLAN.tasks(),
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
    benchmark:
        "results/benchmarks/plot_published.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_published.py"


rule plot_learning_curves:
    input:
        "results/tables/learning_curves.tsv",
    output:
        **task_figure_outputs(
            PLAN.curve_tasks(),
            "_learning_curve",
            "../report/learning_curve_figure.rst",
        ),
    log:
        "results/logs/plot_learning_curves.log",
    benchmark:
        "results/benchmarks/plot_learning_curves.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        tasks=PLAN.curve_tasks(),
    script:
        "../scripts/plot_learning_curves.py"
