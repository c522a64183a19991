rule evaluate_dataset:
    input:
        models=get_dataset_models,
        prepared=get_prepared,
    output:
        metrics="results/metrics/{task}/{dataset}.tsv",
        intervals="results/metrics/{task}/{dataset}.intervals.tsv",
        predictions=directory("results/predictions/{task}/{dataset}"),
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
        prepared=get_prepared_folder,
        subset=get_subset,
        runs=get_dataset_evaluations,
        seeds=SEEDS,
        bootstrap=config["summary"],
    script:
        "../scripts/evaluate_dataset.py"
