# Scenarios the tests under tests/mlflow-client run with the real, unmodified MLflow client
# (2.22 or 3.6, whichever PYTHONPATH names) against Cairn (MLFLOW_TRACKING_URI, _TOKEN).
# Each scenario prints what the client saw as `CAIRN_RESULT <json>` on stdout; the test then
# checks that and what Cairn holds. An unexpected client error fails the process (exit 1).
#   python3 scenarios.py tracking|registry|lineage|rate_limited|concurrent_loggers
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


# ─── registry ────────────────────────────────────────────────────────────────


def registry():
    import numpy as np
    from sklearn.datasets import make_classification

    client = MlflowClient()
    name = ARGS["model"]
    exp, sweep = run_seed_sweep(ARGS["experiment"])
    # The best three runs of the sweep by accuracy (the seed's "selection decision").
    ranked = client.search_runs([exp.experiment_id], order_by=["metrics.accuracy DESC", "attributes.start_time ASC"])
    best = [r.info.run_id for r in ranked[:3]]

    # register_model from runs:/ URIs, as a script does it (it creates the model on first use).
    versions = [mlflow.register_model(f"runs:/{run_id}/model", name) for run_id in best]
    client.update_registered_model(name, description="Fairness-aware classifier")
    client.set_registered_model_tag(name, "owner", "fairness-team")
    client.set_registered_model_tag(name, "scratch", "x")
    client.delete_registered_model_tag(name, "scratch")
    client.update_model_version(name, "1", description="best accuracy of the sweep")
    client.set_model_version_tag(name, "1", "validated", "yes")
    client.set_model_version_tag(name, "2", "scratch", "x")
    client.delete_model_version_tag(name, "2", "scratch")

    # Stages: v1 to Staging, v2 to Production, then v3 to Production archiving v2.
    client.transition_model_version_stage(name, "1", "Staging")
    client.transition_model_version_stage(name, "2", "Production")
    moved = client.transition_model_version_stage(name, "3", "production", archive_existing_versions=True)
    after_archive = {v.version: v.current_stage for v in client.search_model_versions(f"name = '{name}'")}
    latest = {v.current_stage: v.version for v in client.get_latest_versions(name)}
    latest_production = [v.version for v in client.get_latest_versions(name, stages=["Production"])]

    # Aliases, and loading the model by version, stage and alias.
    client.set_registered_model_alias(name, "champion", "3")
    client.set_registered_model_alias(name, "challenger", "1")
    client.set_registered_model_alias(name, "champion", "1")  # moves the alias
    by_alias = client.get_model_version_by_alias(name, "champion")
    X, _ = make_classification(n_samples=20, n_features=10, random_state=7)
    predictions = {}
    for uri in (f"models:/{name}/3", f"models:/{name}@champion", f"models:/{name}/Production"):
        predictions[uri] = mlflow.pyfunc.load_model(uri).predict(X).tolist()
    download_uri = client.get_model_version_download_uri(name, "1")

    # Searches with filters and order_by.
    other = ARGS["other_model"]
    client.create_registered_model(other, tags={"owner": "fairness-team"}, description="scratch")
    mlflow.register_model(f"runs:/{best[0]}/model", other)
    models_desc = [m.name for m in client.search_registered_models(filter_string=f"name LIKE '{ARGS['prefix']}%'", order_by=["name DESC"])]
    by_tag = sorted(m.name for m in client.search_registered_models(filter_string="tags.owner = 'fairness-team'"))
    versions_desc = [v.version for v in client.search_model_versions(f"name = '{name}'", order_by=["version_number DESC"])]
    by_run = sorted((v.name, v.version) for v in client.search_model_versions(f"run_id = '{best[0]}'"))
    paged = client.search_registered_models(max_results=1, filter_string=f"name LIKE '{ARGS['prefix']}%'", order_by=["name ASC"])
    second_page = client.search_registered_models(
        max_results=1, filter_string=f"name LIKE '{ARGS['prefix']}%'", order_by=["name ASC"], page_token=paged.token
    )

    # Errors, each with MLflow's code.
    errors = {
        "missing_model": error_code(client.get_registered_model, "no-such-model"),
        "missing_version": error_code(client.get_model_version, name, "99"),
        "duplicate": error_code(client.create_registered_model, name),
        "bad_stage": error_code(client.transition_model_version_stage, name, "1", "Prod"),
        "alias_v3": error_code(client.set_registered_model_alias, name, "v3", "1"),
        "alias_numeric": error_code(client.set_registered_model_alias, name, "3", "1"),
        "missing_alias": error_code(client.get_model_version_by_alias, name, "nope"),
        "file_source": error_code(client.create_model_version, name, "file:///etc/passwd"),
        "local_source": error_code(client.create_model_version, name, "/etc"),
        "dotdot_source": error_code(client.create_model_version, name, f"runs:/{best[0]}/../../../etc"),
        "s3_source": error_code(client.create_model_version, name, "s3://bucket/model"),
    }

    # Rename, delete a version, delete a model.
    renamed = ARGS["renamed"]
    client.rename_registered_model(other, renamed)
    renamed_versions = [v.version for v in client.search_model_versions(f"name = '{renamed}'")]
    client.delete_model_version(name, "2")
    after_delete = sorted(v.version for v in client.search_model_versions(f"name = '{name}'"))
    client.delete_registered_model(renamed)
    gone = error_code(client.get_registered_model, renamed)

    result = {
        "versions": [{"version": v.version, "source": v.source, "run_id": v.run_id} for v in versions],
        "best": best,
        "moved": {"version": moved.version, "stage": moved.current_stage},
        "after_archive": after_archive,
        "latest": latest,
        "latest_production": latest_production,
        "by_alias": by_alias.version,
        "model": {
            "description": client.get_registered_model(name).description,
            "tags": client.get_registered_model(name).tags,
            "aliases": client.get_registered_model(name).aliases,
        },
        "version1": {
            "description": client.get_model_version(name, "1").description,
            "tags": client.get_model_version(name, "1").tags,
            "aliases": client.get_model_version(name, "1").aliases,
        },
        "predictions": predictions,
        "download_uri": download_uri,
        "models_desc": models_desc,
        "by_tag": by_tag,
        "versions_desc": versions_desc,
        "by_run": by_run,
        "pages": [[m.name for m in paged], [m.name for m in second_page], second_page.token],
        "errors": errors,
        "renamed_versions": renamed_versions,
        "after_delete": after_delete,
        "gone": gone,
    }
    if MLFLOW_3:
        result["mlflow3"] = logged_model_path(client, exp, sweep, name)
    emit(result)


