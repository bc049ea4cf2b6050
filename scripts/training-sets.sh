# Sourced by the scripts that train: sets `training_sets` to the `canhgiac train` arguments
# that add the repository's training sets to a --data corpus, counted twice as much: every
# data/authored-*.jsonl, and every data/typing-*.jsonl for the type and red-flag heads only.
# Run from the workspace root.
training_sets=(--data-weight 2)
# `if`, not `&&`: with no file to match, the script still ends with status 0.
for f in data/authored-*.jsonl; do if [ -e "$f" ]; then training_sets+=(--extra "$f"); fi; done
for f in data/typing-*.jsonl; do if [ -e "$f" ]; then training_sets+=(--typing "$f"); fi; done
