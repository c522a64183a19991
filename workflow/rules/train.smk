rule train_model:
    input:
        unpack(get_training_inputs),
    output:
        models=per_seed("results/models/{task}/{dataset}/{model}/{seed}/model.pt"),
        curves=per_seed("results/models/{task}/{dataset}/{model}/{seed}/curve.tsv"),
    log:
        "results/logs/train_model/{task}/{dataset}/{model}.log",
    benchmark:
        "results/benchmarks/train_model/{task}/{dataset}/{model}.tsv"
    wildcard_constraints:
        model=_alternatives(TORCH_MODELS),
    conda:
        "../../envs/gdlbench.yaml"
    threads: get_training_devices
    resources:
        gpu=get_training_devices,
        mem_mb=8000,
        runtime=240,
    params:
        prepared=get_prepared_folder,
        subset=get_subset,
        model=get_model_settings,
        training=get_training_config,
        seeds=SEEDS,
        checkpoints=per_seed(
            "results/checkpoints/{task}/{dataset}/{model}/{seed}/last.pt"
        ),
    script:
        "../scripts/train_model.py"


rule fit_baseline:
    input:
        unpack(get_training_inputs),
    output:
        models=per_seed("results/models/{task}/{dataset}/{model}/{seed}/model.pkl"),
        tunings=per_seed("results/models/{task}/{dataset}/{model}/{seed}/tuning.tsv"),
    log:
        "results/logs/fit_baseline/{task}/{dataset}/{model}.log",
    benchmark:
        "results/benchmarks/fit_baseline/{task}/{dataset}/{model}.tsv"
    wildcard_constraints:
        model=_alternatives(BASELINE_MODELS),
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        mem_mb=8000,
        runtime=240,
    params:
        prepared=get_prepared_folder,
        subset=get_subset,
        model=get_model_settings,
        seeds=SEEDS,
    script:
        "../scripts/fit_baseline.py"
