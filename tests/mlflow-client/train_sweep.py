# The seed's hands-on script (seeds/000, "Step 2: The Training Script"), unchanged: a 5-run
# hyperparameter sweep that logs params, metrics and the model with mlflow.sklearn.log_model.
import mlflow
import mlflow.sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score
import numpy as np
import random
# 1. Setup Data (Reproducible)
X, y = make_classification(n_samples=1000, n_features=10, random_state=42)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
def train_run(n_estimators, max_depth, run_name):
    """
    Executes a single experiment run.
    """
    # Start MLflow Context
    with mlflow.start_run(run_name=run_name):
        # A. LOG PARAMETERS (Inputs)
        mlflow.log_param("n_estimators", n_estimators)
        mlflow.log_param("max_depth", max_depth)
        mlflow.log_param("data_version", "v1.0") # In real life, get from DVC
        # B. TRAIN MODEL
        clf = RandomForestClassifier(
            n_estimators=n_estimators,
            max_depth=max_depth,
            random_state=42
        )
        clf.fit(X_train, y_train)
        # C. CALCULATE METRICS
        preds = clf.predict(X_test)
        acc = accuracy_score(y_test, preds)
        # Simulate a Fairness Metric (e.g., Disparate Impact)
        # In reality, you'd calculate this on a protected group slice
        # Let's pretend deeper trees are "less fair" for this simulation
        fairness_score = 0.95 - (max_depth * 0.01) + (random.uniform(-0.02, 0.02))
        # D. LOG METRICS (Outputs)
        mlflow.log_metric("accuracy", acc)
        mlflow.log_metric("fairness_score", fairness_score)
        # E. LOG ARTIFACTS (The Model)
        # This saves the model binary in a standard format
        mlflow.sklearn.log_model(clf, "model")
        print(f"Run {run_name}: Acc={acc:.4f}, Fairness={fairness_score:.4f}")
# Execute the Sweep (5 runs)
if __name__ == "__main__":
    # Define a simple grid
    configs = [
        (10, 2),
        (50, 5),
        (100, 10),
        (200, 15),
        (50, 3)
    ]
    print("Starting Hyperparameter Sweep...")
    for i, (n_est, depth) in enumerate(configs):
        train_run(n_est, depth, run_name=f"sweep_run_{i+1}")
