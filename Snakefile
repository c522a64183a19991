# genomic-dl-bench: deep-learning families vs classic baselines on genomic prediction tasks.
# Quickstart: `snakemake --cores all` (config/config.yaml); reproduction: add
# `--configfile config/published.yaml`, which replaces the quickstart's config, not extends it.
from snakemake.utils import min_version

min_version("9.0")


if (
    not workflow.overwrite_configfiles
):  # a --configfile stands alone (config/published.yaml)

    configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/download.smk"
include: "workflow/rules/prepare.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/evaluate.smk"
include: "workflow/rules/interpret.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        PLAN.final_outputs(),
