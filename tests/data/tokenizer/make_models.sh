#!/usr/bin/env bash
# Builds the small SentencePiece models the tokenizer tests use, from corpus.txt (mixed Chinese,
# English and code written for these tests). They have the structure of the real GLM tokenizers,
# not their vocabulary:
#   glm1_test.model  like ChatGLM-6B's ice_text.model: <unk> <s> </s> <pad>=3, then <n>, the eight
#                    GLM special pieces, <|tab|> and <|blank_2|>..<|blank_80|> as user-defined pieces
#                    in the real order (so blank_k = tab + k - 1, as in the real file), 256 byte
#                    pieces, a unigram vocabulary.
#   glm2_test.model  like ChatGLM2/3-6B's tokenizer.model: <unk>=0 <s>=1 </s>=2, the byte pieces at
#                    3..258 (so "\n" is 13 and "\t" is 12, as in the real file), a BPE vocabulary with
#                    digits split. The GLM2/3 special tokens live outside the SentencePiece model.
# Both use identity normalization and keep whitespace runs (remove_extra_whitespaces=false), with a
# dummy-prefix "▁" like the real ones.
# Needs spm_train (Debian package "sentencepiece"). Run from anywhere; writes next to this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

glm1_symbols="<n>,[MASK],[gMASK],[sMASK],<unused_0>,<sop>,<eop>,<ENC>,<dBLOCK>,<|tab|>"
for k in $(seq 2 80); do glm1_symbols="$glm1_symbols,<|blank_$k|>"; done

# Train inside the scratch folder with relative paths: the model records its input and prefix, and
# the same inputs must give byte-identical files.
cp "$here/corpus.txt" "$work/"
cd "$work"
common=(--input=corpus.txt --character_coverage=1.0 --normalization_rule_name=identity
        --byte_fallback=true --remove_extra_whitespaces=false --num_threads=1 --minloglevel=2)

spm_train "${common[@]}" --model_prefix=glm1_test --model_type=unigram --vocab_size=1200 \
    --hard_vocab_limit=false --pad_id=3 --user_defined_symbols="$glm1_symbols"
spm_train "${common[@]}" --model_prefix=glm2_test --model_type=bpe --vocab_size=1100 \
    --split_digits=true

cp "$work/glm1_test.model" "$work/glm2_test.model" "$here/"
echo "wrote $here/glm1_test.model $here/glm2_test.model"
