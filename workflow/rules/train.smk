rule train_model:
    input:
        unpack(get_training_inputs),
    output:
        models=per_seed(paths.trained_model("train_model")),
        curves=per_seed(f"{paths.RUN}/curve.tsv"),
    log:
        "results/logs/train_model/{task}/{dataset}/{model}.log",
    benchmark:
        paths.training_benchmark("train_model")
    wildcard_constraints:
        model=_alternatives(PLAN.models(baseline=False)),
    conda:
        "../../envs/gdlbench.yaml"
    threads: get_training_devices
    resources:
        gpu=get_training_devices,
        mem_mb=8000,
        runtime=240,
    params:
        prepared=dataset_field("prepared"),
        subset=dataset_field("subset"),
        model=model_field(model_settings),
        training=model_field(model_training),
        seeds=SEEDS,
        checkpoints=per_seed(paths.CHECKPOINT),
    script:
        "../scripts/train_model.py"


rule fit_baseline:
    input:
        unpack(get_training_inputs),
    output:
        models=per_seed(paths.trained_model("fit_baseline")),
        tunings=per_seed(f"{paths.RUN}/tuning.tsv"),
    log:
        "results/logs/fit_baseline/{task}/{dataset}/{model}.log",
    benchmark:
        paths.training_benchmark("fit_baseline")
    wildcard_constraints:
        model=_alternatives(PLAN.models(baseline=True)),
    conda:
        "../../envs/gdlbench.yaml"
    threads: 1
    resources:
        mem_mb=8000,
        runtime=240,
    params:
        prepared=dataset_field("prepared"),
        subset=dataset_field("subset"),
        model=model_field(model_settings),
        seeds=SEEDS,
    script:
        "../scripts/fit_baseline.py"
