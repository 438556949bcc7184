#!/usr/bin/env bash
# One GPU session of the paper profile: fits in one 10-minute device call.
#
#   1. check that the project imports from the repository root (no install: the machine has
#      every dependency and no network, and an editable install would need one);
#   2. choose the training engine (benchmarks/choose_engine.py, within ENGINE_CHECK_S): triton if it
#      imports here, passes check_against_fused on the IMP stages' own sizes and is faster than fused
#      at every paper stage size, else fused; exported as LTH_ENGINE (the stages keep their configured
#      folders and hashes and record the engine of each round in engine.json), and benchmark it;
#   3. compute nl-imp and hh-imp side by side (two processes: they are independent and the GPU
#      is nearly idle at K = 20 and 4), then the stages that need them, until STAGE_BUDGET_S, going
#      on from the round files that earlier sessions packed into results/paper/ (require()
#      unpacks them first);
#   4. pack every stage, finished or not, into $OUT/paper (archives of <= 16 MiB and
#      provenance.json) for the next session to commit under results/paper/;
#   5. print a one-screen summary.
#
# A stage cut by the budget is not a failure (its saved rounds resume next time); a stage or
# the benchmark that fails otherwise makes the script exit 1, after packing what there is.
#
# What comes back must stay within the device's 8 files: the nl-imp archive needs two parts
# (about 20 MiB at 231 rounds x 14 arms), the other five stages one each, and provenance.json.
# So the benchmark and stage logs go to $LOGS (not under $OUT) and their tails to stdout.
#
# Usage on the device machine:  LTH_COMMIT=<sha> bash scripts/gpu_paper_run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/lth-out}
LOGS=${LOGS:-/tmp/lth-logs}
export LTH_CACHE_DIR=${LTH_CACHE_DIR:-/tmp/lth-cache}
STAGE_BUDGET_S=${STAGE_BUDGET_S:-400}
BENCH_S=${BENCH_S:-45}
ENGINE_CHECK_S=${ENGINE_CHECK_S:-120}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT/paper" "$LTH_CACHE_DIR" "$LOGS"
start=$(date +%s)
failed=()

python3 -c "import torch, empirical.hnn.fused, lth_verify.cli; assert torch.cuda.is_available(), 'no CUDA device'"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || echo "(nvidia-smi unavailable)"

# the engine: triton only where it is checked against fused on this device and faster; the choice
# is the last line of the chooser's stdout (anything else, a timeout or a failure leaves the configured
# fused; a failure other than the timeout also fails the run, after the stages)
engine_rc=0
engine=$(timeout "$ENGINE_CHECK_S" python3 -m benchmarks.choose_engine --device cuda --steps 500 \
    2>"$LOGS/engine.log") || engine_rc=$?
engine=${engine##*$'\n'}
if (( engine_rc != 0 )) || [[ $engine != fused && $engine != triton ]]; then
    echo "no engine chosen (exit $engine_rc): the configured fused" >>"$LOGS/engine.log"
    engine=fused
fi
if (( engine_rc != 0 && engine_rc != 124 )); then
    failed+=("engine-check")
fi
export LTH_ENGINE=$engine
echo "training engine: $LTH_ENGINE (chooser exit $engine_rc; details in $LOGS/engine.log)"
BENCH_ENGINES=${BENCH_ENGINES:-$LTH_ENGINE}

# only what the run uses: the paper stages' engine at their sizes (no compile, no K = 924)
# shellcheck disable=SC2086  # BENCH_ENGINES is a list of words
if ! timeout "$BENCH_S" python3 -m benchmarks.imp_engine --device cuda --steps 500 --engines $BENCH_ENGINES \
        --sizes nl-oscillator:20 henon-heiles:4 >"$LOGS/benchmark.log" 2>&1; then
    failed+=("benchmark")
fi

left() { echo $(( STAGE_BUDGET_S - ($(date +%s) - start) )); }

# Run `lth-verify stages --profile paper ARGS...` for what is left of the budget: --budget-s
# stops starting new stages 30 s before the end, timeout cuts the running one (its saved
# rounds survive).  Status 0 done, 3 budget spent before a stage, 124 cut by the budget.
stages() {
    local name=$1 budget
    shift
    budget=$(left)
    if (( budget <= 30 )); then
        echo "lth-verify: $budget s of the budget left; $name not started" >"$LOGS/$name.log"
        return 0
    fi
    local rc=0
    timeout --signal=INT "$budget" python3 -m lth_verify.cli stages --profile paper "$@" \
        --budget-s "$(( budget - 30 ))" >"$LOGS/$name.log" 2>&1 || rc=$?
    case $rc in
        0|3|124) return 0 ;;
        *) echo "lth-verify stages $* exited $rc" >>"$LOGS/$name.log"; return "$rc" ;;
    esac
}

stages nl-imp --only nl-imp & nl=$!
stages hh-imp --only hh-imp & hh=$!
wait "$nl" || failed+=("nl-imp")
wait "$hh" || failed+=("hh-imp")
stages rest || failed+=("rest")   # the stages that need nl-imp or hh-imp

python3 -m lth_verify.cli pack --profile paper --out "$OUT/paper" >"$LOGS/pack.log" 2>&1 || failed+=("pack")

echo "== engine: $LTH_ENGINE"; tail -n 8 "$LOGS/engine.log"
echo "== benchmark";  tail -n 6 "$LOGS/benchmark.log"
for name in nl-imp hh-imp rest; do
    echo "== stages $name"; tail -n 4 "$LOGS/$name.log"
done
echo "== pack";       tail -n 9 "$LOGS/pack.log"
echo "session wall time: $(( $(date +%s) - start )) s; logs in $LOGS"
if (( ${#failed[@]} )); then
    echo "FAILED: ${failed[*]}"
    exit 1
fi