def logged_model_path(client, exp, sweep, name):
    """MLflow 3: register straight from a logged model, and find, tag and delete logged models."""
    model_id = model_id_of(client.get_run(sweep[4].info.run_id))
    version = mlflow.register_model(f"models:/{model_id}", name)
    loaded = mlflow.pyfunc.load_model(f"models:/{name}/{version.version}")
    found = client.search_logged_models([exp.experiment_id], filter_string=f"name = 'model' AND source_run_id = '{sweep[4].info.run_id}'")
    client.set_logged_model_tags(model_id, {"reviewed": "yes", "scratch": "1"})
    client.delete_logged_model_tag(model_id, "scratch")
    tagged = client.get_logged_model(model_id)
    listing = sorted(a.path for a in client.list_artifacts(sweep[4].info.run_id, "model"))
    doomed = model_id_of(client.get_run(sweep[3].info.run_id))
    client.delete_logged_model(doomed)
    remaining = sorted(m.model_id for m in client.search_logged_models([exp.experiment_id]))
    return {
        "model_id": model_id,
        "version": version.version,
        "version_source": version.source,
        "loaded_flavor": loaded.metadata.flavors.get("python_function", {}).get("loader_module"),
        "found": [m.model_id for m in found],
        "tags": {k: v for k, v in tagged.tags.items()},
        "listing": listing,
        "deleted": doomed,
        "remaining": remaining,
        "deleted_lookup": error_code(client.get_logged_model, doomed),
    }


# ─── lineage ─────────────────────────────────────────────────────────────────


