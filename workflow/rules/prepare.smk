rule prepare_dataset:
    input:
        get_raw_inputs,
    output:
        **paths.prepared_outputs(),
    log:
        "results/logs/prepare_dataset/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/prepare_dataset/{task}/{dataset}.tsv"
    priority: DATA_PRIORITY
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        mem_mb=get_prepare_resource("mem_mb"),
        runtime=get_prepare_resource("runtime"),
    params:
        dataset=dataset_field("spec"),
        files=get_raw_files,
        split=get_split_config,
        max_examples=config["scales"][config["scale"]]["max_examples"],
    script:
        "../scripts/prepare_dataset.py"


rule fold_structures:
    input:
        f"{paths.PREPARED}/x.npy",
    output:
        **paths.prepared_outputs(paths.STRUCTURE_FILES),
    log:
        "results/logs/fold_structures/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/fold_structures/{task}/{dataset}.tsv"
    priority: DATA_PRIORITY
    conda:
        "../../envs/gdlbench.yaml"
    threads: get_fold_threads
    params:
        prepared=dataset_field("prepared"),
    script:
        "../scripts/fold_structures.py"


rule audit_leakage:
    input:
        dataset_field("meta"),
    output:
        paths.LEAKAGE,
    log:
        "results/logs/audit_leakage/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/audit_leakage/{task}/{dataset}.tsv"
    priority: DATA_PRIORITY
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        mem_mb=get_audit_resource("mem_mb"),
        runtime=get_audit_resource("runtime"),
    params:
        prepared=dataset_field("prepared"),
        split=get_split_config,
    script:
        "../scripts/audit_leakage.py"
