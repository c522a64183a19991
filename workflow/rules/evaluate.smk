rule evaluate_model:
    input:
        models=get_trained_models,
        prepared=get_prepared,
    output:
        predictions=per_seed(
            "results/predictions/{task}/{dataset}/{model}/{seed}.tsv.gz"
        ),
        metrics="results/metrics/{task}/{dataset}/{model}.tsv",
        intervals="results/metrics/{task}/{dataset}/{model}.intervals.tsv",
    log:
        "results/logs/evaluate_model/{task}/{dataset}/{model}.log",
    benchmark:
        "results/benchmarks/evaluate_model/{task}/{dataset}/{model}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    resources:
        mem_mb=4000,
    params:
        model=get_model_config,
        seeds=SEEDS,
        bootstrap=config["summary"],
    script:
        "../scripts/evaluate_model.py"


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
