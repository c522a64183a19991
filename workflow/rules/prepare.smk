rule prepare_dataset:
    input:
        get_raw_inputs,
    output:
        x="resources/prepared/{task}/{dataset}/x.npy",
        y="resources/prepared/{task}/{dataset}/y.npy",
        split="resources/prepared/{task}/{dataset}/split.npy",
        clusters="resources/prepared/{task}/{dataset}/clusters.npy",
        leakage_groups="resources/prepared/{task}/{dataset}/leakage_groups.npy",
        structure="resources/prepared/{task}/{dataset}/structure.npy",
        mfe="resources/prepared/{task}/{dataset}/mfe.npy",
        examples="resources/prepared/{task}/{dataset}/examples.tsv",
        meta="resources/prepared/{task}/{dataset}/meta.json",
    log:
        "results/logs/prepare_dataset/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/prepare_dataset/{task}/{dataset}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    threads: get_prepare_threads
    resources:
        mem_mb=get_prepare_resource("mem_mb"),
        runtime=get_prepare_resource("runtime"),
    params:
        dataset=get_dataset_config,
        files=get_raw_files,
        split=get_split_config,
        max_examples=get_max_examples,
    script:
        "../scripts/prepare_dataset.py"


rule audit_leakage:
    input:
        get_prepared,
    output:
        "results/leakage/{task}/{dataset}.tsv",
    log:
        "results/logs/audit_leakage/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/audit_leakage/{task}/{dataset}.tsv"
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        mem_mb=get_audit_resource("mem_mb"),
        runtime=get_audit_resource("runtime"),
    params:
        prepared=get_prepared_folder,
        split=get_split_config,
    script:
        "../scripts/audit_leakage.py"
