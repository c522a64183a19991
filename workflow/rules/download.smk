rule download_file:
    output:
        f"{CACHE}/{{path}}",
    log:
        f"results/logs/download_file/{{path}}.log",
    wildcard_constraints:
        path="|".join(re.escape(path) for path in DOWNLOADS) or "NONE",
    retries: 1
    conda:
        "../../envs/gdlbench.yaml"
    params:
        download=get_download,
        mirror=config["download"]["mirror"],
        lockfile=config["download"]["lockfile"],
        retries=config["download"]["retries"],
    script:
        "../scripts/download_file.py"


rule simulate_dataset:
    output:
        directory(f"{SIMULATED_DIR}/{{task}}/{{dataset}}"),
    log:
        "results/logs/simulate_dataset/{task}/{dataset}.log",
    conda:
        "../../envs/gdlbench.yaml"
    params:
        dataset=get_dataset_config,
        files=get_raw_files,
    script:
        "../scripts/simulate_dataset.py"
