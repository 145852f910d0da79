#!/bin/sh
# Copies a candidate model directory (an ONNX file and its manifest.json, as `npm run train --
# --out DIR` writes one) onto the ml-models claim of this component, then restarts the ML
# Deployment so that every replica loads it (one pod at a time: maxUnavailable 0). The claim is
# read-only to ML, so a short-lived pod of ML's own image mounts it for the copy and is deleted.
#   NAMESPACE=sentiment-dev deploy/k8s/components/ml-models/copy-model.sh model/candidates/lr-nc-…
# NAMESPACE defaults to sentiment. The pod passes Pod Security's `restricted` profile and needs
# no network: `kubectl cp` goes through the API server.
set -eu
dir=${1:?usage: copy-model.sh MODEL_DIRECTORY}
ns=${NAMESPACE:-sentiment}
[ -f "$dir/manifest.json" ] || { echo "$dir has no manifest.json: not a model directory" >&2; exit 64; }
name=$(basename "$dir")
pod=ml-models-copy
image=$(kubectl -n "$ns" get deployment ml -o jsonpath='{.spec.template.spec.containers[0].image}')

kubectl -n "$ns" apply -f - <<POD
apiVersion: v1
kind: Pod
metadata:
  name: $pod
  labels:
    app.kubernetes.io/name: sentiment-graph
    app.kubernetes.io/component: ml-models-copy
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
    runAsGroup: 1000
    fsGroup: 1000
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: copy
      image: $image
      command: ["sleep", "600"]
      resources:
        requests: { cpu: 50m, memory: 32Mi }
        limits: { cpu: 500m, memory: 128Mi }
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: { drop: ["ALL"] }
      volumeMounts:
        - { name: models, mountPath: /models }
  volumes:
    - name: models
      persistentVolumeClaim: { claimName: ml-models }
POD
trap 'kubectl -n "$ns" delete pod "$pod" --wait=false >/dev/null' EXIT
kubectl -n "$ns" wait --for=condition=Ready "pod/$pod" --timeout=120s
kubectl -n "$ns" cp "$dir" "$pod:/models/$name"
echo "copied $dir to the ml-models claim as $name"
kubectl -n "$ns" rollout restart deployment/ml
kubectl -n "$ns" rollout status deployment/ml --timeout=300s
