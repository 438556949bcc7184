#!/usr/bin/env bash
# One GPU session of the paper profile: fits in one 10-minute device call.
#
#   1. install the project (no network there: the machine already has every dependency);
#   2. benchmark the engines (µs per step side by side, projected stage times);
#   3. compute paper stages until STAGE_BUDGET_S, going on from the round files that earlier
#      sessions packed into results/paper/ (require() unpacks them first);
#   4. pack every stage, finished or not, into $OUT/paper (archives of <= 16 MiB and
#      provenance.json) for the next session to commit under results/paper/.
#
# What comes back must stay within the device's 8 files: the nl-imp archive needs two parts
# (about 20 MiB at 231 rounds x 14 arms), the other five stages one each, and provenance.json.
# So the benchmark and stage output go to stdout only (the device returns its tail).
#
# Usage on the device machine:  LTH_COMMIT=<sha> bash scripts/gpu_paper_run.sh
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/lth-out}
export LTH_CACHE_DIR=${LTH_CACHE_DIR:-/tmp/lth-cache}
STAGE_BUDGET_S=${STAGE_BUDGET_S:-400}
mkdir -p "$OUT/paper" "$LTH_CACHE_DIR"
start=$(date +%s)
pip install --no-deps -q -e . 2>&1 | tail -1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
timeout 60 python3 -m benchmarks.imp_engine --device cuda --steps 500 --engines eager eager+graph fused \
    2>&1
timeout 90 python3 -m benchmarks.imp_engine --device cuda --steps 500 --sizes nl-oscillator:14 \
    2>&1
left=$(( STAGE_BUDGET_S - ($(date +%s) - start) ))
# --budget-s stops starting new stages; timeout cuts the running one (its saved rounds survive)
timeout --signal=INT "$left" python3 -m lth_verify.cli stages --profile paper --budget-s "$(( left - 30 ))" \
    2>&1 | tail -20
python3 -m lth_verify.cli pack --profile paper --out "$OUT/paper" 2>&1
echo "session wall time: $(( $(date +%s) - start )) s"
