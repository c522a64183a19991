rule download_file:
    output:
        f"{config['download']['cache']}/{{path}}",
    log:
        f"results/logs/download_file/{{path}}.log",
    wildcard_constraints:
        path=_alternatives(PLAN.downloads()),
    priority: DATA_PRIORITY
    retries: 1
    conda:
        "../../envs/gdlbench.yaml"
    params:
        download=lambda wildcards: PLAN.downloads()[wildcards.path],
        mirror=config["download"]["mirror"],
        lockfile=config["download"]["lockfile"],
        retries=config["download"]["retries"],
    script:
        "../scripts/download_file.py"


rule simulate_dataset:
    output:
        directory(paths.SIMULATED),
    log:
        "results/logs/simulate_dataset/{task}/{dataset}.log",
    benchmark:
        "results/benchmarks/simulate_dataset/{task}/{dataset}.tsv"
    priority: DATA_PRIORITY
    conda:
        "../../envs/gdlbench.yaml"
    params:
        dataset=dataset_field("spec"),
        files=get_raw_files,
    script:
        "../scripts/simulate_dataset.py"
