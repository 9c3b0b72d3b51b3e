// The per-step parameters the graph reads from a small device buffer rather than from push
// constants, so that a recorded decode step can be replayed token after token unchanged.
#ifndef GLM_STEP_GLSL
#define GLM_STEP_GLSL

// step[0] = cache index of this step's first token (tokens already in the KV cache)
// step[1] = tokens in this step
// step[2] = bidirectional prefix: keys j < prefix are visible to every query (GLM1's context
//           before <sop>); 0 for causal models
// step[4 + 2t], step[5 + 2t] = rotary position and block position of token t
const uint STEP_PAST = 0;
const uint STEP_TOKENS = 1;
const uint STEP_PREFIX = 2;
const uint STEP_POSITIONS = 4;

#endif
