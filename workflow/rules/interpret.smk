rule collect_motifs:
    output:
        paths.MOTIF_COLLECTION,
    log:
        "results/logs/collect_motifs.log",
    benchmark:
        "results/benchmarks/collect_motifs.tsv"
    priority: DATA_PRIORITY  # no inputs: done early, beside training, not before interpretation
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    params:
        q_value=config["interpretation"]["q_value"],
    script:
        "../scripts/collect_motifs.py"


rule interpret_model:
    input:
        unpack(get_interpretation_inputs),
    output:
        table=paths.INTERPRETATION,
        attributions=per_seed(paths.ATTRIBUTIONS),
    log:
        "results/logs/interpret_model/{task}/{dataset}/{model}.log",
    benchmark:
        "results/benchmarks/interpret_model/{task}/{dataset}/{model}.tsv"
    wildcard_constraints:
        model=_alternatives({run.model for run in PLAN.interpretation_runs()}),
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        prepared=dataset_field("prepared"),
        planted=lambda wildcards: PLAN.planted(wildcards.dataset),
        family=lambda wildcards: PLAN.run(
            wildcards.task, wildcards.dataset, wildcards.model
        ).family,
        seeds=SEEDS,
        settings={  # not the models list: adding a model reruns no other's job
            key: value
            for key, value in config["interpretation"].items()
            if key != "models"
        },
    script:
        "../scripts/interpret_model.py"


rule tabulate_interpretation:
    input:
        PLAN.interpretations(),
    output:
        report(
            "results/tables/interpretation.tsv",
            caption="../report/interpretation.rst",
            category="Tables",
        ),
    log:
        "results/logs/tabulate_interpretation.log",
    benchmark:
        "results/benchmarks/tabulate_interpretation.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/tabulate_interpretation.py"


rule plot_interpretation:
    input:
        "results/tables/interpretation.tsv",
    output:
        png=report(
            "results/figures/interpretation.png",
            caption="../report/interpretation_figure.rst",
            category="Figures",
        ),
        pdf="results/figures/interpretation.pdf",
    log:
        "results/logs/plot_interpretation.log",
    benchmark:
        "results/benchmarks/plot_interpretation.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    script:
        "../scripts/plot_interpretation.py"


rule plot_interpretation_examples:
    input:
        attributions=[saved for saved, _ in PLAN.interpretation_figures().values()],
        motifs=paths.MOTIF_COLLECTION,
    output:
        [
            report(
                figure,
                caption="../report/interpretation_examples.rst",
                category="Interpretation",
            )
            for figure in PLAN.interpretation_figures()
        ],
    log:
        "results/logs/plot_interpretation_examples.log",
    benchmark:
        "results/benchmarks/plot_interpretation_examples.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        titles=[title for _, title in PLAN.interpretation_figures().values()],
    script:
        "../scripts/plot_interpretation_examples.py"
