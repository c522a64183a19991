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