def lineage():
    """What a team's scripts log, unchanged, and the cairn.* tags: Cairn records the lineage."""
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression

    mlflow.set_experiment(ARGS["experiment"])
    name = ARGS["model"]
    raw = pd.DataFrame({"x": np.arange(40, dtype=float), "y": np.arange(40) % 2})
    raw_ds = mlflow.data.from_pandas(raw, source="s3://lake/raw/events.csv", name="raw_events")
    clean_ds = mlflow.data.from_pandas(raw.dropna(), source="s3://lake/clean/events.parquet", name="clean_events", targets="y")
    with mlflow.start_run(run_name="prepare") as prepare:
        mlflow.log_input(raw_ds, context="source")
        mlflow.log_input(clean_ds, context="output")
        mlflow.set_tags({"cairn.outputs": "clean_events", "cairn.derived_from": f"raw_events@{raw_ds.digest}"})
    with mlflow.start_run(run_name="train") as train:
        mlflow.log_params({"C": 1.0, "random_state": 7})
        mlflow.log_input(clean_ds, context="training")
        clf = LogisticRegression(C=1.0, random_state=7).fit(raw[["x"]], raw["y"])
        logged = mlflow.sklearn.log_model(clf, "model")
        with mlflow.start_run(run_name="eval-fold", nested=True) as fold:
            mlflow.log_metric("acc", 0.9)
    version = mlflow.register_model(f"runs:/{train.info.run_id}/model", name)
    MlflowClient().transition_model_version_stage(name, version.version, "Production")
    result = {
        "prepare": prepare.info.run_id,
        "train": train.info.run_id,
        "fold": fold.info.run_id,
        "version": version.version,
        "raw_digest": raw_ds.digest,
        "clean_digest": clean_ds.digest,
    }
    with mlflow.start_run(run_name="inference") as inference:
        mlflow.set_tag("cairn.model", f"models:/{name}/Production")
        batch = mlflow.data.from_pandas(raw.head(5), source="s3://lake/scoring/batch.csv", name="scoring_batch")
        mlflow.log_input(batch, context="inference")
        if MLFLOW_3:
            from mlflow.entities import LoggedModelInput

            # MLflow 3 records the logged model a run used as a model input.
            mlflow.log_input(model=LoggedModelInput(logged.model_id))
            result["model_id"] = logged.model_id
    result["inference"] = inference.info.run_id
    refused = error_code(MlflowClient().set_tag, inference.info.run_id, "cairn.model", "models:/no-such-model/1")
    result["refused"] = refused
    emit(result)



# ─── rate limits ─────────────────────────────────────────────────────────────


def rate_limited():
    """Logs one metric per call past the token's rate limit: the client must wait as 429's
    Retry-After asks and retry (its default retry policy), never fail."""
    client = MlflowClient()
    exp_id = client.create_experiment(ARGS["experiment"])
    run = client.create_run(exp_id)
    for step in range(int(ARGS["calls"])):
        client.log_metric(run.info.run_id, "loss", 1.0 / (step + 1), step=step)
    client.set_terminated(run.info.run_id)
    emit({"run_id": run.info.run_id})


# ─── concurrent training scripts ─────────────────────────────────────────────


def concurrent_loggers():
    """Several training scripts logging at once, each to its own run: one metric per call
    (log_metric) and a small batch per step (log_batch). The server groups concurrent small
    metric writes into shared statements; every point must land once, in its own run."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from mlflow.entities import Metric

    client = MlflowClient()
    exp_id = client.create_experiment(ARGS["experiment"])
    steps = int(ARGS["steps"])
    runs = [client.create_run(exp_id, run_name=f"worker-{i}").info.run_id for i in range(int(ARGS["workers"]))]

    def train(i, run_id):
        for step in range(steps):
            now = int(time.time() * 1000)
            client.log_metric(run_id, "loss", i + 1.0 / (step + 1), timestamp=now, step=step)
            client.log_batch(run_id, metrics=[Metric("acc", i + step / steps, now, step), Metric("f1", step, now, step)])
        client.set_terminated(run_id)

    with ThreadPoolExecutor(len(runs)) as pool:
        list(pool.map(lambda args: train(*args), enumerate(runs)))  # a failed call fails the scenario
    emit(
        {
            "runs": runs,
            "loss": {r: [[m.step, m.value] for m in sorted(client.get_metric_history(r, "loss"), key=lambda m: m.step)] for r in runs},
            "latest": {r: client.get_run(r).data.metrics for r in runs},
        }
    )


SCENARIOS = {
    "tracking": tracking,
    "registry": registry,
    "lineage": lineage,
    "rate_limited": rate_limited,
    "concurrent_loggers": concurrent_loggers,
}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
