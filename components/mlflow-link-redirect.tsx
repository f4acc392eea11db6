'use client';
// MLflow's printed links put the UI path in the fragment (http://<cairn>/#/experiments/1/runs/<id>),
// which never reaches the server: whichever page it lands on (home, sign-in) hands it to /open.
import { useEffect } from 'react';

const MLFLOW_FRAGMENT = /^#\/(experiments|models)\//;

export function MlflowLinkRedirect() {
  useEffect(() => {
    const { hash } = window.location;
    if (MLFLOW_FRAGMENT.test(hash)) window.location.replace(`/open?to=${encodeURIComponent(hash.slice(1))}`);
  }, []);
  return null;
}
