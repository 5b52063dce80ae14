#!/usr/bin/env bash
# Applies every example under terraform/examples/ against moto_server (a local AWS emulator),
# checks the result through the emulator's API (test/check_emulator.py), destroys it again and
# fails on any error. Runnable by hand or from CI:
#
#   terraform/test/emulator.sh
#
# Needs terraform, moto_server and python3 with boto3 on PATH, and the hashicorp/aws 5.100.0
# provider in a filesystem mirror (TF_PROVIDER_MIRROR, default: searched in the usual places).
# KEEP_WORK=1 keeps the temporary directory (states, logs, plans) for debugging; EXAMPLES="a b"
# runs only those examples.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tf_root=$(dirname "$here")
repo_root=$(dirname "$tf_root")
read -r -a examples <<<"${EXAMPLES:-new-bucket existing-bucket-eventbridge gpu-service}"
model_dir=${MODEL_DIR:-$repo_root/src/test/resources/fixtures/models/deit-tiny-standin}
region=us-east-1
started=$SECONDS

log() { printf '[emulator %3ds] %s\n' "$((SECONDS - started))" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

for tool in terraform moto_server python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH"
done
python3 -c 'import boto3' 2>/dev/null || die "python3 cannot import boto3"
[[ -f $model_dir/model.onnx ]] || die "no model.onnx in $model_dir"

find_mirror() {
  local dir
  for dir in ${TF_PROVIDER_MIRROR:-} /opt/tf-plugins "$HOME/.terraform.d/plugins" \
    "$HOME/.local/share/terraform/plugins" /usr/local/share/terraform/plugins /usr/share/terraform/plugins; do
    if [[ -d $dir/registry.terraform.io/hashicorp/aws ]]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}
mirror=$(find_mirror) || die "no provider mirror with registry.terraform.io/hashicorp/aws (set TF_PROVIDER_MIRROR)"

work=$(mktemp -d "${TMPDIR:-/tmp}/virtus-tf-emulator.XXXXXX")
moto_pid=""
cleanup() {
  local rc=$?
  if [[ -n $moto_pid ]] && kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f $work/moto.log ]]; then
    log "last lines of moto_server's log:"
    tail -n 20 "$work/moto.log" >&2 || true
  fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then
    log "kept $work"
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- emulator -------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
endpoint="http://127.0.0.1:$port"
# moto_server with a few of its gaps filled as AWS behaves (see moto_shim.py).
python3 "$here/moto_shim.py" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
log "moto_server pid $moto_pid on $endpoint"
for _ in $(seq 1 60); do
  kill -0 "$moto_pid" 2>/dev/null || die "moto_server exited"
  if python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/moto-api/data.json', timeout=1)" "$endpoint" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/moto-api/data.json', timeout=2)" "$endpoint" ||
  die "moto_server not up after 30 s"

# --- offline terraform, test credentials, nothing from the caller's AWS config ---------------
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
touch "$work/aws-config" "$work/aws-credentials"
export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=$region AWS_REGION=$region
export AWS_CONFIG_FILE=$work/aws-config AWS_SHARED_CREDENTIALS_FILE=$work/aws-credentials
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL TF_DATA_DIR TF_WORKSPACE
export VIRTUS_TEST_ENDPOINT=$endpoint VIRTUS_TEST_REGION=$region VIRTUS_TEST_MODEL_DIR=$model_dir

# Fails when terraform printed a warning (deprecated arguments and the like).
no_warnings() {
  if grep -Eqi 'warning|deprecat' "$1"; then
    grep -Ei -B2 -A8 'warning|deprecat' "$1" >&2
    die "$2 printed warnings"
  fi
}

tf() { terraform "$@" -no-color; }

# --- static checks on the committed tree ------------------------------------------------------
log "terraform fmt -check -recursive"
terraform fmt -check -recursive -diff "$tf_root" || die "terraform fmt: files need formatting (run terraform fmt -recursive terraform)"

# A copy, so that .terraform, lock files and states never land in the working tree.
mkdir -p "$work/tf"
tar -C "$tf_root" --exclude=.terraform --exclude=.terraform.lock.hcl --exclude='*.tfstate*' -cf - . | tar -C "$work/tf" -xf -

log "module: init, validate"
(cd "$work/tf" && tf init -backend=false >"$work/module-init.log" && tf validate >"$work/module-validate.log") ||
  { cat "$work/module-init.log" "$work/module-validate.log" >&2 2>/dev/null; die "module init/validate"; }
no_warnings "$work/module-validate.log" "module validate"

# --- fixtures: a stand-in function.zip (never executed) and the tiny stand-in model -----------
printf '#!/bin/sh\necho "stand-in: never invoked by this test" >&2\nexit 1\n' >"$work/bootstrap"
(cd "$work" && python3 -m zipfile -c function.zip bootstrap)

