"""Parameter counts, benchmark files and the Pareto front."""

import numpy as np
import pytest
import torch
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from gdlbench.aggregate.costs import fitted_size, parameter_count, pareto_front, read_benchmark
from gdlbench.baselines.fit import save_baseline
from gdlbench.models import MODELS

X, Y = make_classification(n_samples=100, n_features=5, random_state=0)


def test_linear_pipeline_counts_scaler_and_coefficients():
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, Y)
    assert fitted_size(model) == 3 * 5 + 5 + 1  # mean_, var_, scale_; coef_, intercept_


def test_knn_counts_its_stored_training_set_and_forests_their_nodes():
    assert fitted_size(KNeighborsRegressor().fit(X, Y.astype(float))) == 100 * 5 + 100
    forest = RandomForestClassifier(n_estimators=3, max_depth=2, random_state=0).fit(X, Y)
    nodes = sum(tree.tree_.node_count for tree in forest.estimators_)
    assert fitted_size(forest) == nodes + nodes * 2  # a threshold per node; 2 class values


def test_saved_models_are_counted_from_their_files(tmp_path):
    net = MODELS["mlp"].build((20,), 3, hidden=[8])
    torch.save({"state_dict": net.state_dict()}, tmp_path / "model.pt")
    assert parameter_count(tmp_path / "model.pt") == sum(p.numel() for p in net.parameters())
    model = LogisticRegression().fit(X, Y)
    save_baseline(tmp_path / "model.pkl", model, "logreg", 0, None)
    assert parameter_count(tmp_path / "model.pkl") == 6


def test_benchmark_file_gives_seconds_and_peak_memory(tmp_path):
    path = tmp_path / "bench.tsv"
    path.write_text(
        "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"
        "5.27\t0:00:05\t367.80\t812.21\t267.42\t312.19\t0.09\t38.72\t52.79\t3.01\n"
    )
    assert read_benchmark(path) == (5.27, 367.80)


def test_pareto_front_keeps_the_undominated():
    costs = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 1.0], [1.0, 1.0]])
    values = np.array([0.7, 0.9, 0.8, 0.6])
    # 0: cheapest among the best-at-cost; 1: best value; 2 is dominated by 1? no (memory 1 < 2);
    # 3 is dominated by 0 (same costs, worse value)
    assert pareto_front(costs, values, True).tolist() == [True, True, True, False]
    assert pareto_front(costs, values, False).tolist() == [False, False, False, True]


@pytest.mark.parametrize("higher", [True, False])
def test_a_model_best_on_everything_is_alone_on_the_front(higher):
    costs = np.array([[1.0], [2.0], [3.0]])
    values = np.array([0.9, 0.8, 0.7]) if higher else np.array([0.1, 0.2, 0.3])
    assert pareto_front(costs, values, higher).tolist() == [True, False, False]
