# Scenarios the tests under tests/mlflow-client run with the real, unmodified MLflow client
# (2.22 or 3.6, whichever PYTHONPATH names) against Cairn (MLFLOW_TRACKING_URI, _TOKEN).
# Each scenario prints what the client saw as `CAIRN_RESULT <json>` on stdout; the test then
# checks that and what Cairn holds. An unexpected client error fails the process (exit 1).
#   python3 scenarios.py tracking|registry
import json
import os
import runpy
import sys
import tempfile

import mlflow
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

HERE = os.path.dirname(os.path.abspath(__file__))
MLFLOW_3 = int(mlflow.__version__.split(".")[0]) >= 3
ARGS = json.loads(os.environ.get("CAIRN_SCENARIO_ARGS") or "{}")


def emit(result):
    print("CAIRN_RESULT " + json.dumps(result, sort_keys=True, default=str), flush=True)


def error_code(fn, *args, **kwargs):
    """The MLflow error code `fn` fails with ('OK' when it succeeds)."""
    try:
        fn(*args, **kwargs)
        return "OK"
    except MlflowException as e:
        return e.error_code


def run_seed_sweep(experiment):
    """The seed's train_sweep.py, run as a script, into `experiment`."""
    mlflow.set_experiment(experiment)
    runpy.run_path(os.path.join(HERE, "train_sweep.py"), run_name="__main__")
    client = MlflowClient()
    exp = client.get_experiment_by_name(experiment)
    runs = client.search_runs([exp.experiment_id], order_by=["attributes.start_time ASC"])
    return exp, runs


def model_id_of(run):
    """MLflow 3: the logged model a run produced (from its outputs)."""
    outputs = getattr(run, "outputs", None)
    outputs = outputs.model_outputs if outputs else []
    return outputs[0].model_id if outputs else None


# ─── tracking ────────────────────────────────────────────────────────────────


def tracking():
    import numpy as np
    import pandas as pd

    client = MlflowClient()
    exp, sweep = run_seed_sweep(ARGS.get("experiment", "fairness-sweep"))

    # Everything else a training script logs, in one parent run with nested children.
    df = pd.DataFrame({"x": np.arange(20, dtype=float), "y": np.arange(20) % 2})
    dataset = mlflow.data.from_pandas(df, name="toy-train", targets="y")
    with mlflow.start_run(run_name="parent") as parent:
        mlflow.log_params({"lr": 0.01, "optimizer": "adam", "batch_size": 32})
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics({"val_acc": 0.91, "val_loss": 0.2}, step=4)
        mlflow.set_tags({"team": "fairness", "stage": "exploration"})
        mlflow.log_input(dataset, context="training")
        mlflow.log_text("confusion matrix goes here", "reports/confusion.txt")
        mlflow.log_dict({"threshold": 0.5}, "config/eval.json")
        path = os.path.join(tempfile.mkdtemp(), "notes.md")
        with open(path, "w") as f:
            f.write("# notes\n")
        mlflow.log_artifact(path, artifact_path="docs")
        children = []
        for fold in range(2):
            with mlflow.start_run(run_name=f"fold-{fold}", nested=True) as child:
                mlflow.log_metric("fold_acc", 0.8 + fold / 100)
                children.append(child.info.run_id)

    parent_run = client.get_run(parent.info.run_id)
    best = client.search_runs(
        [exp.experiment_id],
        filter_string="metrics.accuracy > 0.5 and params.data_version = 'v1.0'",
        order_by=["metrics.accuracy DESC"],
        max_results=2,
    )
    nested = client.search_runs(
        [exp.experiment_id], filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'"
    )
    history = client.get_metric_history(parent.info.run_id, "loss")
    root_listing = client.list_artifacts(parent.info.run_id)
    model_listing = client.list_artifacts(sweep[0].info.run_id, "model")
    downloaded = mlflow.artifacts.download_artifacts(
        run_id=parent.info.run_id, artifact_path="config/eval.json", dst_path=tempfile.mkdtemp()
    )
    with open(downloaded) as f:
        eval_config = json.load(f)
    loaded = mlflow.sklearn.load_model(f"runs:/{sweep[1].info.run_id}/model")
    prediction = loaded.predict(np.zeros((2, 10))).tolist()

    emit(
        {
            "experiment_id": exp.experiment_id,
            "sweep": [
                {
                    "run_id": r.info.run_id,
                    "name": r.info.run_name,
                    "params": r.data.params,
                    "metrics": r.data.metrics,
                    "status": r.info.status,
                    "model_id": model_id_of(r),
                }
                for r in sweep
            ],
            "parent": {
                "run_id": parent_run.info.run_id,
                "params": parent_run.data.params,
                "metrics": parent_run.data.metrics,
                "tags": {k: v for k, v in parent_run.data.tags.items() if not k.startswith("mlflow.")},
                "datasets": [
                    {"name": d.dataset.name, "digest": d.dataset.digest, "context": [t.value for t in d.tags]}
                    for d in parent_run.inputs.dataset_inputs
                ],
            },
            "children": sorted(children),
            "nested_found": sorted(r.info.run_id for r in nested),
            "best": [r.info.run_id for r in best],
            "best_accuracy": [r.data.metrics["accuracy"] for r in best],
            "loss_history": [[m.step, m.value] for m in history],
            "root_listing": sorted((a.path, a.is_dir) for a in root_listing),
            "model_listing": sorted(a.path for a in model_listing),
            "eval_config": eval_config,
            "prediction": prediction,
        }
    )


SCENARIOS = {"tracking": tracking}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