# The existing bucket, created before terraform as its owner would, with EventBridge on.
python3 "$here/check_emulator.py" prepare-existing-bucket virtus-test-existing

for example in "${examples[@]}"; do
  dir=$work/tf/examples/$example
  logs=$work/$example
  mkdir -p "$logs"
  vars=(
    -var "aws_endpoint_url=$endpoint"
    -var "function_zip_path=$work/function.zip"
    -var "model_directory=$model_dir"
    -var "model_file=model.onnx"
    -var "force_destroy=true"
    # moto does not report SnapStart back, so the default jvm mode would never re-plan empty: the
    # applied deployment is native, and the default is checked from a plan below.
    -var "runtime_mode=native"
  )
  case $example in
    new-bucket) vars+=(-var "bucket_name=virtus-test-uploads" -var "artifacts_bucket_name=virtus-test-artifacts"
      -var 'fake_notification_emails=["deepfake-alerts@example.com"]') ;;
    existing-bucket-eventbridge) vars+=(-var "bucket_name=virtus-test-existing" -var 'scan_prefixes=["incoming/"]') ;;
    gpu-service) vars+=(-var "bucket_name=virtus-test-gpu-uploads" -var "artifacts_bucket_name=virtus-test-gpu-artifacts") ;;
  esac

  run_step() { # name, then the terraform arguments; output in $logs/name.log
    local name=$1
    shift
    if ! (cd "$dir" && tf "$@") >"$logs/$name.log" 2>&1; then
      tail -n 60 "$logs/$name.log" >&2
      die "$example: terraform $name"
    fi
  }

  log "$example: init, validate"
  run_step init init
  run_step validate validate
  no_warnings "$logs/validate.log" "$example: validate"

  log "$example: plan"
  run_step plan plan -out=tfplan "${vars[@]}"
  no_warnings "$logs/plan.log" "$example: plan"

  if [[ $example == new-bucket ]]; then
    log "$example: plan in the default jvm mode (java21 + SnapStart) with write_mode both, checked, not applied"
    run_step plan-jvm plan -out=tfplan-jvm "${vars[@]}" -var runtime_mode=jvm -var write_mode=both
    no_warnings "$logs/plan-jvm.log" "$example: plan in jvm mode"
    (cd "$dir" && terraform show -json tfplan-jvm) >"$logs/plan-jvm.json"
    python3 "$here/check_emulator.py" check-jvm-plan "$example" "$logs/plan-jvm.json"

    log "$example: plan with write_mode metadata must be refused (allow_real reads the verdict from tags)"
    if (cd "$dir" && tf plan "${vars[@]}" -var write_mode=metadata) >"$logs/plan-metadata.log" 2>&1; then
      die "$example: allow_real with write_mode metadata was planned"
    fi
    # Terraform wraps long diagnostics: join the lines before looking for the message.
    tr -s '\n ' ' ' <"$logs/plan-metadata.log" | grep -q 'write_mode "metadata" writes none' ||
      { tail -n 40 "$logs/plan-metadata.log" >&2; die "$example: write_mode metadata failed for another reason"; }
  fi
  if [[ $example == existing-bucket-eventbridge ]]; then
    log "$example: plan with write_mode both (copies still scanned), checked, not applied"
    run_step plan-rewrite plan -out=tfplan-rewrite "${vars[@]}" -var write_mode=both
    no_warnings "$logs/plan-rewrite.log" "$example: plan with write_mode both"
    (cd "$dir" && terraform show -json tfplan-rewrite) >"$logs/plan-rewrite.json"
    python3 "$here/check_emulator.py" check-rewrite-plan "$example" "$logs/plan-rewrite.json"
  fi

  log "$example: apply"
  run_step apply apply -auto-approve tfplan
  no_warnings "$logs/apply.log" "$example: apply"

  (cd "$dir" && terraform output -json) >"$logs/outputs.json"
  log "$example: checking the deployment through the emulator's API"
  python3 "$here/check_emulator.py" check "$example" "$logs/outputs.json"

  log "$example: plan again (must be empty)"
  set +e
  (cd "$dir" && tf plan -detailed-exitcode "${vars[@]}") >"$logs/replan.log" 2>&1
  replan=$?
  set -e
  if [[ $replan -ne 0 ]]; then
    tail -n 80 "$logs/replan.log" >&2
    die "$example: a second plan is not empty (exit $replan)"
  fi

  log "$example: destroy"
  run_step destroy destroy -auto-approve "${vars[@]}"
  no_warnings "$logs/destroy.log" "$example: destroy"
  python3 "$here/check_emulator.py" check-destroyed "$example" "$logs/outputs.json"
done

log "PASS: ${#examples[@]} examples applied, checked and destroyed in $((SECONDS - started)) s"
