rule evaluate_model:
    input:
        model=get_trained_model,
        prepared=get_prepared,
    output:
        predictions="results/predictions/{task}/{dataset}/{model}/{seed}.tsv.gz",
        metrics="results/metrics/{task}/{dataset}/{model}/{seed}.tsv",
    log:
        "results/logs/evaluate_model/{task}/{dataset}/{model}/{seed}.log",
    benchmark:
        "results/benchmarks/evaluate_model/{task}/{dataset}/{model}/{seed}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    params:
        model=get_model_config,
    resources:
        mem_mb=4000,
    script:
        "../scripts/evaluate_model.py"


rule aggregate_metrics:
    input:
        get_run_metrics,
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
