rule evaluate_dataset:
    input:
        models=get_dataset_models,
        prepared=get_evaluation_inputs,
    output:
        metrics=paths.METRICS,
        intervals=paths.INTERVALS,
        predictions=directory(paths.PREDICTIONS),
        manifest=paths.MANIFEST,
    log:
        "results/logs/evaluate_dataset/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/evaluate_dataset/{task}/{dataset}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        gpu=1,
        mem_mb=4000,
        runtime=60,
    params:
        prepared=dataset_field("prepared"),
        subset=dataset_field("subset"),
        runs=get_dataset_evaluations,
        seeds=SEEDS,
        bootstrap=config["summary"],
    script:
        "../scripts/evaluate_dataset.py"
