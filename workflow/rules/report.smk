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
